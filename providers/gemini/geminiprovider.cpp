// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/gemini/geminiprovider.h"

#include "providers/gemini/geminidecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {
QJsonObject textPart(const QString &text)
{
    return QJsonObject {{u"text"_s, text}};
}
} // namespace

QByteArray GeminiProvider::requestBody(const ChatRequest &request) const
{
    const GenerationParams &params = request.params;
    QJsonObject body;
    QJsonArray systemParts;
    if (!request.systemPrompt.isEmpty()) {
        systemParts.append(textPart(request.systemPrompt));
    }
    QJsonArray contents;
    for (const ChatMessage &message : request.messages) {
        switch (message.role) {
        case ChatMessage::Role::System:
            systemParts.append(textPart(message.content));
            break;
        case ChatMessage::Role::User:
            contents.append(QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, QJsonArray {textPart(message.content)}}});
            break;
        case ChatMessage::Role::Assistant: {
            QJsonArray parts;
            if (!message.content.isEmpty()) {
                parts.append(textPart(message.content));
            }
            for (const ToolCall &call : message.toolCalls) {
                const QJsonDocument arguments = QJsonDocument::fromJson(call.arguments.toUtf8());
                parts.append(QJsonObject {
                    {u"functionCall"_s, QJsonObject {{u"name"_s, call.name}, {u"args"_s, arguments.object()}}}});
            }
            contents.append(QJsonObject {{u"role"_s, u"model"_s}, {u"parts"_s, parts}});
            break;
        }
        case ChatMessage::Role::Tool:
            // Gemini matches a result to its call by the function's name, which Juxta keeps as the call id.
            contents.append(QJsonObject {{u"role"_s, u"user"_s},
                {u"parts"_s,
                    QJsonArray {QJsonObject {{u"functionResponse"_s,
                        QJsonObject {{u"name"_s, message.toolCallId},
                            {u"response"_s, QJsonObject {{u"content"_s, message.content}}}}}}}}});
            break;
        }
    }
    if (!systemParts.isEmpty()) {
        body.insert(u"systemInstruction"_s, QJsonObject {{u"parts"_s, systemParts}});
    }
    body.insert(u"contents"_s, contents);

    QJsonObject config;
    if (params.temperature) {
        config.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP) {
        config.insert(u"topP"_s, *params.topP);
    }
    if (params.topK) {
        config.insert(u"topK"_s, *params.topK);
    }
    if (params.maxTokens) {
        config.insert(u"maxOutputTokens"_s, *params.maxTokens);
    }
    if (!params.stop.isEmpty()) {
        config.insert(u"stopSequences"_s, QJsonArray::fromStringList(params.stop));
    }
    if (params.seed) {
        config.insert(u"seed"_s, *params.seed);
    }
    if (params.responseFormat != GenerationParams::ResponseFormat::Text) {
        config.insert(u"responseMimeType"_s, u"application/json"_s);
        if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
            config.insert(u"responseJsonSchema"_s, params.jsonSchema);
        }
    }
    if (params.thinkingBudget) {
        config.insert(u"thinkingConfig"_s,
            QJsonObject {{u"thinkingBudget"_s, *params.thinkingBudget}, {u"includeThoughts"_s, true}});
    }
    if (!config.isEmpty()) {
        body.insert(u"generationConfig"_s, config);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamDecoder> GeminiProvider::createDecoder() const
{
    return std::make_unique<GeminiDecoder>();
}

QList<ModelInfo> GeminiProvider::modelsFromJson(const QJsonObject &document) const
{
    QList<ModelInfo> models;
    for (const QJsonValue &value : document.value("models"_L1).toArray()) {
        const QJsonObject entry = value.toObject();
        const QJsonArray methods = entry.value("supportedGenerationMethods"_L1).toArray();
        if (!methods.contains(u"generateContent"_s)) {
            continue; // embedding and other models cannot chat
        }
        ModelInfo model;
        model.id = entry.value("name"_L1).toString();
        if (model.id.startsWith("models/"_L1)) {
            model.id.remove(0, 7);
        }
        model.displayName = entry.value("displayName"_L1).toString(model.id);
        if (entry.value("inputTokenLimit"_L1).isDouble()) {
            model.contextLength = entry.value("inputTokenLimit"_L1).toInteger();
        }
        models.append(model);
    }
    return models;
}

QStringList GeminiProvider::familyUnsupportedParameters() const
{
    return {u"min_p"_s, u"repeat_penalty"_s, u"reasoning_effort"_s};
}

} // namespace Juxta::Providers
