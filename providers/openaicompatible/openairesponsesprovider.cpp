// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaicompatible/openairesponsesprovider.h"

#include "providers/openaicompatible/openaijson.h"
#include "providers/openaicompatible/responsesdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

QByteArray OpenAiResponsesProvider::requestBody(const ChatRequest &request) const
{
    const GenerationParams &params = request.params;
    QJsonObject body {{u"model"_s, request.model}, {u"stream"_s, true}, {u"store"_s, false}};
    if (!request.systemPrompt.isEmpty()) {
        body.insert(u"instructions"_s, request.systemPrompt);
    }
    QJsonArray input;
    for (const ChatMessage &message : request.messages) {
        switch (message.role) {
        case ChatMessage::Role::System:
        case ChatMessage::Role::User:
            input.append(QJsonObject {{u"role"_s, message.role == ChatMessage::Role::System ? u"system"_s : u"user"_s},
                {u"content"_s, QJsonArray {QJsonObject {{u"type"_s, u"input_text"_s}, {u"text"_s, message.content}}}}});
            break;
        case ChatMessage::Role::Assistant:
            if (!message.content.isEmpty()) {
                input.append(QJsonObject {{u"role"_s, u"assistant"_s},
                    {u"content"_s,
                        QJsonArray {QJsonObject {{u"type"_s, u"output_text"_s}, {u"text"_s, message.content}}}}});
            }
            for (const ToolCall &call : message.toolCalls) {
                input.append(QJsonObject {{u"type"_s, u"function_call"_s},
                    {u"call_id"_s, call.id},
                    {u"name"_s, call.name},
                    {u"arguments"_s, call.arguments}});
            }
            break;
        case ChatMessage::Role::Tool:
            input.append(QJsonObject {{u"type"_s, u"function_call_output"_s},
                {u"call_id"_s, message.toolCallId},
                {u"output"_s, message.content}});
            break;
        }
    }
    body.insert(u"input"_s, input);

    if (params.temperature) {
        body.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP) {
        body.insert(u"top_p"_s, *params.topP);
    }
    if (params.maxTokens) {
        body.insert(u"max_output_tokens"_s, *params.maxTokens);
    }
    if (!params.reasoningEffort.isEmpty()) {
        body.insert(u"reasoning"_s, QJsonObject {{u"effort"_s, params.reasoningEffort}, {u"summary"_s, u"auto"_s}});
    }
    if (params.responseFormat == GenerationParams::ResponseFormat::JsonObject) {
        body.insert(u"text"_s, QJsonObject {{u"format"_s, QJsonObject {{u"type"_s, u"json_object"_s}}}});
    } else if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
        body.insert(u"text"_s,
            QJsonObject {{u"format"_s,
                QJsonObject {{u"type"_s, u"json_schema"_s},
                    {u"name"_s, u"answer"_s},
                    {u"schema"_s, params.jsonSchema},
                    {u"strict"_s, true}}}});
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamDecoder> OpenAiResponsesProvider::createDecoder() const
{
    return std::make_unique<ResponsesDecoder>();
}

QList<ModelInfo> OpenAiResponsesProvider::modelsFromJson(const QJsonObject &document) const
{
    return modelsFromOpenAiJson(document);
}

QStringList OpenAiResponsesProvider::familyUnsupportedParameters() const
{
    return {u"stop"_s, u"seed"_s, u"top_k"_s, u"min_p"_s, u"repeat_penalty"_s, u"thinking_budget"_s};
}

} // namespace Juxta::Providers
