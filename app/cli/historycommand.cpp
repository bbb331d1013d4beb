// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/historycommand.h"

#include "app/cli/clistorage.h"
#include "app/cli/optionaljson.h"
#include "app/runs/runexport.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

constexpr auto Usage = R"(Usage: juxta-cli history COMMAND

  list [--model M] [--provider P] [--since DATE] [--until DATE] [--search WORDS] [--limit N] [--json]
  show ID [--json]
  export ID [--format markdown|json] [-o FILE]
  delete ID
  rerun ID [-p PRESET:MODEL ...] [--json] [--no-history]
  stats [--model M] [--provider P] [--since DATE] [--until DATE] [--json]
)";

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}

int fail(const QString &message)
{
    print(stderr, u"juxta-cli history: %1\n"_s.arg(message));
    return 1;
}

QDateTime parseDate(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid()) {
        time = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0), QTimeZone::UTC);
    }
    return time;
}

bool parseFilter(const QStringList &arguments, QCommandLineParser &parser, RunFilter &filter, QString *problem)
{
    parser.addOptions({
        {u"model"_s, u"Runs with this model."_s, u"M"_s},
        {u"provider"_s, u"Runs on this provider preset."_s, u"P"_s},
        {u"since"_s, u"Runs from this date or time (ISO 8601)."_s, u"DATE"_s},
        {u"until"_s, u"Runs before this date or time."_s, u"DATE"_s},
        {u"search"_s, u"Words in the prompt or an answer."_s, u"WORDS"_s},
        {u"limit"_s, u"At most N runs (default 50)."_s, u"N"_s},
        {u"json"_s, u"JSON output."_s},
    });
    if (!parser.parse(QStringList {u"history"_s} + arguments)) {
        *problem = parser.errorText();
        return false;
    }
    filter.model = parser.value(u"model"_s);
    filter.presetId = parser.value(u"provider"_s);
    filter.text = parser.value(u"search"_s);
    filter.limit = parser.isSet(u"limit"_s) ? parser.value(u"limit"_s).toInt() : 50;
    for (const auto &[option, target] : {std::pair {u"since"_s, &filter.from}, std::pair {u"until"_s, &filter.to}}) {
        if (parser.isSet(option)) {
            *target = parseDate(parser.value(option));
            if (!target->isValid()) {
                *problem = u"--%1 wants a date such as 2026-01-31, not \"%2\""_s.arg(option, parser.value(option));
                return false;
            }
        }
    }
    return true;
}

QString models(const RunRecord &run)
{
    QStringList labels;
    for (const RunPane &pane : run.panes) {
        labels.append(pane.presetId + u':' + pane.modelRequested + (pane.failed() ? u" ✗"_s : QString()));
    }
    return labels.join(u", "_s);
}

QString optionalNumber(const std::optional<double> &value, int decimals)
{
    return value ? QString::number(*value, 'f', decimals) : u"–"_s;
}

} // namespace

HistoryCommand::HistoryCommand(CliStorage &storage)
    : m_storage(storage)
{ }

int HistoryCommand::run(const QStringList &arguments)
{
    const QString sub = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (sub == "list"_L1) {
        return list(rest);
    }
    if (sub == "show"_L1) {
        return show(rest, false);
    }
    if (sub == "export"_L1) {
        return show(rest, true);
    }
    if (sub == "delete"_L1) {
        return remove(rest);
    }
    if (sub == "stats"_L1) {
        return stats(rest);
    }
    print(sub.isEmpty() || sub == "--help"_L1 ? stdout : stderr, QString::fromUtf8(Usage));
    return sub.isEmpty() || sub == "--help"_L1 ? 0 : 1;
}

int HistoryCommand::list(const QStringList &arguments)
{
    QCommandLineParser parser;
    RunFilter filter;
    QString problem;
    if (!parseFilter(arguments, parser, filter, &problem)) {
        return fail(problem);
    }
    const auto runs = m_storage.runs().find(filter);
    if (!runs) {
        return fail(runs.error().message);
    }
    if (parser.isSet(u"json"_s)) {
        QJsonArray array;
        for (const RunRecord &run : *runs) {
            array.append(RunExport::toJson(run));
        }
        print(stdout, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return 0;
    }
    for (const RunRecord &run : *runs) {
        QString prompt = run.promptName.isEmpty() ? run.promptText.simplified() : run.promptName;
        if (prompt.size() > 40) {
            prompt = prompt.left(39) + u'…';
        }
        print(stdout,
            u"%1  %2  %3  %4\n"_s.arg(run.id, 6).arg(run.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s),
                prompt.leftJustified(40),
                models(run)));
    }
    if (runs->isEmpty()) {
        print(stderr, tr("No runs recorded yet.\n"));
    }
    return 0;
}

