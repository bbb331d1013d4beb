// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerfactory.h"

#include "providers/anthropic/anthropicprovider.h"
#include "providers/gemini/geminiprovider.h"
#include "providers/openaicompatible/openaicompatibleprovider.h"
#include "providers/openaicompatible/openairesponsesprovider.h"

namespace Juxta::Providers {

std::unique_ptr<Provider> ProviderFactory::create(
    const ProviderPreset &preset, QNetworkAccessManager &network, const QString &apiKey)
{
    switch (preset.family) {
    case WireFamily::OpenAiChat:
        return std::make_unique<OpenAiCompatibleProvider>(preset, network, apiKey);
    case WireFamily::OpenAiResponses:
        return std::make_unique<OpenAiResponsesProvider>(preset, network, apiKey);
    case WireFamily::Anthropic:
        return std::make_unique<AnthropicProvider>(preset, network, apiKey);
    case WireFamily::Gemini:
        return std::make_unique<GeminiProvider>(preset, network, apiKey);
    }
    return nullptr;
}

} // namespace Juxta::Providers
