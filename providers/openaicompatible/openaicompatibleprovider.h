// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/http/httpprovider.h"

namespace Juxta::Providers {

/**
 * OpenAI Chat Completions and every server that copies it: OpenAI, Azure OpenAI and Azure AI
 * Foundry, xAI, DeepSeek, Mistral, Groq, OpenRouter, Ollama's /v1, llama-server, LM Studio,
 * vLLM and any custom base URL. The preset says where they differ.
 */
class OpenAiCompatibleProvider : public HttpProvider
{
    Q_OBJECT

public:
    using HttpProvider::HttpProvider;

    QByteArray requestBody(const ChatRequest &request) const override;

protected:
    std::unique_ptr<StreamDecoder> createDecoder() const override;
    QList<ModelInfo> modelsFromJson(const QJsonObject &document) const override;
    QStringList familyUnsupportedParameters() const override;
};

} // namespace Juxta::Providers
