// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaicompatible/chatcompletionsdecoder.h"

#include "providers/chatstream.h"
#include "providers/http/httperror.h"
#include "providers/openaicompatible/openaijson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

FinishReason finishReasonFrom(const QString &reason)
{
    if (reason == "stop"_L1 || reason == "end_turn"_L1 || reason == "eos"_L1) {
        return FinishReason::Stop;
    }
    if (reason == "length"_L1 || reason == "model_length"_L1 || reason == "max_tokens"_L1) {
        return FinishReason::Length;
    }
    if (reason == "tool_calls"_L1 || reason == "function_call"_L1) {
        return FinishReason::ToolCalls;
    }
    if (reason == "content_filter"_L1) {
        return FinishReason::ContentFilter;
    }
    return FinishReason::Other;
}

// Mistral's Magistral streams content as an array of typed parts.
void reportContentArray(const QJsonArray &parts, ChatStream &stream)
{
    for (const QJsonValue &value : parts) {
        const QJsonObject part = value.toObject();
        const QString type = part.value("type"_L1).toString();
        if (type == "text"_L1) {
            stream.reportText(part.value("text"_L1).toString());
        } else if (type == "thinking"_L1) {
            const QJsonValue thinking = part.value("thinking"_L1);
            if (thinking.isString()) {
                stream.reportReasoning(thinking.toString());
            }
            for (const QJsonValue &inner : thinking.toArray()) {
                stream.reportReasoning(inner.toObject().value("text"_L1).toString());
            }
        }
    }
}

} // namespace

ChatCompletionsDecoder::ChatCompletionsDecoder(Reading reading)
    : m_reading(reading)
{ }

void ChatCompletionsDecoder::endOfBody(ChatStream &stream)
{
    // Some compatible servers close after the finishing chunk without sending [DONE]; the
    // finish reason is what proves the answer complete.
    if (m_finishReason) {
        complete(stream);
    }
}

void ChatCompletionsDecoder::handleEvent(const SseEvent &event, ChatStream &stream)
{
    if (QByteArrayView(event.data).trimmed() == "[DONE]") {
        complete(stream);
        return;
    }
    if (m_reading == Reading::Scanned) {
        // Invalid JSON falls through to the document parser, which words the error.
        const auto chunk = m_scanner.object(event.data);
        if (chunk && handleCommonChunk(*chunk, stream)) {
            return;
        }
    }
    const auto parsed = jsonObject(event.data, stream);
    if (!parsed) {
        return;
    }
    const QJsonObject &chunk = *parsed;
    // OpenRouter, llama-server and others report failures inside a 200 stream.
    if (const auto error = errorFromStreamEvent(chunk)) {
        stream.reportFailed(*error);
        return;
    }
    const QString groqError = chunk.value("x_groq"_L1).toObject().value("error"_L1).toString();
    if (!groqError.isEmpty()) {
        ProviderError error;
        error.kind = ProviderError::Kind::Server;
        error.serverMessage = groqError;
        error.message = ProviderError::describe(error.kind, 0, groqError, std::nullopt);
        stream.reportFailed(error);
        return;
    }
    handleChunk(chunk, stream);
}

bool ChatCompletionsDecoder::handleCommonChunk(const JsonScanner::Value &chunk, ChatStream &stream)
{
    using Value = JsonScanner::Value;
    Value id;
    Value model;
    Value fingerprint;
    Value choices;
    JsonScanner::Member member;
    for (JsonScanner::ObjectReader members(m_scanner, chunk); members.next(&member);) {
        if (member.keyIs("id"_L1)) {
            id = member.value;
        } else if (member.keyIs("model"_L1)) {
            model = member.value;
        } else if (member.keyIs("system_fingerprint"_L1)) {
            fingerprint = member.value;
        } else if (member.keyIs("choices"_L1)) {
            choices = member.value;
        } else if (!member.value.isNull()
            && (member.keyIs("error"_L1) || member.keyIs("usage"_L1) || member.keyIs("x_groq"_L1)
                || member.keyIs("prompt_filter_results"_L1))) {
            return false;
        }
    }
    // One choice with a plain delta; tool calls, content arrays and filter verdicts take the long way.
    Value delta;
    Value finishReason;
    if (choices.type == JsonScanner::Type::Array) {
        Value choice;
        for (JsonScanner::ArrayReader elements(m_scanner, choices); elements.next(&choice);) {
            if (choice.type != JsonScanner::Type::Object || !delta.text.isEmpty()) {
                return false;
            }
            for (JsonScanner::ObjectReader fields(m_scanner, choice); fields.next(&member);) {
                if (member.keyIs("index"_L1)) {
                    if (member.value.toInteger().value_or(-1) != 0) {
                        return false;
                    }
                } else if (member.keyIs("delta"_L1)) {
                    delta = member.value;
                } else if (member.keyIs("finish_reason"_L1)) {
                    finishReason = member.value;
                } else if (member.keyIs("content_filter_results"_L1) && member.value.text.size() > 2) {
                    return false;
                }
            }
            if (delta.type != JsonScanner::Type::Object) {
                return false;
            }
        }
    } else if (!choices.isNull()) {
        return false;
    }
    Value reasoningContent;
    Value reasoning;
    Value content;
    Value refusal;
    if (!delta.text.isEmpty()) {
        for (JsonScanner::ObjectReader fields(m_scanner, delta); fields.next(&member);) {
            if (member.keyIs("content"_L1)) {
                content = member.value;
            } else if (member.keyIs("reasoning_content"_L1)) {
                reasoningContent = member.value;
            } else if (member.keyIs("reasoning"_L1)) {
                reasoning = member.value;
            } else if (member.keyIs("refusal"_L1)) {
                refusal = member.value;
            } else if (member.keyIs("tool_calls"_L1) && !member.value.isNull()) {
                return false;
            }
        }
    }
    const auto textOrNull = [](const Value &value) {
        return value.type == JsonScanner::Type::String || value.type == JsonScanner::Type::Null;
    };
    if (!textOrNull(content) || !textOrNull(reasoningContent) || !textOrNull(reasoning) || !textOrNull(refusal)
        || !textOrNull(finishReason)) {
        return false;
    }

    remember(m_info.responseId, m_rawId, id);
    remember(m_info.model, m_rawModel, model);
    remember(m_info.systemFingerprint, m_rawFingerprint, fingerprint);
    // The same order as handleDelta(): reasoning before the answer.
    // An absent or null field reports nothing, and costs no string.
    if (!reasoningContent.isNull()) {
        stream.reportReasoning(*reasoningContent.toString());
    }
    if (!reasoning.isNull()) {
        stream.reportReasoning(*reasoning.toString());
    }
    if (!content.isNull()) {
        stream.reportText(*content.toString());
    }
    if (!refusal.isNull()) {
        stream.reportText(*refusal.toString());
    }
    if (const auto reason = finishReason.toString(); reason && !reason->isEmpty()) {
        m_finishReason = finishReasonFrom(*reason);
        m_info.rawFinishReason = *reason;
        m_infoChanged = true;
    }
    return true;
}

