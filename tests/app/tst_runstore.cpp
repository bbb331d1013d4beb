// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runexport.h"
#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"
#include "storagetesthelpers.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

RunPane pane(int index, const QString &preset, const QString &model, const QString &output)
{
    RunPane p;
    p.paneIndex = index;
    p.presetId = preset;
    p.endpointHost = preset + u".example"_s;
    p.modelRequested = model;
    p.modelAnswered = model + u"-2026"_s;
    p.output = output;
    p.finishReason = u"stop"_s;
    p.parameters = QJsonObject {{u"temperature"_s, 0.5}};
    p.conversation = QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, u"question"_s}},
        QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, output}}};
    return p;
}

RunRecord runAt(const QDateTime &when, const QString &prompt, const QList<RunPane> &panes)
{
    RunRecord run;
    run.createdAt = when;
    run.promptText = prompt;
    run.panes = panes;
    return run;
}

} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void keepsEverythingAboutARun();
    void listsNewestFirstAndFilters();
    void searchesPromptsAndOutputs();
    void deletesARunWithItsPanesAndIndex();
    void aReRunRemembersItsOriginal();
    void aggregatesPerModel();
    void exportsMarkdownAndJson();
    void keepsRunsWhenTheirPromptIsDeleted();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<RunStore> m_runs;
};

void TestRunStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"runs"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_runs = std::make_unique<RunStore>(m_database->connection());
}

void TestRunStore::cleanup()
{
    m_runs.reset();
    m_database.reset();
    m_dir.reset();
}

void TestRunStore::keepsEverythingAboutARun()
{
    RunRecord run = runAt(QDateTime::currentDateTimeUtc(), u"Explain monads"_s, {});
    run.systemText = u"Be brief."_s;
    run.variables = QJsonObject {{u"topic"_s, u"monads"_s}};
    RunPane first = pane(0, u"openai"_s, u"gpt-5-mini"_s, u"A monad is…"_s);
    first.reasoning = u"thinking about burritos"_s;
    first.toolCalls =
        QJsonArray {QJsonObject {{u"id"_s, u"c1"_s}, {u"name"_s, u"lookup"_s}, {u"arguments"_s, u"{}"_s}}};
    first.annotations = QJsonArray {QJsonObject {{u"hate"_s, QJsonObject {{u"filtered"_s, false}}}}};
    first.responseId = u"resp_1"_s;
    first.metrics.ttftMs = 321;
    first.metrics.totalMs = 1500;
    first.metrics.inputTokens = 12;
    first.metrics.outputTokens = 80;
    first.metrics.tokensPerSecond = 55.5;
    first.metrics.costUsd = 0.0012;
    first.metrics.estimated = {u"input_tokens"_s};
    RunPane second = pane(1, u"anthropic"_s, u"claude"_s, QString());
    second.finishReason.clear();
    second.errorKind = u"rate_limited"_s;
    second.errorMessage = u"Slow down"_s;
    run.panes = {first, second};

    const auto saved = m_runs->save(run);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    const auto loaded = m_runs->run(*saved);
    QVERIFY(loaded);
    QCOMPARE(loaded->promptText, run.promptText);
    QCOMPARE(loaded->systemText, run.systemText);
    QCOMPARE(loaded->variables, run.variables);
    QVERIFY(!loaded->promptVersionId);
    QCOMPARE(loaded->createdAt.toMSecsSinceEpoch(), run.createdAt.toMSecsSinceEpoch());
    QCOMPARE(loaded->panes.size(), 2);
    const RunPane &a = loaded->panes[0];
    QCOMPARE(a.endpointHost, u"openai.example"_s);
    QCOMPARE(a.modelAnswered, u"gpt-5-mini-2026"_s);
    QCOMPARE(a.parameters, first.parameters);
    QCOMPARE(a.conversation, first.conversation);
    QCOMPARE(a.reasoning, first.reasoning);
    QCOMPARE(a.toolCalls, first.toolCalls);
    QCOMPARE(a.annotations, first.annotations);
    QCOMPARE(a.responseId, u"resp_1"_s);
    QCOMPARE(a.metrics.ttftMs, std::optional<qint64>(321));
    QCOMPARE(a.metrics.tokensPerSecond, std::optional<double>(55.5));
    QCOMPARE(a.metrics.costUsd, std::optional<double>(0.0012));
    QCOMPARE(a.metrics.estimated, QStringList {u"input_tokens"_s});
    QVERIFY(!a.metrics.reasoningTokens);
    const RunPane &b = loaded->panes[1];
    QVERIFY(b.failed());
    QCOMPARE(b.errorMessage, u"Slow down"_s);
    QVERIFY(b.finishReason.isEmpty());
    QVERIFY(!b.metrics.ttftMs);
}

