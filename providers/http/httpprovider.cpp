// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httpprovider.h"

#include "providers/http/httpchatstream.h"
#include "providers/http/httperror.h"
#include "providers/http/streamdecoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

HttpProvider::HttpProvider(
    const ProviderPreset &preset, QNetworkAccessManager &network, const QString &apiKey, QObject *parent)
    : Provider(preset, parent)
    , m_network(network)
    , m_apiKey(apiKey)
{ }

HttpProvider::~HttpProvider() = default;

QUrl HttpProvider::endpointUrl(const QString &path, const QString &model) const
{
    QUrl url = preset().baseUrl;
    QString suffix = path;
    suffix.replace("{model}"_L1, QString::fromUtf8(QUrl::toPercentEncoding(model)));
    const qsizetype queryStart = suffix.indexOf(u'?');
    QUrlQuery query(url);
    if (queryStart >= 0) {
        const QUrlQuery extra(suffix.mid(queryStart + 1));
        for (const auto &[key, value] : extra.queryItems(QUrl::FullyEncoded)) {
            query.addQueryItem(key, value);
        }
        suffix.truncate(queryStart);
    }
    QString basePath = url.path(QUrl::FullyEncoded);
    while (basePath.endsWith(u'/')) {
        basePath.chop(1);
    }
    url.setPath(basePath + suffix, QUrl::TolerantMode);
    if (!preset().apiVersion.isEmpty() && !query.hasQueryItem(u"api-version"_s)) {
        query.addQueryItem(u"api-version"_s, preset().apiVersion);
    }
    if (preset().auth == AuthStyle::QueryKey && !m_apiKey.isEmpty()) {
        query.addQueryItem(u"key"_s, QString::fromUtf8(QUrl::toPercentEncoding(m_apiKey)));
    }
    url.setQuery(query);
    return url;
}

QNetworkRequest HttpProvider::authorizedRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    // Only model listing goes through the network manager now. Like streams (HttpStreamReply), it
    // follows no redirect: the request carries the key, and a redirect could take it to any host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Juxta"_s);
    for (const auto &[name, value] : preset().headers) {
        request.setRawHeader(name, value);
    }
    if (!m_apiKey.isEmpty()) {
        const QByteArray key = m_apiKey.toUtf8();
        switch (preset().auth) {
        case AuthStyle::Bearer:
            request.setRawHeader("Authorization", "Bearer " + key);
            break;
        case AuthStyle::ApiKeyHeader:
            request.setRawHeader("api-key", key);
            break;
        case AuthStyle::XApiKey:
            request.setRawHeader("x-api-key", key);
            break;
        case AuthStyle::GoogApiKey:
            request.setRawHeader("x-goog-api-key", key);
            break;
        case AuthStyle::QueryKey:
        case AuthStyle::None:
            break;
        }
    }
    return request;
}

QNetworkRequest HttpProvider::chatNetworkRequest(const ChatRequest &request) const
{
    QNetworkRequest networkRequest = authorizedRequest(endpointUrl(preset().chatPath, request.model));
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    networkRequest.setRawHeader("Accept", "text/event-stream");
    return networkRequest;
}

ChatStream *HttpProvider::start(const ChatRequest &request)
{
    return new HttpChatStream(m_network,
        chatNetworkRequest(request),
        requestBody(request),
        createDecoder(),
        preset().timeouts);
}

QStringList HttpProvider::unsupportedParameters(const ChatRequest &request) const
{
    const GenerationParams &params = request.params;
    QStringList set;
    const auto note = [&set](bool isSet, const QString &name) {
        if (isSet) {
            set.append(name);
        }
    };
    note(params.temperature.has_value(), u"temperature"_s);
    note(params.topP.has_value(), u"top_p"_s);
    note(params.topK.has_value(), u"top_k"_s);
    note(params.minP.has_value(), u"min_p"_s);
    note(params.repeatPenalty.has_value(), u"repeat_penalty"_s);
    note(params.maxTokens.has_value(), u"max_tokens"_s);
    note(!params.stop.isEmpty(), u"stop"_s);
    note(params.seed.has_value(), u"seed"_s);
    note(!params.reasoningEffort.isEmpty(), u"reasoning_effort"_s);
    note(params.thinkingBudget.has_value(), u"thinking_budget"_s);
    note(params.responseFormat != GenerationParams::ResponseFormat::Text, u"response_format"_s);

    const QStringList cannot = familyUnsupportedParameters() + preset().unsupportedParameters;
    QStringList unsupported;
    for (const QString &name : std::as_const(set)) {
        if (cannot.contains(name)) {
            unsupported.append(name);
        }
    }
    return unsupported;
}

ModelListing *HttpProvider::listModels()
{
    auto *listing = new ModelListing;
    QNetworkRequest request = authorizedRequest(endpointUrl(preset().modelsPath, {}));
    request.setTransferTimeout(preset().timeouts.connectMs + preset().timeouts.firstByteMs);
    QNetworkReply *reply = m_network.get(request);
    reply->setParent(listing);
    const QPointer<HttpProvider> self(this);
    connect(reply, &QNetworkReply::finished, listing, [self, listing, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (status >= 300 && status < 400) {
            Q_EMIT listing->failed(ProviderError::make(ProviderError::Kind::Network,
                refusedRedirectMessage(reply->rawHeader("Location"))));
            return;
        }
        if (status >= 400) {
            RawHeaders headers;
            for (const auto &pair : reply->rawHeaderPairs()) {
                headers.append(pair);
            }
            Q_EMIT listing->failed(errorFromHttpResponse(status, body, headers));
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT listing->failed(errorFromNetwork(reply->error(), reply->errorString()));
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body.trimmed(), &parseError);
        if (!document.isObject()) {
            Q_EMIT listing->failed(ProviderError::make(ProviderError::Kind::MalformedStream,
                ProviderError::describe(ProviderError::Kind::MalformedStream,
                    status,
                    parseError.errorString(),
                    std::nullopt)));
            return;
        }
        if (!self) {
            Q_EMIT listing->failed(ProviderError::make(ProviderError::Kind::Cancelled, tr("Stopped.")));
            return;
        }
        Q_EMIT listing->finished(self->modelsFromJson(document.object()));
    });
    return listing;
}

} // namespace Juxta::Providers
