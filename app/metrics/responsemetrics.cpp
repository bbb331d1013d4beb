// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/metrics/responsemetrics.h"

#include "app/metrics/responserecorder.h"
#include "providers/providerpreset.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {
// English text averages about four characters per token across current tokenizers; only
// used when a provider reports no count, and then marked as estimated.
constexpr double CharactersPerToken = 4.0;
} // namespace

ResponseMetrics ResponseMetrics::from(
    const ResponseRecorder &recorder, qsizetype promptCharacters, const Providers::ModelInfo *model)
{
    ResponseMetrics metrics;
    metrics.ttfbMs = recorder.firstByteMs();
    metrics.ttftMs = recorder.firstTokenMs();
    metrics.totalMs = recorder.endMs();

    const Providers::TokenUsage usage = recorder.usage();
    metrics.inputTokens = usage.inputTokens;
    // A request the provider never accepted cost nothing and read nothing: no estimate then.
    const bool accepted = recorder.firstByteMs().has_value();
    if (!metrics.inputTokens && accepted && promptCharacters > 0) {
        metrics.inputTokens = qint64(std::ceil(promptCharacters / CharactersPerToken));
        metrics.estimated.append(u"input_tokens"_s);
    }
    metrics.outputTokens = usage.outputTokens;
    if (!metrics.outputTokens && recorder.deltaCount() > 0) {
        // Streaming servers send about one delta per token.
        metrics.outputTokens = recorder.deltaCount();
        metrics.estimated.append(u"output_tokens"_s);
    }
    metrics.reasoningTokens = usage.reasoningTokens;
    metrics.cachedInputTokens = usage.cachedInputTokens;

    // The rate of decoding, from first to last token: the first token also carries the
    // prompt's processing, which TTFT already shows.
    const auto first = recorder.firstTokenMs();
    const auto last = recorder.lastTokenMs();
    if (metrics.outputTokens && *metrics.outputTokens > 1 && first && last && *last > *first) {
        metrics.tokensPerSecond = double(*metrics.outputTokens - 1) * 1000.0 / double(*last - *first);
        if (metrics.estimated.contains(u"output_tokens"_s)) {
            metrics.estimated.append(u"tokens_per_second"_s);
        }
    }

    if (model && model->inputPrice && model->outputPrice && (metrics.inputTokens || metrics.outputTokens)) {
        const double cached = double(metrics.cachedInputTokens.value_or(0));
        const double input = double(metrics.inputTokens.value_or(0)) - cached;
        const double cachedPrice = model->cachedInputPrice.value_or(*model->inputPrice);
        metrics.costUsd = (input * *model->inputPrice + cached * cachedPrice
                              + double(metrics.outputTokens.value_or(0)) * *model->outputPrice)
            / 1e6;
        if (metrics.estimated.contains(u"input_tokens"_s) || metrics.estimated.contains(u"output_tokens"_s)) {
            metrics.estimated.append(u"cost_usd"_s);
        }
    }
    return metrics;
}

} // namespace Juxta
