// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Juxta::Providers {

/**
 * Why a request failed, in a small set of kinds a user can act on, with the server's own
 * words kept alongside Juxta's sentence.
 */
struct ProviderError
{
    enum class Kind {
        BadRequest, ///< 400, 422: the server rejected the request as written
        Auth, ///< 401, 403, or a provider's "invalid key" answer under another status
        Billing, ///< 402, or an exhausted quota: waiting will not help
        NotFound, ///< 404: usually a wrong model or deployment name
        TooLarge, ///< 413: the request is too long
        RateLimited, ///< 429: wait retryAfterSeconds when known
        Overloaded, ///< 503, 529: the provider is busy
        Server, ///< other 5xx
        ContentFilter, ///< the provider's filter blocked the prompt
        Network, ///< refused, reset, unreachable host, proxy failure
        Tls, ///< the TLS handshake or certificate failed
        Timeout, ///< a connect, first-byte, idle or total deadline passed (or 408)
        Cancelled, ///< the user stopped it
        MalformedStream, ///< an event Juxta could not parse
        Truncated, ///< the stream ended without its final event
    };

    Kind kind = Kind::Server;
    /** Juxta's sentence for the user, including the server's message when there is one. */
    QString message;
    /** The server's own error text, verbatim. */
    QString serverMessage;
    /** The provider's error code or type ("invalid_api_key", "overloaded_error"…). */
    QString serverCode;
    int httpStatus = 0;
    std::optional<double> retryAfterSeconds;

    /** A stable lower-case name for the kind, as used in JSON output and history. */
    static QString kindName(Kind kind);
    /** The kind an HTTP error status means when nothing more specific is known. */
    static Kind kindForHttpStatus(int status);
    /** Juxta's sentence for a kind, with the server's message and the wait when known. */
    static QString describe(
        Kind kind, int httpStatus, const QString &serverMessage, std::optional<double> retryAfterSeconds);

    static ProviderError make(Kind kind, const QString &message)
    {
        ProviderError error;
        error.kind = kind;
        error.message = message;
        return error;
    }
};

} // namespace Juxta::Providers
