// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>

#include <optional>

namespace Juxta {

/** A figure for a CLI's JSON output: the number, or null where there is none. */
template<typename T>
QJsonValue optionalJson(const std::optional<T> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

} // namespace Juxta