void TestRunStore::listsNewestFirstAndFilters()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(m_runs->save(runAt(now.addDays(-10), u"old"_s, {pane(0, u"openai"_s, u"gpt"_s, u"a"_s)})));
    QVERIFY(m_runs->save(runAt(now.addDays(-1),
        u"mid"_s,
        {pane(0, u"openai"_s, u"gpt"_s, u"b"_s), pane(1, u"anthropic"_s, u"claude"_s, u"c"_s)})));
    QVERIFY(m_runs->save(runAt(now, u"new"_s, {pane(0, u"mistral"_s, u"large"_s, u"d"_s)})));
    QCOMPARE(m_runs->count(), 3);

    const auto all = m_runs->find();
    QVERIFY(all);
    QCOMPARE(all->size(), 3);
    QCOMPARE(all->at(0).promptText, u"new"_s);
    QCOMPARE(all->at(2).promptText, u"old"_s);
    // A list is light: provenance and outcome, no transcript.
    QCOMPARE(all->at(1).panes.size(), 2);
    QCOMPARE(all->at(1).panes[1].modelRequested, u"claude"_s);
    QVERIFY(all->at(1).panes[1].output.isEmpty());

    QCOMPARE(m_runs->find({.model = u"gpt"_s})->size(), 2);
    QCOMPARE(m_runs->find({.model = u"claude-2026"_s})->size(), 1);
    QCOMPARE(m_runs->find({.presetId = u"anthropic"_s})->size(), 1);
    QCOMPARE(m_runs->find({.from = now.addDays(-2)})->size(), 2);
    QCOMPARE(m_runs->find({.from = now.addDays(-2), .to = now.addSecs(-60)})->first().promptText, u"mid"_s);
    QCOMPARE(m_runs->find({.limit = 1})->size(), 1);
}

void TestRunStore::searchesPromptsAndOutputs()
{
    QVERIFY(m_runs->save(runAt(QDateTime::currentDateTimeUtc(),
        u"Summarise the quarterly report"_s,
        {pane(0, u"openai"_s, u"gpt"_s, u"Revenue grew by eleven percent"_s)})));
    QVERIFY(m_runs->save(runAt(QDateTime::currentDateTimeUtc(),
        u"Write a poem"_s,
        {pane(0, u"openai"_s, u"gpt"_s, u"Roses are red"_s)})));
    QCOMPARE(m_runs->find({.text = u"quarter"_s})->size(), 1);
    QCOMPARE(m_runs->find({.text = u"revenue"_s})->first().promptText, u"Summarise the quarterly report"_s);
    QCOMPARE(m_runs->find({.text = u"roses poem"_s})->size(), 1);
    QVERIFY(m_runs->find({.text = u"nothing-like-this"_s})->isEmpty());
    QCOMPARE(m_runs->find({.text = u"red"_s, .presetId = u"anthropic"_s})->size(), 0);
}

void TestRunStore::deletesARunWithItsPanesAndIndex()
{
    const auto id = m_runs->save(
        runAt(QDateTime::currentDateTimeUtc(), u"doomed"_s, {pane(0, u"openai"_s, u"gpt"_s, u"gone soon"_s)}));
    QVERIFY(id);
    QVERIFY(m_runs->remove(*id));
    QVERIFY(!m_runs->run(*id));
    QCOMPARE(m_runs->remove(*id).error().kind, StorageError::Kind::NotFound);
    const QSqlDatabase db = m_database->connection();
    QCOMPARE(StorageTest::scalar(db, u"SELECT count(*) FROM run_pane"_s).toInt(), 0);
    QCOMPARE(StorageTest::scalar(db, u"SELECT count(*) FROM run_fts"_s).toInt(), 0);
}

void TestRunStore::aReRunRemembersItsOriginal()
{
    const auto original =
        m_runs->save(runAt(QDateTime::currentDateTimeUtc(), u"asked once"_s, {pane(0, u"openai"_s, u"a"_s, u"one"_s)}));
    QVERIFY(original);
    RunRecord again = runAt(QDateTime::currentDateTimeUtc(), u"asked once"_s, {pane(0, u"groq"_s, u"b"_s, u"two"_s)});
    again.rerunOf = *original;
    const auto copy = m_runs->save(again);
    QVERIFY(copy);
    QCOMPARE(m_runs->run(*copy)->rerunOf, std::optional<qint64>(*original));
    QCOMPARE(m_runs->find({.limit = 1})->first().rerunOf, std::optional<qint64>(*original));
    QVERIFY(!m_runs->run(*original)->rerunOf.has_value());
    QCOMPARE(RunExport::toJson(*m_runs->run(*copy)).value(u"rerun_of"_s).toInteger(), *original);
    // Deleting the original keeps the re-run, which no longer points anywhere.
    QVERIFY(m_runs->remove(*original));
    QVERIFY(m_runs->run(*copy));
    QVERIFY(!m_runs->run(*copy)->rerunOf.has_value());
}

