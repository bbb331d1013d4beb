// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta::Providers {

/** The figures of one generated answer, measured by the engine itself. */
struct LlamaGenerationStats
{
    /** Tokens of the whole formatted prompt. */
    int promptTokens = 0;
    /** Prompt tokens found in the KV cache from the previous turn and not evaluated again. */
    int reusedPromptTokens = 0;
    /** Prompt tokens actually evaluated this turn (promptTokens - reusedPromptTokens). */
    int evaluatedPromptTokens = 0;
    int outputTokens = 0;
    double promptEvalMs = 0;
    double decodeMs = 0;
    /** The chat template used: the model's own, or ChatML when libllama did not know it. */
    bool usedFallbackTemplate = false;
    /** The full answer as generated (stop strings removed), for callers that do not stream. */
    QString text;
};

} // namespace Juxta::Providers
