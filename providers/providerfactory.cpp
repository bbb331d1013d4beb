// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerfactory.h"

#include "providers/anthropic/anthropicprovider.h"
#include "providers/gemini/geminiprovider.h"
#include "providers/local/localllamaprovider.h"
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
    case WireFamily::Local:
        // Default engine settings; a caller that wants its own (context, threads, GPU layers)
        // makes the LocalLlamaProvider itself and shares it between panes.
        return std::make_unique<LocalLlamaProvider>(preset);
    }
    return nullptr;
}

} // namespace Juxta::Providers