void TestRunStore::aggregatesPerModel()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<std::pair<int, double>> timings {{100, 10}, {300, 30}, {200, 20}, {1000, 40}};
    for (const auto &[ttft, speed] : timings) {
        RunPane p = pane(0, u"openai"_s, u"gpt"_s, u"x"_s);
        p.modelAnswered.clear();
        p.metrics.ttftMs = ttft;
        p.metrics.tokensPerSecond = speed;
        p.metrics.costUsd = 0.25;
        QVERIFY(m_runs->save(runAt(now, u"p"_s, {p})));
    }
    RunPane failed = pane(0, u"openai"_s, u"gpt"_s, QString());
    failed.modelAnswered.clear();
    failed.errorKind = u"timeout"_s;
    QVERIFY(m_runs->save(runAt(now, u"p"_s, {failed, pane(1, u"anthropic"_s, u"claude"_s, u"y"_s)})));

    const auto aggregates = m_runs->aggregates();
    QVERIFY(aggregates);
    QCOMPARE(aggregates->size(), 2);
    const ModelAggregate &gpt = aggregates->first();
    QCOMPARE(gpt.model, u"gpt"_s);
    QCOMPARE(gpt.runs, 5);
    QCOMPARE(gpt.errors, 1);
    QCOMPARE(gpt.errorRate(), 0.2);
    QCOMPARE(*gpt.meanTtftMs, 400.0);
    QCOMPARE(*gpt.medianTtftMs, 250.0);
    QCOMPARE(*gpt.meanTokensPerSecond, 25.0);
    QCOMPARE(*gpt.medianTokensPerSecond, 25.0);
    QCOMPARE(gpt.totalCostUsd, 1.0);
    const ModelAggregate &claude = aggregates->last();
    QCOMPARE(claude.model, u"claude-2026"_s);
    QVERIFY(!claude.meanTtftMs);
    QCOMPARE(m_runs->aggregates({.presetId = u"anthropic"_s})->size(), 1);
    QVERIFY(m_runs->aggregates({.from = now.addDays(1)})->isEmpty());
}

void TestRunStore::exportsMarkdownAndJson()
{
    RunRecord run = runAt(QDateTime::currentDateTimeUtc(), u"Say ``` hi"_s, {});
    run.promptName = u"Greeting"_s;
    run.promptVersionNumber = 3;
    run.variables = QJsonObject {{u"name"_s, u"Ada"_s}};
    RunPane p = pane(0, u"openai"_s, u"gpt"_s, u"Hello Ada"_s);
    p.metrics.ttftMs = 120;
    RunPane bad = pane(1, u"groq"_s, u"llama"_s, QString());
    bad.errorKind = u"auth"_s;
    bad.errorMessage = u"Invalid key"_s;
    run.panes = {p, bad};
    const auto id = m_runs->save(run);
    QVERIFY(id);
    const RunRecord loaded = *m_runs->run(*id);

    const QString md = RunExport::toMarkdown(loaded);
    QVERIFY(md.contains(u"# Run %1"_s.arg(*id)));
    QVERIFY(md.contains(u"**Greeting** (version 3)"_s));
    QVERIFY(md.contains(u"````\nSay ``` hi\n````"_s));
    QVERIFY(md.contains(u"## openai:gpt"_s));
    QVERIFY(md.contains(u"Hello Ada"_s));
    QVERIFY(md.contains(u"TTFT 120 ms"_s));
    QVERIFY(md.contains(u"**Error:** Invalid key"_s));

    const QJsonObject json = RunExport::toJson(loaded);
    QCOMPARE(json.value(u"id"_s).toInteger(), *id);
    QCOMPARE(json.value(u"prompt"_s).toObject().value(u"version"_s).toInt(), 3);
    const QJsonArray panes = json.value(u"panes"_s).toArray();
    QCOMPARE(panes.size(), 2);
    QCOMPARE(panes[0].toObject().value(u"output"_s).toString(), u"Hello Ada"_s);
    QCOMPARE(panes[0].toObject().value(u"conversation"_s).toArray(), p.conversation);
    QCOMPARE(panes[1].toObject().value(u"error"_s).toObject().value(u"kind"_s).toString(), u"auth"_s);
    QVERIFY(panes[0].toObject().value(u"metrics"_s).toObject().value(u"cost_usd"_s).isNull());
}

void TestRunStore::keepsRunsWhenTheirPromptIsDeleted()
{
    PromptStore prompts(m_database->connection());
    Prompt prompt;
    prompt.name = u"Temporary"_s;
    PromptVersion version;
    version.userText = u"Hello {{who}}"_s;
    const auto created = prompts.create(prompt, version);
    QVERIFY(created);
    RunRecord run = runAt(QDateTime::currentDateTimeUtc(), u"Hello world"_s, {pane(0, u"openai"_s, u"gpt"_s, u"hi"_s)});
    run.promptVersionId = prompts.version(created->id)->id;
    run.promptName = created->name;
    run.promptVersionNumber = 1;
    const auto id = m_runs->save(run);
    QVERIFY(id);
    QVERIFY(prompts.remove(created->id));
    const auto kept = m_runs->run(*id);
    QVERIFY(kept);
    QVERIFY(!kept->promptVersionId);
    QCOMPARE(kept->promptName, u"Temporary"_s);
    QCOMPARE(kept->promptText, u"Hello world"_s);
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
