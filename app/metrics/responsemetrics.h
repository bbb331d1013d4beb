// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

namespace Juxta {

class ResponseRecorder;

namespace Providers {
struct ModelInfo;
}

/**
 * The figures a pane shows for one response. Counts come from the provider when it reported
 * them; otherwise Juxta estimates them and names the figure in `estimated`, so a user can
 * tell a reported number from a guess.
 */
struct ResponseMetrics
{
    std::optional<qint64> ttfbMs;
    std::optional<qint64> ttftMs;
    std::optional<qint64> totalMs;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> reasoningTokens;
    std::optional<qint64> cachedInputTokens;
    /** Output tokens per second from the first to the last token. */
    std::optional<double> tokensPerSecond;
    std::optional<double> costUsd;
    /** Names of the figures above that Juxta estimated ("input_tokens", "cost_usd"…). */
    QStringList estimated;

    /**
     * Computes the metrics of a recorded response. @p promptCharacters sizes the input estimate
     * when the provider reports no count; @p model carries the prices (null: cost unknown).
     */
    static ResponseMetrics from(
        const ResponseRecorder &recorder, qsizetype promptCharacters, const Providers::ModelInfo *model);
};

} // namespace Juxta
