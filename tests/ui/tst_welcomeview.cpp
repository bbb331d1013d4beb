// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run view and the providers panel: which presets have keys, from a key store with no
// keychain behind it (keys for this session only) and from environment variables.
#include "app/catalog/presetcatalog.h"
#include "app/models/modellibrary.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keyoverview.h"
#include "app/secrets/keystore.h"
#include "ui/sidebar/providerspanel.h"
#include "ui/welcome/welcomeview.h"

#include "widgettesthelpers.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Ui::ProvidersPanel;
using Juxta::Ui::WelcomeView;
using WidgetTest::child;

namespace {

constexpr int TimeoutMs = 15000;
const QByteArray EnvironmentKey = "sk-env-W3lc0meT3stK3yNotReal0123456789";
const QString StoredKey = u"sk-ant-St0redT3stK3yNotReal0123456789abcd"_s;

QTreeWidgetItem *providerRow(ProvidersPanel &panel, const QString &name)
{
    const auto found = panel.list()->findItems(name, Qt::MatchExactly, 0);
    return found.isEmpty() ? nullptr : found.constFirst();
}

} // namespace

class TestWelcomeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void firstRunWithNothing();
    void noticesEnvironmentKeys();
    void aStoredKeyEndsTheFirstRun();
    void aModelEndsTheFirstRun();
    void buttonsAskForTheNextStep();
    void providersPanelShowsWhereKeysComeFrom();
    void everyControlIsNamed();

private:
    void refresh();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<KeyStore> m_store;
    std::unique_ptr<ApiKeys> m_keys;
    std::unique_ptr<KeyOverview> m_overview;
    std::unique_ptr<ModelLibrary> m_library;
};

void TestWelcomeView::init()
{
    // Only the variable a test sets may hold a key.
    const PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    for (const auto &preset : catalog.presets()) {
        if (!preset.keyEnvironmentVariable.isEmpty()) {
            qunsetenv(preset.keyEnvironmentVariable.toLocal8Bit().constData());
        }
    }
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<KeyStore>();
    m_keys = std::make_unique<ApiKeys>(m_store.get());
    m_overview = std::make_unique<KeyOverview>(*m_keys);
    m_library = std::make_unique<ModelLibrary>(m_dir->filePath(u"models"_s));
    QSignalSpy refreshed(m_overview.get(), &KeyOverview::refreshed);
    m_overview->setPresets(PresetCatalog::builtIn(QProcessEnvironment()).presets());
    QVERIFY(refreshed.wait(TimeoutMs));
}

void TestWelcomeView::cleanup()
{
    qunsetenv("OPENAI_API_KEY");
    m_overview.reset();
    m_keys.reset();
    m_store.reset();
}

void TestWelcomeView::refresh()
{
    QSignalSpy refreshed(m_overview.get(), &KeyOverview::refreshed);
    m_overview->refresh();
    QVERIFY(refreshed.wait(TimeoutMs));
}

void TestWelcomeView::firstRunWithNothing()
{
    QAbstractItemModelTester tester(m_overview.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m_overview->rowCount() > 10);
    for (int row = 0; row < m_overview->rowCount(); ++row) {
        QVERIFY(m_overview->index(row).data(KeyOverview::ResolvedRole).toBool());
        QVERIFY(m_overview->index(row).data(KeyOverview::PresetIdRole).toString() != u"local"_s);
    }
    QVERIFY(!m_overview->hasAnyKey());
    QVERIFY(!m_overview->hasStoredKey());
    WelcomeView view(*m_overview, *m_library);
    QVERIFY(view.isNeeded());
    QVERIFY(view.detectedKeysText().isEmpty());
    QVERIFY(child<QPushButton>(&view, u"Start with the keys found in the environment"_s)->isHidden());
}

void TestWelcomeView::noticesEnvironmentKeys()
{
    WelcomeView view(*m_overview, *m_library);
    qputenv("OPENAI_API_KEY", EnvironmentKey);
    refresh();
    QVERIFY(m_overview->presetsWithEnvironmentKeys().contains(u"openai"_s));
    QCOMPARE(m_overview->source(u"openai"_s), KeySource::Environment);
    QVERIFY(m_overview->hasAnyKey());
    // A key in the environment is noticed, but the choice stays with the user.
    QVERIFY(view.isNeeded());
    QVERIFY2(view.detectedKeysText().contains(u"OPENAI_API_KEY"_s), qPrintable(view.detectedKeysText()));
    QCOMPARE(view.detectedKeysText().count(u"OPENAI_API_KEY"_s), 1);
    QVERIFY(!view.detectedKeysText().contains(QString::fromLatin1(EnvironmentKey)));
    auto *start = child<QPushButton>(&view, u"Start with the keys found in the environment"_s);
    QVERIFY(!start->isHidden());
    QSignalSpy started(&view, &WelcomeView::startRequested);
    start->click();
    QCOMPARE(started.size(), 1);
}

