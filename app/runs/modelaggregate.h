// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Juxta {

/** What the history says about one model on one provider: the data behind charts and leaderboards. */
struct ModelAggregate
{
    QString presetId;
    QString model;
    int runs = 0;
    int errors = 0;
    std::optional<double> meanTtftMs;
    std::optional<double> medianTtftMs;
    std::optional<double> meanTokensPerSecond;
    std::optional<double> medianTokensPerSecond;
    /** The sum of the costs that are known; runs without a price add nothing. */
    double totalCostUsd = 0;

    double errorRate() const { return runs > 0 ? double(errors) / runs : 0; }
};

} // namespace Juxta
