// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QNetworkRequest>

#include <memory>

class QNetworkAccessManager;

namespace Juxta::Providers {

class StreamDecoder;

/**
 * What every cloud wire family shares: endpoint URLs from the preset, authentication, the
 * streamed POST and the models GET. A family adds its request body, its stream decoder and
 * how it lists models.
 */
class HttpProvider : public Provider
{
    Q_OBJECT

public:
    /** @p network must outlive this provider and every stream it starts. */
    HttpProvider(
        const ProviderPreset &preset, QNetworkAccessManager &network, const QString &apiKey, QObject *parent = nullptr);
    ~HttpProvider() override;
    Q_DISABLE_COPY_MOVE(HttpProvider)

    ChatStream *start(const ChatRequest &request) override;
    ModelListing *listModels() override;
    QStringList unsupportedParameters(const ChatRequest &request) const override;

    /** The URL and headers a chat request is sent with (the key included). */
    QNetworkRequest chatNetworkRequest(const ChatRequest &request) const;
    /** The JSON body a chat request is sent with. */
    virtual QByteArray requestBody(const ChatRequest &request) const = 0;

protected:
    virtual std::unique_ptr<StreamDecoder> createDecoder() const = 0;
    virtual QList<ModelInfo> modelsFromJson(const QJsonObject &document) const = 0;
    /** Parameters this family has no way to send. */
    virtual QStringList familyUnsupportedParameters() const = 0;

    /** The preset's base URL joined with @p path ("{model}" replaced), plus api-version and a query key. */
    QUrl endpointUrl(const QString &path, const QString &model) const;

private:
    QNetworkRequest authorizedRequest(const QUrl &url) const;

    QNetworkAccessManager &m_network;
    QString m_apiKey;
};

} // namespace Juxta::Providers
