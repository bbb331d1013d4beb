// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/metrics/statistics.h"

#include <algorithm>
#include <numeric>

namespace Juxta::Statistics {

std::optional<double> mean(const QList<double> &values)
{
    if (values.isEmpty()) {
        return std::nullopt;
    }
    return std::accumulate(values.cbegin(), values.cend(), 0.0) / double(values.size());
}

std::optional<double> median(QList<double> values)
{
    if (values.isEmpty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

} // namespace Juxta::Statistics
