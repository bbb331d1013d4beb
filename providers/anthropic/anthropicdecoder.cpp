// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropic/anthropicdecoder.h"

#include "providers/chatstream.h"
#include "providers/http/httperror.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

FinishReason finishReasonFrom(const QString &reason)
{
    if (reason == "end_turn"_L1 || reason == "stop_sequence"_L1) {
        return FinishReason::Stop;
    }
    if (reason == "max_tokens"_L1 || reason == "model_context_window_exceeded"_L1) {
        return FinishReason::Length;
    }
    if (reason == "tool_use"_L1) {
        return FinishReason::ToolCalls;
    }
    if (reason == "refusal"_L1) {
        return FinishReason::Refusal;
    }
    return FinishReason::Other;
}

} // namespace

void AnthropicDecoder::readUsage(const QJsonObject &usage)
{
    // input_tokens leaves out what the prompt cache served or stored; Juxta's input count is
    // the whole prompt, with the cache's share kept apart.
    const auto count = [&usage](QLatin1StringView key) {
        return usage.value(key).toInteger();
    };
    if (usage.contains("input_tokens"_L1)) {
        m_usage.inputTokens =
            count("input_tokens"_L1) + count("cache_read_input_tokens"_L1) + count("cache_creation_input_tokens"_L1);
    }
    if (usage.contains("cache_read_input_tokens"_L1)) {
        m_usage.cachedInputTokens = count("cache_read_input_tokens"_L1);
    }
    if (usage.contains("output_tokens"_L1)) {
        m_usage.outputTokens = count("output_tokens"_L1); // cumulative in message_delta
    }
}

void AnthropicDecoder::handleEvent(const SseEvent &event, ChatStream &stream)
{
    const auto parsed = jsonObject(event.data, stream);
    if (!parsed) {
        return;
    }
    const QJsonObject &data = *parsed;
    const QString type = event.type.isEmpty() ? data.value("type"_L1).toString() : QString::fromUtf8(event.type);

    if (type == "message_start"_L1) {
        const QJsonObject message = data.value("message"_L1).toObject();
        m_info.responseId = message.value("id"_L1).toString();
        m_info.model = message.value("model"_L1).toString();
        readUsage(message.value("usage"_L1).toObject());
        stream.reportStarted();
    } else if (type == "content_block_start"_L1) {
        const QJsonObject block = data.value("content_block"_L1).toObject();
        const QString blockType = block.value("type"_L1).toString();
        if (blockType == "tool_use"_L1) {
            const int index = int(m_toolIndexByBlock.size());
            m_toolIndexByBlock.insert(data.value("index"_L1).toInt(), index);
            stream.reportToolCall(
                ToolCallDelta {index, block.value("id"_L1).toString(), block.value("name"_L1).toString(), {}});
        } else if (blockType == "text"_L1) {
            stream.reportText(block.value("text"_L1).toString());
        } else if (blockType == "thinking"_L1) {
            stream.reportReasoning(block.value("thinking"_L1).toString());
        }
    } else if (type == "content_block_delta"_L1) {
        const QJsonObject delta = data.value("delta"_L1).toObject();
        const QString deltaType = delta.value("type"_L1).toString();
        if (deltaType == "text_delta"_L1) {
            stream.reportText(delta.value("text"_L1).toString());
        } else if (deltaType == "thinking_delta"_L1) {
            stream.reportReasoning(delta.value("thinking"_L1).toString());
        } else if (deltaType == "input_json_delta"_L1) {
            const auto tool = m_toolIndexByBlock.constFind(data.value("index"_L1).toInt());
            if (tool != m_toolIndexByBlock.constEnd()) {
                stream.reportToolCall(ToolCallDelta {*tool, {}, {}, delta.value("partial_json"_L1).toString()});
            }
        }
        // signature_delta and citations_delta carry nothing Juxta shows.
    } else if (type == "message_delta"_L1) {
        const QString reason = data.value("delta"_L1).toObject().value("stop_reason"_L1).toString();
        if (!reason.isEmpty()) {
            m_finishReason = finishReasonFrom(reason);
            m_info.rawFinishReason = reason;
        }
        readUsage(data.value("usage"_L1).toObject());
    } else if (type == "message_stop"_L1) {
        stream.reportResponseInfo(m_info);
        stream.reportUsage(m_usage);
        stream.reportFinished(m_finishReason.value_or(FinishReason::Stop));
    } else if (type == "error"_L1) {
        if (const auto error = errorFromStreamEvent(data)) {
            stream.reportFailed(*error);
        }
    }
    // ping and content_block_stop need no action.
}

} // namespace Juxta::Providers
