// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/loopback/recordedrequest.h"

#include <algorithm>

namespace Juxta::Loopback {

QByteArray RecordedRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

bool RecordedRequest::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &entry) {
        return name.compare(entry.first, Qt::CaseInsensitive) == 0;
    });
}

} // namespace Juxta::Loopback