int HistoryCommand::show(const QStringList &arguments, bool exporting)
{
    QCommandLineParser parser;
    parser.addOptions({
        {u"json"_s, u"JSON output."_s},
        {u"format"_s, u"markdown or json."_s, u"FORMAT"_s},
        {{u"o"_s, u"output"_s}, u"Write to FILE."_s, u"FILE"_s},
    });
    parser.addPositionalArgument(u"id"_s, u"The run."_s);
    if (!parser.parse(QStringList {u"history"_s} + arguments)) {
        return fail(parser.errorText());
    }
    bool ok = false;
    const qint64 id = parser.positionalArguments().value(0).toLongLong(&ok);
    if (!ok) {
        return fail(tr("name a run by its id (juxta-cli history list shows them)"));
    }
    const auto run = m_storage.runs().run(id);
    if (!run) {
        return fail(tr("there is no run %1").arg(id));
    }
    const QString format = parser.isSet(u"json"_s) ? u"json"_s : parser.value(u"format"_s).toLower();
    QString text;
    if (format == "json"_L1) {
        text = QString::fromUtf8(QJsonDocument(RunExport::toJson(*run)).toJson(QJsonDocument::Indented));
    } else if (format.isEmpty() || format == "markdown"_L1 || format == "md"_L1) {
        text = RunExport::toMarkdown(*run);
    } else {
        return fail(tr("--format is markdown or json, not \"%1\"").arg(format));
    }
    if (exporting && parser.isSet(u"output"_s)) {
        QFile file(parser.value(u"output"_s));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0 || !file.flush()) {
            return fail(tr("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        }
        return 0;
    }
    print(stdout, text);
    return 0;
}

int HistoryCommand::remove(const QStringList &arguments)
{
    bool ok = false;
    const qint64 id = arguments.value(0).toLongLong(&ok);
    if (!ok) {
        return fail(tr("name a run by its id"));
    }
    const auto removed = m_storage.runs().remove(id);
    if (!removed) {
        return fail(removed.error().message);
    }
    return 0;
}

int HistoryCommand::stats(const QStringList &arguments)
{
    QCommandLineParser parser;
    RunFilter filter;
    QString problem;
    if (!parseFilter(arguments, parser, filter, &problem)) {
        return fail(problem);
    }
    const auto aggregates = m_storage.runs().aggregates(filter);
    if (!aggregates) {
        return fail(aggregates.error().message);
    }
    if (parser.isSet(u"json"_s)) {
        QJsonArray array;
        for (const ModelAggregate &a : *aggregates) {
            array.append(QJsonObject {
                {u"preset"_s, a.presetId},
                {u"model"_s, a.model},
                {u"runs"_s, a.runs},
                {u"errors"_s, a.errors},
                {u"error_rate"_s, a.errorRate()},
                {u"mean_ttft_ms"_s, optionalJson(a.meanTtftMs)},
                {u"median_ttft_ms"_s, optionalJson(a.medianTtftMs)},
                {u"mean_tokens_per_second"_s, optionalJson(a.meanTokensPerSecond)},
                {u"median_tokens_per_second"_s, optionalJson(a.medianTokensPerSecond)},
                {u"total_cost_usd"_s, a.totalCostUsd},
            });
        }
        print(stdout, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return 0;
    }
    print(stdout,
        u"%1 %2 %3 %4 %5 %6 %7\n"_s.arg(u"model"_s.leftJustified(40),
            u"runs"_s.rightJustified(6),
            u"errors"_s.rightJustified(7),
            u"TTFT mean/median ms"_s.rightJustified(20),
            u"tok/s mean/median"_s.rightJustified(18),
            u"cost $"_s.rightJustified(10),
            QString()));
    for (const ModelAggregate &a : *aggregates) {
        print(stdout,
            u"%1 %2 %3 %4 %5 %6\n"_s.arg((a.presetId + u':' + a.model).leftJustified(40))
                .arg(a.runs, 6)
                .arg(u"%1%"_s.arg(a.errorRate() * 100, 0, 'f', 0).rightJustified(7))
                .arg((optionalNumber(a.meanTtftMs, 0) + u'/' + optionalNumber(a.medianTtftMs, 0)).rightJustified(20))
                .arg((optionalNumber(a.meanTokensPerSecond, 1) + u'/' + optionalNumber(a.medianTokensPerSecond, 1))
                        .rightJustified(18))
                .arg(QString::number(a.totalCostUsd, 'f', 4).rightJustified(10)));
    }
    return 0;
}

} // namespace Juxta
