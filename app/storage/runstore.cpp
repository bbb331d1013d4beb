// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/runstore.h"

#include "app/metrics/statistics.h"
#include "app/storage/promptstore.h"
#include "app/storage/sqlvalues.h"
#include "app/storage/transaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Juxta::SqlValues;

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Juxta {

namespace {

const QString RunColumns = u"SELECT r.id, r.created_at, r.prompt_version_id, r.prompt_name, r.prompt_version_number,"
                           " r.variables, r.system_text, r.prompt_text, r.rerun_of FROM run r"_s;
// Light columns first (0-23), then the heavy ones (24-27) only a full run reads.
const QString PaneColumns = u"SELECT run_id, pane_index, preset, endpoint_host, model_requested, model_answered,"
                            " parameters, system_prompt, tool_calls, finish_reason, error_kind, error_message,"
                            " response_id, annotations, ttfb_ms, ttft_ms, total_ms, input_tokens, output_tokens,"
                            " reasoning_tokens, cached_input_tokens, tokens_per_second, cost_usd, estimated"_s;
const QString HeavyPaneColumns = u", conversation, output, reasoning FROM run_pane"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::RunStore", text);
}

StorageError failure(const QSqlQuery &query)
{
    qCWarning(lcStorage) << "run store query failed:" << query.lastError().text();
    return {StorageError::Kind::Query,
        tr("The run history could not be read or written: %1").arg(query.lastError().text())};
}

RunRecord readRun(const QSqlQuery &query)
{
    RunRecord run;
    run.id = query.value(0).toLongLong();
    run.createdAt = toTime(query.value(1));
    run.promptVersionId = toOptional<qint64>(query.value(2));
    run.promptName = query.value(3).toString();
    run.promptVersionNumber = toOptional<int>(query.value(4));
    run.variables = toObject(query.value(5));
    run.systemText = query.value(6).toString();
    run.promptText = query.value(7).toString();
    run.rerunOf = toOptional<qint64>(query.value(8));
    return run;
}

RunPane readPane(const QSqlQuery &query, bool heavy)
{
    RunPane pane;
    pane.paneIndex = query.value(1).toInt();
    pane.presetId = query.value(2).toString();
    pane.endpointHost = query.value(3).toString();
    pane.modelRequested = query.value(4).toString();
    pane.modelAnswered = query.value(5).toString();
    pane.parameters = toObject(query.value(6));
    pane.systemPrompt = query.value(7).toString();
    pane.toolCalls = toArray(query.value(8));
    pane.finishReason = query.value(9).toString();
    pane.errorKind = query.value(10).toString();
    pane.errorMessage = query.value(11).toString();
    pane.responseId = query.value(12).toString();
    pane.annotations = toArray(query.value(13));
    ResponseMetrics &m = pane.metrics;
    m.ttfbMs = toOptional<qint64>(query.value(14));
    m.ttftMs = toOptional<qint64>(query.value(15));
    m.totalMs = toOptional<qint64>(query.value(16));
    m.inputTokens = toOptional<qint64>(query.value(17));
    m.outputTokens = toOptional<qint64>(query.value(18));
    m.reasoningTokens = toOptional<qint64>(query.value(19));
    m.cachedInputTokens = toOptional<qint64>(query.value(20));
    m.tokensPerSecond = toOptional<double>(query.value(21));
    m.costUsd = toOptional<double>(query.value(22));
    for (const QJsonValue &name : toArray(query.value(23))) {
        m.estimated.append(name.toString());
    }
    if (heavy) {
        pane.conversation = toArray(query.value(24));
        pane.output = query.value(25).toString();
        pane.reasoning = query.value(26).toString();
    }
    return pane;
}

/** The WHERE clause and its values for the pane-level parts of a filter. */
QString conditions(const RunFilter &filter, QVariantList &values, bool withText)
{
    QString sql = u" WHERE 1"_s;
    if (withText) {
        const QString match = PromptStore::matchExpression(filter.text);
        if (!match.isEmpty()) {
            sql += u" AND r.id IN (SELECT rowid FROM run_fts WHERE run_fts MATCH ?)"_s;
            values.append(match);
        }
    }
    if (!filter.model.isEmpty()) {
        sql += u" AND EXISTS (SELECT 1 FROM run_pane m WHERE m.run_id = r.id"
               " AND (m.model_requested = ? OR m.model_answered = ?))"_s;
        values.append(filter.model);
        values.append(filter.model);
    }
    if (!filter.presetId.isEmpty()) {
        sql += u" AND EXISTS (SELECT 1 FROM run_pane m WHERE m.run_id = r.id AND m.preset = ?)"_s;
        values.append(filter.presetId);
    }
    if (filter.from.isValid()) {
        sql += u" AND r.created_at >= ?"_s;
        values.append(fromTime(filter.from));
    }
    if (filter.to.isValid()) {
        sql += u" AND r.created_at < ?"_s;
        values.append(fromTime(filter.to));
    }
    return sql;
}

} // namespace

