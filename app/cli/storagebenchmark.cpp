// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/storagebenchmark.h"

#include "app/storage/database.h"
#include "app/storage/datadirectory.h"
#include "app/storage/promptexchange.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"
#include "app/storage/transaction.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

/** A fixed vocabulary so every run of the benchmark searches the same kind of text. */
QStringList vocabulary()
{
    static const QStringList syllables {u"ka"_s,
        u"lo"_s,
        u"mi"_s,
        u"ne"_s,
        u"ru"_s,
        u"sa"_s,
        u"ti"_s,
        u"vo"_s,
        u"ze"_s,
        u"po"_s,
        u"da"_s,
        u"fi"_s,
        u"gu"_s,
        u"he"_s,
        u"jo"_s,
        u"be"_s};
    QStringList words;
    for (const QString &a : syllables) {
        for (const QString &b : syllables) {
            for (const QString &c : {u"n"_s, u"r"_s, u"s"_s, u"l"_s}) {
                words.append(a + b + c);
            }
        }
    }
    return words; // 1024 words
}

QString sentence(QRandomGenerator &random, const QStringList &words, int length)
{
    QStringList chosen;
    for (int i = 0; i < length; ++i) {
        chosen.append(words[random.bounded(int(words.size()))]);
    }
    return chosen.join(u' ');
}

double percentile(QList<double> samples, double fraction)
{
    if (samples.isEmpty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(fraction * double(samples.size())));
    return samples[index];
}

qint64 databaseBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

} // namespace

