// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <optional>

namespace Juxta::Providers {

/** Token counts as the provider reported them; a count it did not report stays unset. */
struct TokenUsage
{
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    /** Part of outputTokens spent on reasoning. */
    std::optional<qint64> reasoningTokens;
    /** Part of inputTokens served from the provider's prompt cache. */
    std::optional<qint64> cachedInputTokens;

    /** Fills in what @p later reports, keeping earlier counts it leaves out. */
    void merge(const TokenUsage &later)
    {
        if (later.inputTokens) {
            inputTokens = later.inputTokens;
        }
        if (later.outputTokens) {
            outputTokens = later.outputTokens;
        }
        if (later.reasoningTokens) {
            reasoningTokens = later.reasoningTokens;
        }
        if (later.cachedInputTokens) {
            cachedInputTokens = later.cachedInputTokens;
        }
    }
};

} // namespace Juxta::Providers
