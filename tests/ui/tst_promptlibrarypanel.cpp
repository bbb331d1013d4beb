// SPDX-License-Identifier: GPL-3.0-or-later
// The prompt library panel on a real SQLite file.
#include "app/prompts/promptlibrarymodel.h"
#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "ui/sidebar/promptlibrarypanel.h"

#include "widgettesthelpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Ui::PromptLibraryPanel;
using WidgetTest::child;

namespace {

constexpr int TimeoutMs = 5000;

QStringList names(const PromptLibraryPanel &panel)
{
    QStringList result;
    for (int row = 0; row < panel.model()->rowCount(); ++row) {
        result.append(panel.model()->index(row).data().toString());
    }
    return result;
}

} // namespace

class TestPromptLibraryPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void searchesAndFilters();
    void insertsTheNewestVersion();
    void savesTheComposerAsANewVersion();
    void savesTheComposerAsANewPrompt();
    void everyControlIsNamed();

private:
    qint64 m_alpha = 0;
    qint64 m_beta = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PromptStore> m_store;
};

void TestPromptLibraryPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"prompt-panel"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_store = std::make_unique<PromptStore>(m_database->connection());
    Prompt alpha;
    alpha.name = u"Alpha review"_s;
    alpha.folder = u"Code"_s;
    alpha.tags = {u"code"_s};
    PromptVersion alphaText;
    alphaText.systemText = u"You review code."_s;
    alphaText.userText = u"Review this diff: {{diff}}"_s;
    const auto createdAlpha = m_store->create(alpha, alphaText);
    QVERIFY(createdAlpha);
    m_alpha = createdAlpha->id;
    Prompt beta;
    beta.name = u"Beta summary"_s;
    beta.folder = u"Writing"_s;
    beta.tags = {u"writing"_s};
    beta.favourite = true;
    PromptVersion betaText;
    betaText.userText = u"Summarise the meeting notes."_s;
    const auto createdBeta = m_store->create(beta, betaText);
    QVERIFY(createdBeta);
    m_beta = createdBeta->id;
}

void TestPromptLibraryPanel::cleanup()
{
    m_store.reset();
    m_database.reset();
}

void TestPromptLibraryPanel::searchesAndFilters()
{
    PromptLibraryPanel panel(*m_store);
    QCOMPARE(names(panel), (QStringList {u"Alpha review"_s, u"Beta summary"_s}));

    auto *search = child<QLineEdit>(&panel, u"Search prompts"_s);
    QTest::keyClicks(search, u"summ"_s);
    QTRY_COMPARE_WITH_TIMEOUT(names(panel), QStringList {u"Beta summary"_s}, TimeoutMs);
    search->clear();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 2, TimeoutMs);

    auto *tag = child<QComboBox>(&panel, u"Filter by tag"_s);
    QCOMPARE(tag->count(), 3);
    tag->setCurrentIndex(tag->findText(u"code"_s));
    QCOMPARE(names(panel), QStringList {u"Alpha review"_s});
    tag->setCurrentIndex(0);

    auto *folder = child<QComboBox>(&panel, u"Filter by folder"_s);
    folder->setCurrentIndex(folder->findText(u"Writing"_s));
    QCOMPARE(names(panel), QStringList {u"Beta summary"_s});
    folder->setCurrentIndex(0);

    child<QCheckBox>(&panel, u"Show favourites only"_s)->setChecked(true);
    QCOMPARE(names(panel), QStringList {u"Beta summary"_s});
}

void TestPromptLibraryPanel::insertsTheNewestVersion()
{
    PromptLibraryPanel panel(*m_store);
    auto *insert = child<QPushButton>(&panel, u"Insert the prompt into the composer"_s);
    QVERIFY(!insert->isEnabled());
    QSignalSpy inserted(&panel, &PromptLibraryPanel::insertRequested);
    QVERIFY(panel.selectPrompt(m_alpha));
    QVERIFY(insert->isEnabled());
    insert->click();
    QCOMPARE(inserted.size(), 1);
    const auto version = inserted.constFirst().at(0).value<PromptVersion>();
    QCOMPARE(version.userText, u"Review this diff: {{diff}}"_s);
    QCOMPARE(version.systemText, u"You review code."_s);
    QCOMPARE(inserted.constFirst().at(1).toString(), u"Alpha review"_s);

    // Enter on the list inserts too: the panel works from the keyboard.
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.view()->setFocus();
    QVERIFY(panel.selectPrompt(m_beta));
    QTest::keyClick(panel.view(), Qt::Key_Return);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.constLast().at(0).value<PromptVersion>().userText, u"Summarise the meeting notes."_s);
}

void TestPromptLibraryPanel::savesTheComposerAsANewVersion()
{
    PromptLibraryPanel panel(*m_store);
    auto *save = child<QPushButton>(&panel, u"Save the composer's prompt as a new version of the selected prompt"_s);
    QVERIFY(panel.selectPrompt(m_alpha));
    QVERIFY(!save->isEnabled());
    PromptVersion draft;
    draft.systemText = u"You review code carefully."_s;
    draft.userText = u"Review this diff for bugs: {{diff}}"_s;
    panel.setDraftSource([&draft] {
        return draft;
    });
    QVERIFY(save->isEnabled());
    save->click();
    QVERIFY2(panel.statusText().contains(u"version 2"_s), qPrintable(panel.statusText()));
    const auto newest = m_store->version(m_alpha);
    QCOMPARE(newest->number, 2);
    QCOMPARE(newest->userText, draft.userText);
    QCOMPARE(m_store->version(m_alpha, 1)->userText, u"Review this diff: {{diff}}"_s);
    QCOMPARE(panel.selectedPromptId(), m_alpha);

    // The same text again adds nothing.
    save->click();
    QCOMPARE(m_store->version(m_alpha)->number, 2);
    QVERIFY(panel.statusText().contains(u"unchanged"_s));

    draft = {};
    QVERIFY(!panel.saveDraftAsVersion());
    QVERIFY(panel.statusText().contains(u"empty"_s));
}

void TestPromptLibraryPanel::savesTheComposerAsANewPrompt()
{
    PromptLibraryPanel panel(*m_store);
    QVERIFY(!child<QPushButton>(&panel, u"Save the composer's prompt as a new prompt"_s)->isEnabled());
    panel.setDraftSource([] {
        PromptVersion draft;
        draft.userText = u"Translate {{text}} into French."_s;
        return draft;
    });
    QVERIFY(child<QPushButton>(&panel, u"Save the composer's prompt as a new prompt"_s)->isEnabled());
    QVERIFY(panel.saveDraftAsNewPrompt(u"Gamma translate"_s));
    const auto created = m_store->findByName(u"Gamma translate"_s);
    QVERIFY(created);
    QCOMPARE(m_store->version(created->id)->userText, u"Translate {{text}} into French."_s);
    QCOMPARE(panel.model()->rowCount(), 3);
    QCOMPARE(panel.selectedPromptId(), created->id);

    QVERIFY(!panel.saveDraftAsNewPrompt(u"Alpha review"_s));
    QVERIFY(!panel.statusText().isEmpty());
    QCOMPARE(m_store->count(), 3);
}

void TestPromptLibraryPanel::everyControlIsNamed()
{
    PromptLibraryPanel panel(*m_store);
    const QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&panel);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestPromptLibraryPanel)
#include "tst_promptlibrarypanel.moc"