void ChatCompletionsDecoder::remember(QString &field, QByteArray &rawField, const JsonScanner::Value &value)
{
    if (value.type != JsonScanner::Type::String || value.text == rawField) {
        return;
    }
    rawField = value.text.toByteArray();
    const QString text = value.toString().value_or(QString());
    if (!text.isEmpty() && text != field) {
        field = text;
        m_infoChanged = true;
    }
}

void ChatCompletionsDecoder::handleChunk(const QJsonObject &chunk, ChatStream &stream)
{
    // What this chunk says of the ids is decided below; the scanned path must not trust its cache.
    m_rawId.clear();
    m_rawModel.clear();
    m_rawFingerprint.clear();
    const auto remember = [this](QString &field, const QJsonValue &value) {
        const QString text = value.toString();
        if (!text.isEmpty() && text != field) {
            field = text;
            m_infoChanged = true;
        }
    };
    remember(m_info.responseId, chunk.value("id"_L1));
    remember(m_info.model, chunk.value("model"_L1));
    remember(m_info.systemFingerprint, chunk.value("system_fingerprint"_L1));
    // Azure: the prompt's filter verdicts come first, on a chunk without choices.
    const QJsonArray promptFilters = chunk.value("prompt_filter_results"_L1).toArray();
    for (const QJsonValue &result : promptFilters) {
        m_info.annotations.append(QJsonObject {{u"prompt_filter_results"_s, result}});
        m_infoChanged = true;
    }

    const QJsonArray choices = chunk.value("choices"_L1).toArray();
    for (const QJsonValue &value : choices) {
        const QJsonObject choice = value.toObject();
        // Juxta asks for one answer; other indexes would be a server ignoring n=1.
        if (choice.value("index"_L1).toInt() != 0) {
            continue;
        }
        const QJsonObject filters = choice.value("content_filter_results"_L1).toObject();
        if (!filters.isEmpty()) {
            m_info.annotations.append(QJsonObject {{u"content_filter_results"_s, filters}});
            m_infoChanged = true;
        }
        handleDelta(choice.value("delta"_L1).toObject(), stream);
        const QJsonValue reason = choice.value("finish_reason"_L1);
        if (reason.isString() && !reason.toString().isEmpty()) {
            m_finishReason = finishReasonFrom(reason.toString());
            m_info.rawFinishReason = reason.toString();
            m_infoChanged = true;
        }
    }

    const QJsonValue usage = chunk.value("usage"_L1);
    const QJsonValue groqUsage = chunk.value("x_groq"_L1).toObject().value("usage"_L1);
    for (const QJsonValue &candidate : {usage, groqUsage}) {
        if (candidate.isObject()) {
            m_usage.merge(usageFromOpenAiJson(candidate.toObject()));
            m_sawUsage = true;
        }
    }
}

void ChatCompletionsDecoder::handleDelta(const QJsonObject &delta, ChatStream &stream)
{
    // Reasoning arrives before the answer; report it first within a chunk too.
    stream.reportReasoning(delta.value("reasoning_content"_L1).toString());
    stream.reportReasoning(delta.value("reasoning"_L1).toString());
    const QJsonValue content = delta.value("content"_L1);
    if (content.isString()) {
        stream.reportText(content.toString());
    } else if (content.isArray()) {
        reportContentArray(content.toArray(), stream);
    }
    stream.reportText(delta.value("refusal"_L1).toString());
    for (const QJsonValue &value : delta.value("tool_calls"_L1).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value("function"_L1).toObject();
        ToolCallDelta toolCall;
        toolCall.index = call.value("index"_L1).toInt();
        toolCall.id = call.value("id"_L1).toString();
        toolCall.name = function.value("name"_L1).toString();
        toolCall.argumentsFragment = function.value("arguments"_L1).toString();
        stream.reportToolCall(toolCall);
    }
}

void ChatCompletionsDecoder::complete(ChatStream &stream)
{
    if (m_infoChanged) {
        stream.reportResponseInfo(m_info);
        m_infoChanged = false;
    }
    if (m_sawUsage) {
        stream.reportUsage(m_usage);
    }
    // [DONE] without a finish reason: the server ended the answer normally but did not say why.
    stream.reportFinished(m_finishReason.value_or(FinishReason::Stop));
}

} // namespace Juxta::Providers
