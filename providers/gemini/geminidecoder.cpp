// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/gemini/geminidecoder.h"

#include "providers/chatstream.h"
#include "providers/http/httperror.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

FinishReason finishReasonFrom(const QString &reason)
{
    if (reason == "STOP"_L1) {
        return FinishReason::Stop;
    }
    if (reason == "MAX_TOKENS"_L1) {
        return FinishReason::Length;
    }
    static const QLatin1StringView blocked[] = {"SAFETY"_L1,
        "RECITATION"_L1,
        "BLOCKLIST"_L1,
        "SPII"_L1,
        "PROHIBITED_CONTENT"_L1,
        "IMAGE_SAFETY"_L1,
        "LANGUAGE"_L1};
    for (const QLatin1StringView name : blocked) {
        if (reason == name) {
            return FinishReason::ContentFilter;
        }
    }
    return FinishReason::Other;
}

} // namespace

void GeminiDecoder::endOfBody(ChatStream &stream)
{
    if (!m_finishReason) {
        return; // without a finish reason HttpChatStream reports the stream truncated
    }
    stream.reportResponseInfo(m_info);
    if (m_sawUsage) {
        stream.reportUsage(m_usage);
    }
    stream.reportFinished(
        *m_finishReason == FinishReason::Stop && m_toolCalls > 0 ? FinishReason::ToolCalls : *m_finishReason);
}

void GeminiDecoder::handleEvent(const SseEvent &event, ChatStream &stream)
{
    const auto parsed = jsonObject(event.data, stream);
    if (!parsed) {
        return;
    }
    const QJsonObject &chunk = *parsed;
    if (const auto error = errorFromStreamEvent(chunk)) {
        stream.reportFailed(*error);
        return;
    }
    stream.reportStarted();
    if (chunk.contains("modelVersion"_L1)) {
        m_info.model = chunk.value("modelVersion"_L1).toString();
    }
    if (chunk.contains("responseId"_L1)) {
        m_info.responseId = chunk.value("responseId"_L1).toString();
    }
    // A blocked prompt gets no candidates, only the reason.
    const QJsonObject feedback = chunk.value("promptFeedback"_L1).toObject();
    if (const QString blocked = feedback.value("blockReason"_L1).toString(); !blocked.isEmpty()) {
        m_info.annotations.append(QJsonObject {{u"promptFeedback"_s, feedback}});
        stream.reportResponseInfo(m_info);
        ProviderError error;
        error.kind = ProviderError::Kind::ContentFilter;
        error.serverCode = blocked;
        error.message = ProviderError::describe(error.kind, 0, blocked, std::nullopt);
        stream.reportFailed(error);
        return;
    }

    const QJsonObject candidate = chunk.value("candidates"_L1).toArray().first().toObject();
    for (const QJsonValue &value : candidate.value("content"_L1).toObject().value("parts"_L1).toArray()) {
        const QJsonObject part = value.toObject();
        if (part.contains("functionCall"_L1)) {
            // Function calls arrive whole, with arguments as an object and often no id.
            const QJsonObject call = part.value("functionCall"_L1).toObject();
            const QString name = call.value("name"_L1).toString();
            stream.reportToolCall(ToolCallDelta {m_toolCalls++,
                call.value("id"_L1).toString(name),
                name,
                QString::fromUtf8(QJsonDocument(call.value("args"_L1).toObject()).toJson(QJsonDocument::Compact))});
        } else if (part.value("thought"_L1).toBool()) {
            stream.reportReasoning(part.value("text"_L1).toString());
        } else {
            stream.reportText(part.value("text"_L1).toString());
        }
    }
    if (const QString reason = candidate.value("finishReason"_L1).toString(); !reason.isEmpty()) {
        m_finishReason = finishReasonFrom(reason);
        m_info.rawFinishReason = reason;
        if (*m_finishReason == FinishReason::ContentFilter && candidate.contains("safetyRatings"_L1)) {
            m_info.annotations.append(QJsonObject {{u"safetyRatings"_s, candidate.value("safetyRatings"_L1)}});
        }
    }
    const QJsonObject usage = chunk.value("usageMetadata"_L1).toObject();
    if (!usage.isEmpty()) {
        m_sawUsage = true;
        const qint64 thoughts = usage.value("thoughtsTokenCount"_L1).toInteger();
        m_usage.inputTokens = usage.value("promptTokenCount"_L1).toInteger();
        // candidatesTokenCount leaves thoughts out; Juxta's output count includes reasoning.
        m_usage.outputTokens = usage.value("candidatesTokenCount"_L1).toInteger() + thoughts;
        if (usage.contains("thoughtsTokenCount"_L1)) {
            m_usage.reasoningTokens = thoughts;
        }
        if (usage.contains("cachedContentTokenCount"_L1)) {
            m_usage.cachedInputTokens = usage.value("cachedContentTokenCount"_L1).toInteger();
        }
    }
}

} // namespace Juxta::Providers