int StorageBenchmark::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {u"prompts"_s, u"How many prompts (default 100000)."_s, u"N"_s, u"100000"_s},
        {u"runs"_s, u"How many runs (default 20000)."_s, u"N"_s, u"20000"_s},
        {u"json"_s, u"JSON output."_s},
    });
    parser.addPositionalArgument(u"storage"_s, u"What to benchmark."_s);
    if (!parser.parse(QStringList {u"bench"_s} + arguments)
        || parser.positionalArguments() != QStringList {u"storage"_s}) {
        std::fputs("Usage: juxta-cli bench storage [--prompts N] [--runs N] [--json]\n", stderr);
        return 1;
    }
    const int promptCount = parser.value(u"prompts"_s).toInt();
    const int runCount = parser.value(u"runs"_s).toInt();
    const bool json = parser.isSet(u"json"_s);
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        std::fputs("juxta-cli bench: cannot create a scratch folder\n", stderr);
        return 1;
    }
    const QString path = DataDirectory::databasePath(scratch.path());
    QRandomGenerator random(20260101);
    const QStringList words = vocabulary();
    QJsonObject report {{u"prompts"_s, promptCount}, {u"runs"_s, runCount}};
    const auto say = [json](const QString &text) {
        if (!json) {
            print(text);
        }
    };

    {
        Database database(u"bench"_s);
        if (!database.openAndMigrate(path)) {
            std::fputs(qPrintable(database.errorString() + u'\n'), stderr);
            return 1;
        }
        PromptStore prompts(database.connection());
        RunStore runs(database.connection());

        // Bulk import: entries go through the same path as a bundle import, in batches.
        say(tr("Importing %1 prompts with 2 versions each…\n").arg(promptCount));
        QElapsedTimer timer;
        timer.start();
        constexpr int Batch = 5000;
        for (int start = 0; start < promptCount; start += Batch) {
            QList<PromptBundle::Entry> entries;
            for (int i = start; i < std::min(promptCount, start + Batch); ++i) {
                PromptBundle::Entry entry;
                entry.prompt.name = u"Prompt %1 %2"_s.arg(i).arg(sentence(random, words, 2));
                entry.prompt.description = sentence(random, words, 8);
                entry.prompt.tags = {words[random.bounded(64)], words[random.bounded(64)]};
                entry.prompt.folder = u"Folder %1"_s.arg(random.bounded(50));
                PromptVersion first;
                first.systemText = sentence(random, words, 12);
                first.userText = sentence(random, words, 40) + u" {{input}}"_s;
                PromptVersion second = first;
                second.userText += u' ' + sentence(random, words, 10);
                entry.versions = {first, second};
                entries.append(entry);
            }
            const auto imported = PromptExchange::importEntries(prompts, entries);
            if (!imported) {
                std::fputs(qPrintable(imported.error().message + u'\n'), stderr);
                return 1;
            }
        }
        const double importSeconds = double(timer.elapsed()) / 1000;
        report.insert(u"import_seconds"_s, importSeconds);
        say(tr("  bulk import: %1 s (%2 prompts/s)\n")
                .arg(importSeconds, 0, 'f', 2)
                .arg(promptCount / std::max(importSeconds, 0.001), 0, 'f', 0));

        QSqlQuery checkpoint(database.connection());
        checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        // A statement left open would block the savepoints below.
        checkpoint.finish();
        const qint64 sizeBeforeRuns = databaseBytes(path);
        say(tr("Recording %1 runs with 2 panes each…\n").arg(runCount));
        timer.restart();
        for (int start = 0; start < runCount; start += 1000) {
            Transaction transaction(database.connection());
            for (int i = start; i < std::min(runCount, start + 1000); ++i) {
                RunRecord run;
                run.createdAt = QDateTime::currentDateTimeUtc().addSecs(qint64(i) * 60 - qint64(runCount) * 60);
                run.promptText = sentence(random, words, 30);
                for (int pane = 0; pane < 2; ++pane) {
                    RunPane p;
                    p.paneIndex = pane;
                    p.presetId = pane ? u"anthropic"_s : u"openai"_s;
                    p.endpointHost = pane ? u"api.anthropic.com"_s : u"api.openai.com"_s;
                    p.modelRequested = pane ? u"claude-sonnet-4-5"_s : u"gpt-4.1-mini"_s;
                    p.modelAnswered = p.modelRequested;
                    p.output = sentence(random, words, 150);
                    p.finishReason = u"stop"_s;
                    p.conversation = QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, run.promptText}},
                        QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, p.output}}};
                    p.metrics.ttftMs = 200 + random.bounded(800);
                    p.metrics.totalMs = 2000 + random.bounded(4000);
                    p.metrics.outputTokens = 200;
                    p.metrics.tokensPerSecond = 20 + random.bounded(80);
                    p.metrics.costUsd = 0.001;
                    run.panes.append(p);
                }
                if (const auto saved = runs.save(run); !saved) {
                    std::fputs(qPrintable(saved.error().message + u'\n'), stderr);
                    return 1;
                }
            }
            if (!transaction.commit()) {
                std::fputs(qPrintable(transaction.errorString() + u'\n'), stderr);
                return 1;
            }
        }
        const double runSeconds = double(timer.elapsed()) / 1000;
        checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        checkpoint.finish();
        const double bytesPerRun = double(databaseBytes(path) - sizeBeforeRuns) / std::max(runCount, 1);
        report.insert(u"runs_seconds"_s, runSeconds);
        report.insert(u"bytes_per_run"_s, bytesPerRun);
        say(tr("  runs: %1 s; %2 KiB per run (2 panes, ~150 words each)\n")
                .arg(runSeconds, 0, 'f', 2)
                .arg(bytesPerRun / 1024, 0, 'f', 1));

        // Search: two-word prefix queries, as typed into the library's search field.
        QList<double> promptSearch;
        QList<double> runSearch;
        for (int i = 0; i < 300; ++i) {
            const QString query =
                words[random.bounded(int(words.size()))].left(4) + u' ' + words[random.bounded(int(words.size()))];
            QElapsedTimer one;
            one.start();
            const auto found = prompts.find({.text = query, .limit = 50});
            promptSearch.append(double(one.nsecsElapsed()) / 1e6);
            if (!found) {
                std::fputs(qPrintable(found.error().message + u'\n'), stderr);
                return 1;
            }
            one.restart();
            const auto foundRuns = runs.find({.text = query, .limit = 50});
            runSearch.append(double(one.nsecsElapsed()) / 1e6);
        }
        report.insert(u"prompt_search_p50_ms"_s, percentile(promptSearch, 0.5));
        report.insert(u"prompt_search_p95_ms"_s, percentile(promptSearch, 0.95));
        report.insert(u"run_search_p50_ms"_s, percentile(runSearch, 0.5));
        report.insert(u"run_search_p95_ms"_s, percentile(runSearch, 0.95));
        say(tr("  prompt search: p50 %1 ms, p95 %2 ms (target p95 < 20 ms)\n")
                .arg(percentile(promptSearch, 0.5), 0, 'f', 2)
                .arg(percentile(promptSearch, 0.95), 0, 'f', 2));
        say(tr("  run search:    p50 %1 ms, p95 %2 ms\n")
                .arg(percentile(runSearch, 0.5), 0, 'f', 2)
                .arg(percentile(runSearch, 0.95), 0, 'f', 2));
    }

    // Opening cold-ish (a new connection) and listing the newest 200 runs, as the history view does.
    QList<double> openAndList;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer timer;
        timer.start();
        Database database(u"bench-open"_s);
        if (!database.openAndMigrate(path)) {
            return 1;
        }
        const auto newest = RunStore(database.connection()).find({.limit = 200});
        openAndList.append(double(timer.nsecsElapsed()) / 1e6);
        if (!newest || newest->size() != std::min(200, runCount)) {
            std::fputs("juxta-cli bench: listing the newest runs failed\n", stderr);
            return 1;
        }
    }
    report.insert(u"open_and_list_200_median_ms"_s, percentile(openAndList, 0.5));
    report.insert(u"open_and_list_200_max_ms"_s, percentile(openAndList, 1.0));
    report.insert(u"database_bytes"_s, databaseBytes(path));
    say(tr("  open + newest 200 runs: median %1 ms, max %2 ms (target < 50 ms)\n")
            .arg(percentile(openAndList, 0.5), 0, 'f', 2)
            .arg(percentile(openAndList, 1.0), 0, 'f', 2));
    say(tr("  database: %1 MiB\n").arg(double(databaseBytes(path)) / (1024 * 1024), 0, 'f', 1));
    if (json) {
        print(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
    }
    return 0;
}

} // namespace Juxta
