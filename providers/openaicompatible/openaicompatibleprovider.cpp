// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaicompatible/openaicompatibleprovider.h"

#include "providers/openaicompatible/chatcompletionsdecoder.h"
#include "providers/openaicompatible/openaijson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

QJsonObject messageJson(const ChatMessage &message)
{
    QJsonObject json {{u"role"_s, roleName(message.role)}};
    // An assistant turn that only called tools has no content, and the API wants null then.
    json.insert(u"content"_s,
        message.content.isEmpty() && !message.toolCalls.isEmpty() ? QJsonValue::Null : QJsonValue(message.content));
    if (!message.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const ToolCall &call : message.toolCalls) {
            calls.append(QJsonObject {
                {u"id"_s, call.id},
                {u"type"_s, u"function"_s},
                {u"function"_s, QJsonObject {{u"name"_s, call.name}, {u"arguments"_s, call.arguments}}},
            });
        }
        json.insert(u"tool_calls"_s, calls);
    }
    if (message.role == ChatMessage::Role::Tool) {
        json.insert(u"tool_call_id"_s, message.toolCallId);
    }
    return json;
}

} // namespace

QByteArray OpenAiCompatibleProvider::requestBody(const ChatRequest &request) const
{
    const ProviderPreset &preset = this->preset();
    const GenerationParams &params = request.params;
    QJsonObject body;
    if (preset.modelInBody) {
        body.insert(u"model"_s, request.model);
    }
    QJsonArray messages;
    if (!request.systemPrompt.isEmpty()) {
        messages.append(QJsonObject {{u"role"_s, u"system"_s}, {u"content"_s, request.systemPrompt}});
    }
    for (const ChatMessage &message : request.messages) {
        messages.append(messageJson(message));
    }
    body.insert(u"messages"_s, messages);
    body.insert(u"stream"_s, true);
    if (preset.streamUsageOption) {
        body.insert(u"stream_options"_s, QJsonObject {{u"include_usage"_s, true}});
    }

    const QStringList unsupported = unsupportedParameters(request);
    const auto allowed = [&unsupported](const QString &name) {
        return !unsupported.contains(name);
    };
    if (params.temperature && allowed(u"temperature"_s)) {
        body.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP && allowed(u"top_p"_s)) {
        body.insert(u"top_p"_s, *params.topP);
    }
    if (params.maxTokens && allowed(u"max_tokens"_s)) {
        body.insert(preset.maxTokensField, *params.maxTokens);
    }
    if (!params.stop.isEmpty() && allowed(u"stop"_s)) {
        body.insert(u"stop"_s, QJsonArray::fromStringList(params.stop));
    }
    if (params.seed && allowed(u"seed"_s)) {
        body.insert(preset.seedField, *params.seed);
    }
    if (!params.reasoningEffort.isEmpty() && allowed(u"reasoning_effort"_s)) {
        body.insert(u"reasoning_effort"_s, params.reasoningEffort);
    }
    if (preset.nativeSamplers) {
        if (params.topK) {
            body.insert(u"top_k"_s, *params.topK);
        }
        if (params.minP) {
            body.insert(u"min_p"_s, *params.minP);
        }
        if (params.repeatPenalty) {
            body.insert(u"repeat_penalty"_s, *params.repeatPenalty);
        }
    }
    if (allowed(u"response_format"_s)) {
        if (params.responseFormat == GenerationParams::ResponseFormat::JsonObject) {
            body.insert(u"response_format"_s, QJsonObject {{u"type"_s, u"json_object"_s}});
        } else if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
            body.insert(u"response_format"_s,
                QJsonObject {{u"type"_s, u"json_schema"_s},
                    {u"json_schema"_s,
                        QJsonObject {{u"name"_s, u"answer"_s},
                            {u"schema"_s, params.jsonSchema},
                            {u"strict"_s, true}}}});
        }
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamDecoder> OpenAiCompatibleProvider::createDecoder() const
{
    return std::make_unique<ChatCompletionsDecoder>();
}

QList<ModelInfo> OpenAiCompatibleProvider::modelsFromJson(const QJsonObject &document) const
{
    return modelsFromOpenAiJson(document);
}

QStringList OpenAiCompatibleProvider::familyUnsupportedParameters() const
{
    QStringList names {u"thinking_budget"_s};
    if (!preset().nativeSamplers) {
        names << u"top_k"_s << u"min_p"_s << u"repeat_penalty"_s;
    }
    return names;
}

} // namespace Juxta::Providers
