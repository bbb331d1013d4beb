// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providererror.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>

#include <utility>

namespace Juxta::Providers {

using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

/**
 * The error an HTTP error response means. Reads every provider's error body shape (OpenAI's
 * nested object, xAI's and Ollama's string, Gemini's status and RetryInfo, Mistral's flat
 * message) and the retry-after headers, so no family needs its own copy.
 */
ProviderError errorFromHttpResponse(int status, QByteArrayView body, const RawHeaders &headers);

/** The error a failed connection means (refused, reset, TLS, DNS…). */
ProviderError errorFromNetwork(QNetworkReply::NetworkError code, const QString &detail);

/**
 * What refusing a redirect means. Requests carry the API key, and a redirect may lead anywhere,
 * so neither streams nor model listings follow one.
 */
QString refusedRedirectMessage(const QByteArray &location);

/**
 * The error a provider reported inside a 200 stream (`{"error":…}` events), or nothing when
 * @p object carries none.
 */
std::optional<ProviderError> errorFromStreamEvent(const QJsonObject &object);

/** Seconds to wait from retry-after-ms, retry-after (seconds or an HTTP date), if present. */
std::optional<double> retryAfterFromHeaders(const RawHeaders &headers);

} // namespace Juxta::Providers
