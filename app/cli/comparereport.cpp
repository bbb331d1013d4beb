// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/comparereport.h"

#include "app/cli/optionaljson.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

namespace {

QString figure(const std::optional<double> &value, int decimals, const QString &unit, bool estimated)
{
    if (!value) {
        return u"—"_s;
    }
    return (estimated ? u"~"_s : QString()) + QString::number(*value, 'f', decimals) + unit;
}

} // namespace

CompareReport::CompareReport(const CompareSession &session)
    : m_session(session)
{ }

QString CompareReport::paneLabel(int pane) const
{
    const PaneConfig &config = m_session.paneConfig(pane);
    return config.presetId + u':' + config.model;
}

QJsonObject CompareReport::toJson() const
{
    QJsonArray panes;
    for (int i = 0; i < m_session.paneCount(); ++i) {
        const ResponseRecorder &recorder = m_session.recorder(i);
        const ResponseMetrics metrics = m_session.metrics(i);
        const PaneConfig &config = m_session.paneConfig(i);
        QJsonValue error = QJsonValue::Null;
        if (const auto failure = recorder.error()) {
            error = QJsonObject {
                {u"kind"_s, ProviderError::kindName(failure->kind)},
                {u"message"_s, failure->message},
                {u"http_status"_s, failure->httpStatus > 0 ? QJsonValue(failure->httpStatus) : QJsonValue::Null},
                {u"retry_after_s"_s, optionalJson(failure->retryAfterSeconds)},
            };
        }
        const QJsonObject metricsJson {
            {u"ttfb_ms"_s, optionalJson(metrics.ttfbMs)},
            {u"ttft_ms"_s, optionalJson(metrics.ttftMs)},
            {u"total_ms"_s, optionalJson(metrics.totalMs)},
            {u"input_tokens"_s, optionalJson(metrics.inputTokens)},
            {u"output_tokens"_s, optionalJson(metrics.outputTokens)},
            {u"reasoning_tokens"_s, optionalJson(metrics.reasoningTokens)},
            {u"tokens_per_second"_s, optionalJson(metrics.tokensPerSecond)},
            {u"cost_usd"_s, optionalJson(metrics.costUsd)},
            {u"estimated"_s, QJsonArray::fromStringList(metrics.estimated)},
        };
        const QString answered = recorder.info().model;
        panes.append(QJsonObject {
            {u"preset"_s, config.presetId},
            {u"model"_s, config.model},
            {u"model_answered"_s, answered.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(answered)},
            {u"text"_s, recorder.text()},
            {u"reasoning"_s, recorder.reasoning()},
            {u"finish_reason"_s,
                recorder.finishReason() ? QJsonValue(finishReasonName(*recorder.finishReason()))
                                        : QJsonValue(QJsonValue::Null)},
            {u"error"_s, error},
            {u"metrics"_s, metricsJson},
            {u"annotations"_s, recorder.info().annotations},
        });
    }
    return QJsonObject {{u"panes"_s, panes}};
}

QString CompareReport::paneText(int pane) const
{
    const ResponseRecorder &recorder = m_session.recorder(pane);
    QString text = u"── %1 "_s.arg(paneLabel(pane)).leftJustified(72, u'─') + u'\n';
    if (!recorder.reasoning().isEmpty()) {
        text += u"[reasoning]\n"_s + recorder.reasoning().trimmed() + u"\n[answer]\n"_s;
    }
    text += recorder.text();
    if (!text.endsWith(u'\n')) {
        text += u'\n';
    }
    if (const auto error = recorder.error()) {
        text += u"error: %1\n"_s.arg(error->message);
    }
    // What a provider wants the reader of this pane to know (the local engine's template fallback).
    for (const QJsonValue &annotation : recorder.info().annotations) {
        if (const QString notice = annotation.toObject().value("notice"_L1).toString(); !notice.isEmpty()) {
            text += u"note: %1\n"_s.arg(notice);
        }
    }
    return text;
}

QString CompareReport::table() const
{
    const QStringList headings = {u"PANE"_s, u"TTFT"_s, u"TOK/S"_s, u"IN"_s, u"OUT"_s, u"COST"_s, u"RESULT"_s};
    QList<QStringList> rows;
    for (int i = 0; i < m_session.paneCount(); ++i) {
        const ResponseRecorder &recorder = m_session.recorder(i);
        const ResponseMetrics m = m_session.metrics(i);
        const auto estimated = [&m](const QString &name) {
            return m.estimated.contains(name);
        };
        const auto asDouble = [](const std::optional<qint64> &value) {
            return value ? std::optional<double>(double(*value)) : std::nullopt;
        };
        QString result;
        if (const auto error = recorder.error()) {
            result = u"error: "_s + ProviderError::kindName(error->kind)
                + (error->httpStatus ? u" (HTTP %1)"_s.arg(error->httpStatus) : QString());
        } else if (const auto reason = recorder.finishReason()) {
            result = finishReasonName(*reason);
        }
        rows.append({paneLabel(i),
            figure(asDouble(m.ttftMs), 0, u" ms"_s, false),
            figure(m.tokensPerSecond, 1, {}, estimated(u"tokens_per_second"_s)),
            figure(asDouble(m.inputTokens), 0, {}, estimated(u"input_tokens"_s)),
            figure(asDouble(m.outputTokens), 0, {}, estimated(u"output_tokens"_s)),
            m.costUsd ? (estimated(u"cost_usd"_s) ? u"~$"_s : u"$"_s) + QString::number(*m.costUsd, 'f', 6) : u"—"_s,
            result});
    }
    QList<qsizetype> widths;
    for (const QString &heading : headings) {
        widths.append(heading.size());
    }
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], row[c].size());
        }
    }
    const auto line = [&widths](const QStringList &cells) {
        QString text;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            // Figures align right, words left.
            const bool numeric = c > 0 && c < cells.size() - 1;
            text += (numeric ? cells[c].rightJustified(widths[c]) : cells[c].leftJustified(widths[c])) + u"  "_s;
        }
        return text.trimmed() + u'\n';
    };
    QString text = line(headings);
    for (const QStringList &row : std::as_const(rows)) {
        text += line(row);
    }
    if (!rows.isEmpty()) {
        text += u"~ estimated by Juxta (the provider reported no count)\n"_s;
    }
    return text;
}

} // namespace Juxta