RunStore::RunStore(const QSqlDatabase &db)
    : m_db(db)
{ }

StorageResult<qint64> RunStore::save(const RunRecord &run)
{
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query, tr("Cannot write the run: %1").arg(transaction.errorString())};
    }
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO run (created_at, prompt_version_id, prompt_name, prompt_version_number, variables,"
                  " system_text, prompt_text, rerun_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(fromTime(run.createdAt));
    query.addBindValue(fromOptional(run.promptVersionId));
    query.addBindValue(text(run.promptName));
    query.addBindValue(fromOptional(run.promptVersionNumber));
    query.addBindValue(fromJson(run.variables));
    query.addBindValue(text(run.systemText));
    query.addBindValue(text(run.promptText));
    query.addBindValue(fromOptional(run.rerunOf));
    if (!query.exec()) {
        return failure(query);
    }
    const qint64 id = query.lastInsertId().toLongLong();
    query.prepare(u"INSERT INTO run_pane (run_id, pane_index, preset, endpoint_host, model_requested, model_answered,"
                  " parameters, system_prompt, conversation, output, reasoning, tool_calls, finish_reason, error_kind,"
                  " error_message, response_id, annotations, ttfb_ms, ttft_ms, total_ms, input_tokens, output_tokens,"
                  " reasoning_tokens, cached_input_tokens, tokens_per_second, cost_usd, estimated)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QString outputs;
    for (const RunPane &pane : run.panes) {
        const ResponseMetrics &m = pane.metrics;
        const QVariantList values {id,
            pane.paneIndex,
            text(pane.presetId),
            text(pane.endpointHost),
            text(pane.modelRequested),
            text(pane.modelAnswered),
            fromJson(pane.parameters),
            text(pane.systemPrompt),
            fromJson(pane.conversation),
            text(pane.output),
            text(pane.reasoning),
            fromJson(pane.toolCalls),
            pane.finishReason.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(pane.finishReason),
            pane.errorKind.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(pane.errorKind),
            pane.errorKind.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(pane.errorMessage),
            text(pane.responseId),
            fromJson(pane.annotations),
            fromOptional(m.ttfbMs),
            fromOptional(m.ttftMs),
            fromOptional(m.totalMs),
            fromOptional(m.inputTokens),
            fromOptional(m.outputTokens),
            fromOptional(m.reasoningTokens),
            fromOptional(m.cachedInputTokens),
            fromOptional(m.tokensPerSecond),
            fromOptional(m.costUsd),
            fromJson(QJsonArray::fromStringList(m.estimated))};
        for (const QVariant &value : values) {
            query.addBindValue(value);
        }
        if (!query.exec()) {
            return failure(query);
        }
        outputs += pane.output + u'\n';
    }
    query.prepare(u"INSERT INTO run_fts (rowid, prompt, output) VALUES (?, ?, ?)"_s);
    query.addBindValue(id);
    query.addBindValue(text(run.promptName + u'\n' + run.systemText + u'\n' + run.promptText));
    query.addBindValue(text(outputs));
    if (!query.exec()) {
        return failure(query);
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query, tr("Cannot write the run: %1").arg(transaction.errorString())};
    }
    return id;
}

