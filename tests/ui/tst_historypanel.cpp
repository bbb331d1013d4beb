// SPDX-License-Identifier: GPL-3.0-or-later
// The history panel on a real SQLite file.
#include "app/runs/runhistorymodel.h"
#include "app/storage/database.h"
#include "app/storage/runstore.h"
#include "ui/sidebar/historypanel.h"

#include "widgettesthelpers.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Ui::HistoryPanel;
using WidgetTest::child;

namespace {

constexpr int TimeoutMs = 5000;

QStringList prompts(const HistoryPanel &panel)
{
    QStringList result;
    for (int row = 0; row < panel.model()->rowCount(); ++row) {
        result.append(panel.model()->index(row).data(RunHistoryModel::PromptTextRole).toString());
    }
    return result;
}

} // namespace

class TestHistoryPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void browsesSearchesAndFilters();
    void asksToReopenAndRerun();
    void deletesARun();
    void exportsJsonAndMarkdown();
    void everyControlIsNamed();

private:
    qint64 save(const QString &prompt, const QString &preset, const QString &model, const QString &output, int daysAgo);

    QList<qint64> m_ids;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RunStore> m_store;
};

qint64 TestHistoryPanel::save(
    const QString &prompt, const QString &preset, const QString &model, const QString &output, int daysAgo)
{
    RunRecord run;
    run.createdAt = QDateTime::currentDateTimeUtc().addDays(-daysAgo).addSecs(-int(m_ids.size()));
    run.promptText = prompt;
    RunPane pane;
    pane.presetId = preset;
    pane.modelRequested = model;
    pane.output = output;
    run.panes = {pane};
    const auto saved = m_store->save(run);
    return saved ? *saved : 0;
}

void TestHistoryPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"history-panel"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_store = std::make_unique<RunStore>(m_database->connection());
    m_ids.clear();
    m_ids.append(save(u"Explain RAII"_s, u"openai"_s, u"gpt-4.1-mini"_s, u"Resources tied to lifetimes."_s, 0));
    m_ids.append(save(u"Write a haiku"_s, u"anthropic"_s, u"claude-haiku-4-5"_s, u"Autumn moonlight"_s, 3));
    m_ids.append(save(u"Old question"_s, u"openai"_s, u"gpt-4o"_s, u"An answer from long ago"_s, 90));
    QVERIFY(!m_ids.contains(0));
}

void TestHistoryPanel::cleanup()
{
    m_store.reset();
    m_database.reset();
}

void TestHistoryPanel::browsesSearchesAndFilters()
{
    HistoryPanel panel(*m_store);
    QCOMPARE(prompts(panel), (QStringList {u"Explain RAII"_s, u"Write a haiku"_s, u"Old question"_s}));

    auto *search = child<QLineEdit>(&panel, u"Search the history"_s);
    QTest::keyClicks(search, u"moonl"_s);
    QTRY_COMPARE_WITH_TIMEOUT(prompts(panel), QStringList {u"Write a haiku"_s}, TimeoutMs);
    search->clear();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 3, TimeoutMs);

    auto *model = child<QComboBox>(&panel, u"Filter by model"_s);
    QCOMPARE(model->count(), 4);
    model->setCurrentIndex(model->findText(u"gpt-4o"_s));
    QCOMPARE(prompts(panel), QStringList {u"Old question"_s});
    model->setCurrentIndex(0);

    auto *provider = child<QComboBox>(&panel, u"Filter by provider"_s);
    provider->setCurrentIndex(provider->findText(u"openai"_s));
    QCOMPARE(prompts(panel), (QStringList {u"Explain RAII"_s, u"Old question"_s}));

    auto *period = child<QComboBox>(&panel, u"Filter by date"_s);
    period->setCurrentIndex(period->findData(int(HistoryPanel::Period::PastMonth)));
    QCOMPARE(prompts(panel), QStringList {u"Explain RAII"_s});
    provider->setCurrentIndex(0);
    QCOMPARE(prompts(panel), (QStringList {u"Explain RAII"_s, u"Write a haiku"_s}));
    period->setCurrentIndex(period->findData(int(HistoryPanel::Period::Today)));
    QCOMPARE(prompts(panel), QStringList {u"Explain RAII"_s});
}

void TestHistoryPanel::asksToReopenAndRerun()
{
    HistoryPanel panel(*m_store);
    QSignalSpy reopen(&panel, &HistoryPanel::reopenRequested);
    QSignalSpy rerun(&panel, &HistoryPanel::rerunRequested);
    auto *reopenButton = child<QPushButton>(&panel, u"Re-open the run in the workspace"_s);
    auto *rerunButton = child<QPushButton>(&panel, u"Run the same prompt again"_s);
    QVERIFY(!reopenButton->isEnabled());
    QVERIFY(panel.selectRun(m_ids.at(1)));
    reopenButton->click();
    rerunButton->click();
    QCOMPARE(reopen.size(), 1);
    QCOMPARE(reopen.constFirst().at(0).toLongLong(), m_ids.at(1));
    QCOMPARE(rerun.size(), 1);
    QCOMPARE(rerun.constFirst().at(0).toLongLong(), m_ids.at(1));

    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.view()->setFocus();
    QVERIFY(panel.selectRun(m_ids.at(2)));
    QTest::keyClick(panel.view(), Qt::Key_Return);
    QCOMPARE(reopen.size(), 2);
    QCOMPARE(reopen.constLast().at(0).toLongLong(), m_ids.at(2));
}

void TestHistoryPanel::deletesARun()
{
    HistoryPanel panel(*m_store);
    QVERIFY(!panel.deleteSelected());
    QVERIFY(panel.selectRun(m_ids.at(0)));
    QVERIFY(panel.deleteSelected());
    QCOMPARE(panel.model()->rowCount(), 2);
    QVERIFY(!m_store->run(m_ids.at(0)));
    QCOMPARE(m_store->count(), 2);
    // The model filter no longer offers a model no run used.
    QCOMPARE(child<QComboBox>(&panel, u"Filter by model"_s)->findText(u"gpt-4.1-mini"_s), -1);
}

void TestHistoryPanel::exportsJsonAndMarkdown()
{
    HistoryPanel panel(*m_store);
    const QString jsonPath = m_dir->filePath(u"run.json"_s);
    QVERIFY(panel.exportRun(m_ids.at(1), jsonPath, HistoryPanel::ExportFormat::Json));
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject exported = QJsonDocument::fromJson(json.readAll()).object();
    QVERIFY(!exported.isEmpty());
    QVERIFY(QJsonDocument(exported).toJson().contains("Autumn moonlight"));

    const QString markdownPath = m_dir->filePath(u"run.md"_s);
    QVERIFY(panel.exportRun(m_ids.at(1), markdownPath, HistoryPanel::ExportFormat::Markdown));
    QFile markdown(markdownPath);
    QVERIFY(markdown.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(markdown.readAll());
    QVERIFY(text.contains(u"Write a haiku"_s));
    QVERIFY(text.contains(u"Autumn moonlight"_s));
    QVERIFY(panel.statusText().contains(u"run.md"_s));

    QVERIFY(!panel.exportRun(m_ids.at(1),
        m_dir->filePath(u"missing/folder/run.md"_s),
        HistoryPanel::ExportFormat::Markdown));
    QVERIFY(panel.statusText().startsWith(u"Cannot write"_s));
    QVERIFY(!panel.exportRun(987654, markdownPath, HistoryPanel::ExportFormat::Markdown));
}

void TestHistoryPanel::everyControlIsNamed()
{
    HistoryPanel panel(*m_store);
    const QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&panel);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
