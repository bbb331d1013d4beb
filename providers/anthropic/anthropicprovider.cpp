// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropic/anthropicprovider.h"

#include "providers/anthropic/anthropicdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

// Tool arguments travel as JSON text in Juxta and as an object here; broken text stays visible.
QJsonObject argumentsObject(const QString &arguments)
{
    const QJsonDocument document = QJsonDocument::fromJson(arguments.toUtf8());
    return document.isObject() ? document.object() : QJsonObject {{u"arguments"_s, arguments}};
}

} // namespace

QByteArray AnthropicProvider::requestBody(const ChatRequest &request) const
{
    const GenerationParams &params = request.params;
    QJsonObject body {{u"model"_s, request.model}, {u"stream"_s, true}};

    QStringList system;
    if (!request.systemPrompt.isEmpty()) {
        system.append(request.systemPrompt);
    }
    QJsonArray messages;
    for (const ChatMessage &message : request.messages) {
        switch (message.role) {
        case ChatMessage::Role::System:
            system.append(message.content);
            break;
        case ChatMessage::Role::User:
            messages.append(QJsonObject {{u"role"_s, u"user"_s}, {u"content"_s, message.content}});
            break;
        case ChatMessage::Role::Assistant: {
            QJsonArray blocks;
            if (!message.content.isEmpty()) {
                blocks.append(QJsonObject {{u"type"_s, u"text"_s}, {u"text"_s, message.content}});
            }
            for (const ToolCall &call : message.toolCalls) {
                blocks.append(QJsonObject {{u"type"_s, u"tool_use"_s},
                    {u"id"_s, call.id},
                    {u"name"_s, call.name},
                    {u"input"_s, argumentsObject(call.arguments)}});
            }
            messages.append(QJsonObject {{u"role"_s, u"assistant"_s}, {u"content"_s, blocks}});
            break;
        }
        case ChatMessage::Role::Tool:
            messages.append(QJsonObject {{u"role"_s, u"user"_s},
                {u"content"_s,
                    QJsonArray {QJsonObject {{u"type"_s, u"tool_result"_s},
                        {u"tool_use_id"_s, message.toolCallId},
                        {u"content"_s, message.content}}}}});
            break;
        }
    }
    if (!system.isEmpty()) {
        body.insert(u"system"_s, system.join(u"\n\n"_s));
    }
    body.insert(u"messages"_s, messages);

    // max_tokens is required, and with extended thinking it must leave room beyond the budget.
    int maxTokens = params.maxTokens.value_or(preset().defaultMaxTokens);
    if (params.thinkingBudget) {
        if (!params.maxTokens) {
            maxTokens = *params.thinkingBudget + preset().defaultMaxTokens;
        }
        body.insert(u"thinking"_s,
            QJsonObject {{u"type"_s, u"enabled"_s}, {u"budget_tokens"_s, *params.thinkingBudget}});
    }
    body.insert(u"max_tokens"_s, maxTokens);
    if (params.temperature) {
        body.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP) {
        body.insert(u"top_p"_s, *params.topP);
    }
    if (params.topK) {
        body.insert(u"top_k"_s, *params.topK);
    }
    if (!params.stop.isEmpty()) {
        body.insert(u"stop_sequences"_s, QJsonArray::fromStringList(params.stop));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamDecoder> AnthropicProvider::createDecoder() const
{
    return std::make_unique<AnthropicDecoder>();
}

QList<ModelInfo> AnthropicProvider::modelsFromJson(const QJsonObject &document) const
{
    QList<ModelInfo> models;
    for (const QJsonValue &value : document.value("data"_L1).toArray()) {
        const QJsonObject entry = value.toObject();
        ModelInfo model;
        model.id = entry.value("id"_L1).toString();
        model.displayName = entry.value("display_name"_L1).toString(model.id);
        if (entry.value("max_input_tokens"_L1).isDouble()) {
            model.contextLength = entry.value("max_input_tokens"_L1).toInteger();
        }
        if (!model.id.isEmpty()) {
            models.append(model);
        }
    }
    return models;
}

QStringList AnthropicProvider::familyUnsupportedParameters() const
{
    return {u"seed"_s, u"min_p"_s, u"repeat_penalty"_s, u"reasoning_effort"_s, u"response_format"_s};
}

} // namespace Juxta::Providers
