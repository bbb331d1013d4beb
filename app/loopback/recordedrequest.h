// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QUrlQuery>

#include <utility>

namespace Juxta::Loopback {

/** One HTTP request as the loopback server received it. */
struct RecordedRequest
{
    QByteArray method;
    /** The request target exactly as sent, query included. */
    QByteArray target;
    /** The target up to the first '?', still percent-encoded as sent. */
    QByteArray path;
    QUrlQuery query;
    /** In the order received; names are lower-cased, values trimmed. */
    QList<std::pair<QByteArray, QByteArray>> headers;
    /** The body, with chunked transfer coding already removed. */
    QByteArray body;

    /** The value of the first header called @p name (any case), or a null QByteArray. */
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

} // namespace Juxta::Loopback