std::optional<RunRecord> RunStore::run(qint64 id) const
{
    QSqlQuery query(m_db);
    query.prepare(RunColumns + u" WHERE r.id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    RunRecord run = readRun(query);
    query.prepare(PaneColumns + HeavyPaneColumns + u" WHERE run_id = ? ORDER BY pane_index"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        return std::nullopt;
    }
    while (query.next()) {
        run.panes.append(readPane(query, true));
    }
    return run;
}

StorageResult<QList<RunRecord>> RunStore::find(const RunFilter &filter) const
{
    QVariantList values;
    QString sql = RunColumns + conditions(filter, values, true) + u" ORDER BY r.created_at DESC, r.id DESC LIMIT ?"_s;
    values.append(filter.limit > 0 ? filter.limit : -1);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values)) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return failure(query);
    }
    QList<RunRecord> runs;
    QHash<qint64, qsizetype> rows;
    while (query.next()) {
        rows.insert(query.value(0).toLongLong(), runs.size());
        runs.append(readRun(query));
    }
    if (runs.isEmpty()) {
        return runs;
    }
    // One prepared statement re-run per listed run: a page is at most a few hundred runs.
    QSqlQuery panes(m_db);
    panes.setForwardOnly(true);
    panes.prepare(PaneColumns + u" FROM run_pane WHERE run_id = ? ORDER BY pane_index"_s);
    for (RunRecord &run : runs) {
        panes.addBindValue(run.id);
        if (!panes.exec()) {
            return failure(panes);
        }
        while (panes.next()) {
            run.panes.append(readPane(panes, false));
        }
    }
    return runs;
}

StorageResult<Done> RunStore::remove(qint64 id)
{
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM run WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec()) {
        return failure(query);
    }
    if (query.numRowsAffected() == 0) {
        return StorageError {StorageError::Kind::NotFound, tr("There is no run %1.").arg(id)};
    }
    return Done {};
}

qint64 RunStore::count() const
{
    QSqlQuery query(m_db);
    return query.exec(u"SELECT count(*) FROM run"_s) && query.next() ? query.value(0).toLongLong() : 0;
}

StorageResult<QList<ModelAggregate>> RunStore::aggregates(const RunFilter &filter) const
{
    QVariantList values;
    QString sql = u"SELECT p.preset, COALESCE(NULLIF(p.model_answered, ''), p.model_requested), p.ttft_ms,"
                  " p.tokens_per_second, p.cost_usd, p.error_kind FROM run_pane p JOIN run r ON r.id = p.run_id"_s;
    sql += conditions(filter, values, false);
    if (!filter.model.isEmpty()) {
        sql += u" AND (p.model_requested = ? OR p.model_answered = ?)"_s;
        values.append(filter.model);
        values.append(filter.model);
    }
    if (!filter.presetId.isEmpty()) {
        sql += u" AND p.preset = ?"_s;
        values.append(filter.presetId);
    }
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values)) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return failure(query);
    }
    struct Samples
    {
        ModelAggregate aggregate;
        QList<double> ttft;
        QList<double> speed;
    };
    QList<Samples> groups;
    QHash<QString, qsizetype> index;
    while (query.next()) {
        const QString key = query.value(0).toString() + u'\x1f' + query.value(1).toString();
        auto found = index.constFind(key);
        if (found == index.cend()) {
            found = index.insert(key, groups.size());
            Samples fresh;
            fresh.aggregate.presetId = query.value(0).toString();
            fresh.aggregate.model = query.value(1).toString();
            groups.append(fresh);
        }
        Samples &group = groups[*found];
        ++group.aggregate.runs;
        if (!query.value(5).isNull()) {
            ++group.aggregate.errors;
        }
        if (!query.value(2).isNull()) {
            group.ttft.append(query.value(2).toDouble());
        }
        if (!query.value(3).isNull()) {
            group.speed.append(query.value(3).toDouble());
        }
        group.aggregate.totalCostUsd += query.value(4).toDouble();
    }
    QList<ModelAggregate> result;
    for (Samples &group : groups) {
        group.aggregate.meanTtftMs = Statistics::mean(group.ttft);
        group.aggregate.medianTtftMs = Statistics::median(group.ttft);
        group.aggregate.meanTokensPerSecond = Statistics::mean(group.speed);
        group.aggregate.medianTokensPerSecond = Statistics::median(group.speed);
        result.append(group.aggregate);
    }
    std::sort(result.begin(), result.end(), [](const ModelAggregate &a, const ModelAggregate &b) {
        return a.runs != b.runs ? a.runs > b.runs : a.model < b.model;
    });
    return result;
}

} // namespace Juxta
