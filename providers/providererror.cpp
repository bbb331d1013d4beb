// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providererror.h"

#include <QCoreApplication>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

QString ProviderError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::BadRequest:
        return u"bad_request"_s;
    case Kind::Auth:
        return u"auth"_s;
    case Kind::Billing:
        return u"billing"_s;
    case Kind::NotFound:
        return u"not_found"_s;
    case Kind::TooLarge:
        return u"too_large"_s;
    case Kind::RateLimited:
        return u"rate_limited"_s;
    case Kind::Overloaded:
        return u"overloaded"_s;
    case Kind::Server:
        return u"server"_s;
    case Kind::ContentFilter:
        return u"content_filter"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::Tls:
        return u"tls"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    case Kind::MalformedStream:
        return u"malformed_stream"_s;
    case Kind::Truncated:
        return u"truncated"_s;
    }
    return u"server"_s;
}

ProviderError::Kind ProviderError::kindForHttpStatus(int status)
{
    switch (status) {
    case 400:
    case 409:
    case 422:
        return Kind::BadRequest;
    case 401:
    case 403:
        return Kind::Auth;
    case 402:
        return Kind::Billing;
    case 404:
        return Kind::NotFound;
    case 408:
        return Kind::Timeout;
    case 413:
        return Kind::TooLarge;
    case 429:
        return Kind::RateLimited;
    case 503:
    case 529:
        return Kind::Overloaded;
    default:
        return status >= 400 && status < 500 ? Kind::BadRequest : Kind::Server;
    }
}

QString ProviderError::describe(
    Kind kind, int httpStatus, const QString &serverMessage, std::optional<double> retryAfterSeconds)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("Juxta::ProviderError", text);
    };
    QString sentence;
    switch (kind) {
    case Kind::BadRequest:
        sentence = tr("The provider rejected the request.");
        break;
    case Kind::Auth:
        sentence = tr("The provider refused the API key: check that it is valid and allowed to use this model.");
        break;
    case Kind::Billing:
        sentence = tr("The account has no credit or quota left for this request.");
        break;
    case Kind::NotFound:
        sentence = tr("The provider does not know this model or deployment.");
        break;
    case Kind::TooLarge:
        sentence = tr("The request is too large for the provider.");
        break;
    case Kind::RateLimited:
        sentence = tr("The provider's rate limit was reached.");
        break;
    case Kind::Overloaded:
        sentence = tr("The provider is overloaded; try again shortly.");
        break;
    case Kind::Server:
        sentence = tr("The provider had an internal error.");
        break;
    case Kind::ContentFilter:
        sentence = tr("The provider's content filter blocked the prompt.");
        break;
    case Kind::Network:
        sentence = tr("The connection to the provider failed.");
        break;
    case Kind::Tls:
        sentence = tr("The secure connection to the provider could not be verified.");
        break;
    case Kind::Timeout:
        sentence = tr("The provider took too long to answer.");
        break;
    case Kind::Cancelled:
        sentence = tr("Stopped.");
        break;
    case Kind::MalformedStream:
        sentence = tr("The provider sent a response Juxta could not read.");
        break;
    case Kind::Truncated:
        sentence = tr("The response ended before the provider finished it.");
        break;
    }
    if (httpStatus > 0) {
        sentence += u" (HTTP %1)"_s.arg(httpStatus);
    }
    if (retryAfterSeconds) {
        const double seconds = std::ceil(*retryAfterSeconds);
        sentence += u' ' + tr("Retry in %1 s.").arg(seconds, 0, 'f', 0);
    }
    if (!serverMessage.isEmpty()) {
        sentence += u' ' + tr("The server said: %1").arg(serverMessage);
    }
    return sentence;
}

} // namespace Juxta::Providers