void TestWelcomeView::aStoredKeyEndsTheFirstRun()
{
    WelcomeView view(*m_overview, *m_library);
    QSignalSpy written(m_store.get(), &KeyStore::writeFinished);
    m_store->write(u"anthropic"_s, StoredKey);
    QVERIFY(written.wait(TimeoutMs));
    refresh();
    QVERIFY(m_overview->hasStoredKey());
    QVERIFY(!view.isNeeded());
}

void TestWelcomeView::aModelEndsTheFirstRun()
{
    WelcomeView view(*m_overview, *m_library);
    QVERIFY(view.isNeeded());
    QString error;
    QVERIFY2(m_library->add(QStringLiteral(JUXTA_TINY_GGUF), ModelLibrary::AddMode::Reference, &error),
        qPrintable(error));
    QVERIFY(!view.isNeeded());
}

void TestWelcomeView::buttonsAskForTheNextStep()
{
    WelcomeView view(*m_overview, *m_library);
    QSignalSpy addKey(&view, &WelcomeView::addKeyRequested);
    QSignalSpy download(&view, &WelcomeView::downloadModelRequested);
    QSignalSpy open(&view, &WelcomeView::openModelRequested);
    child<QPushButton>(&view, u"Add an API key"_s)->click();
    child<QPushButton>(&view, u"Download a starter model"_s)->click();
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *openButton = child<QPushButton>(&view, u"Open a GGUF file"_s);
    openButton->setFocus();
    QTest::keyClick(openButton, Qt::Key_Space);
    QCOMPARE(addKey.size(), 1);
    QCOMPARE(download.size(), 1);
    QCOMPARE(open.size(), 1);
}

void TestWelcomeView::providersPanelShowsWhereKeysComeFrom()
{
    ProvidersPanel panel(*m_overview);
    QCOMPARE(panel.list()->topLevelItemCount(), m_overview->rowCount());
    QTreeWidgetItem *openai = providerRow(panel, u"OpenAI"_s);
    QVERIFY(openai);
    QCOMPARE(openai->text(1), u"No key"_s);

    qputenv("OPENAI_API_KEY", EnvironmentKey);
    QSignalSpy written(m_store.get(), &KeyStore::writeFinished);
    m_store->write(u"anthropic"_s, StoredKey);
    QVERIFY(written.wait(TimeoutMs));
    refresh();
    openai = providerRow(panel, u"OpenAI"_s);
    QCOMPARE(openai->text(1), u"Key from OPENAI_API_KEY"_s);
    QTreeWidgetItem *anthropic = providerRow(panel, u"Anthropic"_s);
    QVERIFY(anthropic);
    QVERIFY2(anthropic->text(1).contains(u"session"_s), qPrintable(anthropic->text(1)));
    for (int row = 0; row < panel.list()->topLevelItemCount(); ++row) {
        QVERIFY(!panel.list()->topLevelItem(row)->text(1).contains(StoredKey.right(8)));
        QVERIFY(!panel.list()->topLevelItem(row)->text(1).contains(QString::fromLatin1(EnvironmentKey.right(8))));
    }

    QSignalSpy manage(&panel, &ProvidersPanel::manageRequested);
    panel.list()->setCurrentItem(anthropic);
    child<QPushButton>(&panel, u"Open the Providers dialog"_s)->click();
    QCOMPARE(manage.size(), 1);
    QCOMPARE(manage.constFirst().at(0).toString(), u"anthropic"_s);
}

void TestWelcomeView::everyControlIsNamed()
{
    WelcomeView view(*m_overview, *m_library);
    QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&view);
    ProvidersPanel panel(*m_overview);
    unnamed += WidgetTest::controlsWithoutAccessibleName(&panel);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestWelcomeView)
#include "tst_welcomeview.moc"
