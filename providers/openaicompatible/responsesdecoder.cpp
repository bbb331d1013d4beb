// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaicompatible/responsesdecoder.h"

#include "providers/chatstream.h"
#include "providers/http/httperror.h"
#include "providers/openaicompatible/openaijson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

void ResponsesDecoder::rememberResponse(const QJsonObject &response)
{
    if (response.contains("id"_L1)) {
        m_info.responseId = response.value("id"_L1).toString();
    }
    if (response.contains("model"_L1)) {
        m_info.model = response.value("model"_L1).toString();
    }
}

void ResponsesDecoder::handleEvent(const SseEvent &event, ChatStream &stream)
{
    const auto parsed = jsonObject(event.data, stream);
    if (!parsed) {
        return;
    }
    const QJsonObject &data = *parsed;
    // The type is in the event line and repeated in the data; servers that omit the line exist.
    const QString type = event.type.isEmpty() ? data.value("type"_L1).toString() : QString::fromUtf8(event.type);

    if (type == "response.output_text.delta"_L1) {
        stream.reportText(data.value("delta"_L1).toString());
    } else if (type == "response.reasoning_summary_text.delta"_L1 || type == "response.reasoning_text.delta"_L1) {
        stream.reportReasoning(data.value("delta"_L1).toString());
    } else if (type == "response.refusal.delta"_L1) {
        stream.reportText(data.value("delta"_L1).toString());
    } else if (type == "response.output_item.added"_L1) {
        const QJsonObject item = data.value("item"_L1).toObject();
        if (item.value("type"_L1).toString() == "function_call"_L1) {
            const int index = m_callCount++;
            m_callIndexByItem.insert(item.value("id"_L1).toString(), index);
            stream.reportToolCall(ToolCallDelta {index,
                item.value("call_id"_L1).toString(),
                item.value("name"_L1).toString(),
                item.value("arguments"_L1).toString()});
        }
    } else if (type == "response.function_call_arguments.delta"_L1) {
        const auto index = m_callIndexByItem.constFind(data.value("item_id"_L1).toString());
        if (index != m_callIndexByItem.constEnd()) {
            stream.reportToolCall(ToolCallDelta {*index, {}, {}, data.value("delta"_L1).toString()});
        }
    } else if (type == "response.created"_L1 || type == "response.in_progress"_L1) {
        rememberResponse(data.value("response"_L1).toObject());
        stream.reportStarted();
    } else if (type == "response.completed"_L1 || type == "response.incomplete"_L1 || type == "response.failed"_L1) {
        handleTerminal(type, data.value("response"_L1).toObject(), stream);
    } else if (type == "error"_L1) {
        // {"type":"error","code","message","param"}
        ProviderError error;
        error.kind = ProviderError::Kind::Server;
        error.serverMessage = data.value("message"_L1).toString();
        error.serverCode = data.value("code"_L1).toString();
        if (const auto mapped = errorFromStreamEvent(QJsonObject {{u"error"_s, data}})) {
            error.kind = mapped->kind;
        }
        error.message = ProviderError::describe(error.kind, 0, error.serverMessage, std::nullopt);
        stream.reportFailed(error);
    }
    // Other event types (content_part, output_text.done, …) repeat what the deltas said.
}

void ResponsesDecoder::handleTerminal(const QString &type, const QJsonObject &response, ChatStream &stream)
{
    rememberResponse(response);
    m_info.rawFinishReason = response.value("status"_L1).toString();
    if (type == "response.failed"_L1) {
        ProviderError error;
        const QJsonObject failure = response.value("error"_L1).toObject();
        error.kind = ProviderError::Kind::Server;
        error.serverMessage = failure.value("message"_L1).toString();
        error.serverCode = failure.value("code"_L1).toString();
        error.message = ProviderError::describe(error.kind, 0, error.serverMessage, std::nullopt);
        stream.reportResponseInfo(m_info);
        stream.reportFailed(error);
        return;
    }
    FinishReason reason = m_callCount > 0 ? FinishReason::ToolCalls : FinishReason::Stop;
    if (type == "response.incomplete"_L1) {
        const QString why = response.value("incomplete_details"_L1).toObject().value("reason"_L1).toString();
        m_info.rawFinishReason = why;
        reason = why == "content_filter"_L1 ? FinishReason::ContentFilter
            : why == "max_output_tokens"_L1 ? FinishReason::Length
                                            : FinishReason::Other;
    }
    stream.reportResponseInfo(m_info);
    if (response.value("usage"_L1).isObject()) {
        stream.reportUsage(usageFromOpenAiJson(response.value("usage"_L1).toObject()));
    }
    stream.reportFinished(reason);
}

} // namespace Juxta::Providers
