// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httperror.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

using Kind = ProviderError::Kind;

struct BodyDetails
{
    QString message;
    QString code;
    std::optional<double> retryAfterSeconds;
};

QString scalarText(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toInteger());
    }
    return {};
}

// Gemini: "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"},
// {"@type":"…ErrorInfo","reason":"API_KEY_INVALID"}]
void readGoogleDetails(const QJsonArray &details, BodyDetails &out)
{
    for (const QJsonValue &value : details) {
        const QJsonObject detail = value.toObject();
        const QString type = detail.value("@type"_L1).toString();
        if (type.endsWith("RetryInfo"_L1)) {
            static const QRegularExpression seconds(u"^([0-9.]+)s$"_s);
            const auto match = seconds.match(detail.value("retryDelay"_L1).toString());
            if (match.hasMatch()) {
                out.retryAfterSeconds = match.captured(1).toDouble();
            }
        } else if (type.endsWith("ErrorInfo"_L1) && detail.contains("reason"_L1)) {
            out.code = detail.value("reason"_L1).toString();
        }
    }
}

BodyDetails readBody(QByteArrayView body)
{
    BodyDetails out;
    const QByteArray trimmed = body.toByteArray().trimmed();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // A proxy's HTML page or plain text: show its start, without markup.
        static const QRegularExpression tags(u"<[^>]*>"_s);
        out.message = QString::fromUtf8(trimmed).remove(tags).simplified().left(300);
        return out;
    }
    QJsonObject root = document.isArray() ? document.array().first().toObject() : document.object();
    const QJsonValue error = root.value("error"_L1);
    if (error.isObject()) {
        const QJsonObject object = error.toObject();
        out.message = object.value("message"_L1).toString();
        out.code = scalarText(object.value("code"_L1));
        // Gemini's "status" and Anthropic's "type" say more than a numeric code.
        const QString type = object.value("type"_L1).toString(object.value("status"_L1).toString());
        if (!type.isEmpty() && (out.code.isEmpty() || out.code.front().isDigit())) {
            out.code = type;
        }
        readGoogleDetails(object.value("details"_L1).toArray(), out);
    } else if (error.isString()) {
        out.message = error.toString();
        out.code = scalarText(root.value("code"_L1));
    } else {
        out.message = root.value("message"_L1).toString(scalarText(root.value("detail"_L1)));
        out.code = scalarText(root.value("code"_L1));
        if (out.code.isEmpty()) {
            out.code = root.value("type"_L1).toString();
        }
    }
    return out;
}

// Several providers answer a bad key or an empty balance with a generic status; their codes
// and messages say what really happened.
std::optional<Kind> kindFromDetails(const BodyDetails &details)
{
    const QString code = details.code.toLower();
    const QString message = details.message.toLower();
    if (code.contains("api_key"_L1) || code == "authentication_error"_L1 || code == "permission_error"_L1
        || message.contains("incorrect api key"_L1) || message.contains("invalid api key"_L1)
        || message.contains("api key not valid"_L1)) {
        return Kind::Auth;
    }
    if (code == "insufficient_quota"_L1 || code == "billing_error"_L1) {
        return Kind::Billing;
    }
    if (code == "content_filter"_L1) {
        return Kind::ContentFilter;
    }
    if (code == "overloaded_error"_L1) {
        return Kind::Overloaded;
    }
    return std::nullopt;
}

} // namespace

std::optional<double> retryAfterFromHeaders(const RawHeaders &headers)
{
    std::optional<double> retryAfter;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        bool ok = false;
        if (lower == "retry-after-ms") {
            const double ms = value.trimmed().toDouble(&ok);
            if (ok) {
                return ms / 1000.0; // the more precise header wins
            }
        } else if (lower == "retry-after") {
            const double seconds = value.trimmed().toDouble(&ok);
            if (ok) {
                retryAfter = seconds;
            } else {
                const QDateTime when = QDateTime::fromString(QString::fromLatin1(value.trimmed()), Qt::RFC2822Date);
                if (when.isValid()) {
                    retryAfter = std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(when));
                }
            }
        }
    }
    return retryAfter;
}

ProviderError errorFromHttpResponse(int status, QByteArrayView body, const RawHeaders &headers)
{
    const BodyDetails details = readBody(body);
    ProviderError error;
    error.httpStatus = status;
    error.kind = kindFromDetails(details).value_or(ProviderError::kindForHttpStatus(status));
    error.serverMessage = details.message;
    error.serverCode = details.code;
    error.retryAfterSeconds = retryAfterFromHeaders(headers);
    if (!error.retryAfterSeconds) {
        error.retryAfterSeconds = details.retryAfterSeconds;
    }
    error.message = ProviderError::describe(error.kind, status, error.serverMessage, error.retryAfterSeconds);
    return error;
}

std::optional<ProviderError> errorFromStreamEvent(const QJsonObject &object)
{
    const QJsonValue error = object.value("error"_L1);
    if (error.isUndefined() || error.isNull()) {
        return std::nullopt;
    }
    const BodyDetails details = readBody(QJsonDocument(object).toJson(QJsonDocument::Compact));
    ProviderError result;
    const int status = error.isObject() ? error.toObject().value("code"_L1).toInt() : 0;
    result.kind =
        kindFromDetails(details).value_or(status >= 400 ? ProviderError::kindForHttpStatus(status) : Kind::Server);
    result.serverMessage = details.message;
    result.serverCode = details.code;
    result.retryAfterSeconds = details.retryAfterSeconds;
    result.message = ProviderError::describe(result.kind, 0, result.serverMessage, result.retryAfterSeconds);
    return result;
}

QString refusedRedirectMessage(const QByteArray &location)
{
    return QCoreApplication::translate("Juxta::HttpError",
        "The provider redirected the request to %1. Juxta does not follow redirects with an API key; set the "
        "preset's base URL to the new address.")
        .arg(QString::fromUtf8(location));
}

ProviderError errorFromNetwork(QNetworkReply::NetworkError code, const QString &detail)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("Juxta::HttpError", text);
    };
    ProviderError error;
    error.kind = Kind::Network;
    error.serverMessage = detail;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        error.message = tr("The provider refused the connection: is the base URL right and the server running?");
        break;
    case QNetworkReply::RemoteHostClosedError:
        error.message = tr("The provider closed the connection before the answer was complete.");
        break;
    case QNetworkReply::HostNotFoundError:
        error.message = tr("The provider's host name could not be found.");
        break;
    case QNetworkReply::TimeoutError:
        error.kind = Kind::Timeout;
        error.message = tr("The connection to the provider timed out.");
        break;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        error.kind = Kind::Tls;
        error.message = tr("The secure connection to the provider could not be verified: %1").arg(detail);
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        error.message = tr("The proxy failed: %1").arg(detail);
        break;
    case QNetworkReply::OperationCanceledError:
        error.kind = Kind::Cancelled;
        error.message = tr("Stopped.");
        break;
    default:
        error.message = tr("The connection to the provider failed: %1").arg(detail);
        break;
    }
    return error;
}

} // namespace Juxta::Providers
