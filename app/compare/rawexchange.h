// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace Juxta {

/**
 * The HTTP request a pane sent and the body it got back, as bytes, for people who want to see
 * exactly what went over the wire. The API key never appears: wherever it was sent (a header,
 * the query) it is replaced by keyPlaceholder, a shell variable such as $OPENAI_API_KEY.
 */
struct RawExchange
{
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> requestHeaders;
    QByteArray requestBody;
    /** The response body as received so far (an error body too); cut at a limit on long answers. */
    QByteArray responseBody;
    bool responseTruncated = false;
    /** What stands where the key was; empty when the request carried no key. */
    QString keyPlaceholder;

    bool isEmpty() const { return url.isEmpty(); }
};

} // namespace Juxta
