// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runexport.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

template<typename T>
QJsonValue optionalJson(const std::optional<T> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString figure(const std::optional<qint64> &value, const QString &unit)
{
    return value ? QString::number(*value) + unit : u"–"_s;
}

QString fence(const QString &text)
{
    // A fence longer than any backtick run inside, so the text cannot close it.
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max<qsizetype>(3, longest + 1), u'`');
}

QString quoted(const QString &text)
{
    const QString marks = fence(text);
    return marks + u'\n' + text + u'\n' + marks + u'\n';
}

} // namespace

QJsonObject RunExport::metricsJson(const ResponseMetrics &m)
{
    return QJsonObject {
        {u"ttfb_ms"_s, optionalJson(m.ttfbMs)},
        {u"ttft_ms"_s, optionalJson(m.ttftMs)},
        {u"total_ms"_s, optionalJson(m.totalMs)},
        {u"input_tokens"_s, optionalJson(m.inputTokens)},
        {u"output_tokens"_s, optionalJson(m.outputTokens)},
        {u"reasoning_tokens"_s, optionalJson(m.reasoningTokens)},
        {u"cached_input_tokens"_s, optionalJson(m.cachedInputTokens)},
        {u"tokens_per_second"_s, optionalJson(m.tokensPerSecond)},
        {u"cost_usd"_s, optionalJson(m.costUsd)},
        {u"estimated"_s, QJsonArray::fromStringList(m.estimated)},
    };
}

QJsonObject RunExport::toJson(const RunRecord &run)
{
    QJsonArray panes;
    for (const RunPane &pane : run.panes) {
        panes.append(QJsonObject {
            {u"index"_s, pane.paneIndex},
            {u"preset"_s, pane.presetId},
            {u"endpoint_host"_s, pane.endpointHost},
            {u"model"_s, pane.modelRequested},
            {u"model_answered"_s, textOrNull(pane.modelAnswered)},
            {u"parameters"_s, pane.parameters},
            {u"system_prompt"_s, pane.systemPrompt},
            {u"conversation"_s, pane.conversation},
            {u"output"_s, pane.output},
            {u"reasoning"_s, pane.reasoning},
            {u"tool_calls"_s, pane.toolCalls},
            {u"finish_reason"_s, textOrNull(pane.finishReason)},
            {u"error"_s,
                pane.failed() ? QJsonValue(QJsonObject {{u"kind"_s, pane.errorKind}, {u"message"_s, pane.errorMessage}})
                              : QJsonValue(QJsonValue::Null)},
            {u"response_id"_s, textOrNull(pane.responseId)},
            {u"annotations"_s, pane.annotations},
            {u"metrics"_s, metricsJson(pane.metrics)},
        });
    }
    return QJsonObject {
        {u"id"_s, run.id},
        {u"created_at"_s, run.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {u"prompt"_s,
            QJsonObject {
                {u"name"_s, textOrNull(run.promptName)},
                {u"version"_s, optionalJson(run.promptVersionNumber)},
                {u"variables"_s, run.variables},
                {u"system"_s, run.systemText},
                {u"text"_s, run.promptText},
            }},
        {u"rerun_of"_s, optionalJson(run.rerunOf)},
        {u"panes"_s, panes},
    };
}

QString RunExport::toMarkdown(const RunRecord &run)
{
    QString md = u"# Run %1 — %2\n\n"_s.arg(run.id).arg(run.createdAt.toUTC().toString(Qt::ISODate));
    if (run.rerunOf) {
        md += u"Re-run of run %1\n\n"_s.arg(*run.rerunOf);
    }
    if (!run.promptName.isEmpty()) {
        md += u"Prompt: **%1**"_s.arg(run.promptName);
        if (run.promptVersionNumber) {
            md += u" (version %1)"_s.arg(*run.promptVersionNumber);
        }
        md += u"\n\n"_s;
    }
    if (!run.variables.isEmpty()) {
        md += u"Variables:\n\n"_s;
        for (auto it = run.variables.constBegin(); it != run.variables.constEnd(); ++it) {
            md += u"- `%1` = %2\n"_s.arg(it.key(), it.value().toString());
        }
        md += u'\n';
    }
    if (!run.systemText.isEmpty()) {
        md += u"## System\n\n"_s + quoted(run.systemText) + u'\n';
    }
    md += u"## Prompt\n\n"_s + quoted(run.promptText) + u'\n';
    for (const RunPane &pane : run.panes) {
        md += u"## %1:%2\n\n"_s.arg(pane.presetId, pane.modelRequested);
        md += u"- Endpoint: %1\n"_s.arg(pane.endpointHost.isEmpty() ? u"–"_s : pane.endpointHost);
        if (!pane.modelAnswered.isEmpty() && pane.modelAnswered != pane.modelRequested) {
            md += u"- Answered by: %1\n"_s.arg(pane.modelAnswered);
        }
        if (!pane.parameters.isEmpty()) {
            md += u"- Parameters: `%1`\n"_s.arg(
                QString::fromUtf8(QJsonDocument(pane.parameters).toJson(QJsonDocument::Compact)));
        }
        md += u"- Finish: %1\n"_s.arg(pane.failed() ? u"error (%1)"_s.arg(pane.errorKind) : pane.finishReason);
        const ResponseMetrics &m = pane.metrics;
        md += u"- TTFT %1, total %2, tokens in %3 / out %4"_s.arg(figure(m.ttftMs, u" ms"_s),
            figure(m.totalMs, u" ms"_s),
            figure(m.inputTokens, QString()),
            figure(m.outputTokens, QString()));
        if (m.tokensPerSecond) {
            md += u", %1 tok/s"_s.arg(*m.tokensPerSecond, 0, 'f', 1);
        }
        if (m.costUsd) {
            md += u", $%1"_s.arg(*m.costUsd, 0, 'f', 6);
        }
        md += u"\n\n"_s;
        if (pane.failed()) {
            md += u"> **Error:** %1\n\n"_s.arg(pane.errorMessage);
        }
        if (!pane.reasoning.isEmpty()) {
            md += u"<details><summary>Reasoning</summary>\n\n"_s + pane.reasoning + u"\n\n</details>\n\n"_s;
        }
        md += pane.output + u"\n\n"_s;
        if (!pane.toolCalls.isEmpty()) {
            md += u"Tool calls:\n\n"_s
                + quoted(QString::fromUtf8(QJsonDocument(pane.toolCalls).toJson(QJsonDocument::Indented))) + u'\n';
        }
    }
    return md;
}

} // namespace Juxta
