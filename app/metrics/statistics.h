// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>

namespace Juxta::Statistics {

/** The arithmetic mean, or nothing for no values. */
std::optional<double> mean(const QList<double> &values);

/** The middle value (the mean of the middle two for an even count), or nothing for no values. */
std::optional<double> median(QList<double> values);

} // namespace Juxta::Statistics
