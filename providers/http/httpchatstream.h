// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatstream.h"
#include "providers/providerpreset.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace Juxta::Providers {

class HttpStreamReply;
class StreamDecoder;

/**
 * A ChatStream over one streamed HTTP response: sends the request, keeps the four deadlines
 * (connect, first byte, idle gap, total), reads HTTP errors from their JSON bodies, and hands
 * a successful body to the wire family's decoder as it arrives. The response is read by an
 * HttpStreamReply in this thread; @p network lends its proxy configuration.
 */
class HttpChatStream : public ChatStream
{
    Q_OBJECT

public:
    HttpChatStream(QNetworkAccessManager &network,
        const QNetworkRequest &request,
        const QByteArray &body,
        std::unique_ptr<StreamDecoder> decoder,
        const Timeouts &timeouts,
        QObject *parent = nullptr);
    ~HttpChatStream() override;
    Q_DISABLE_COPY_MOVE(HttpChatStream)

Q_SIGNALS:
    /** Body bytes as they arrived, before decoding (an error body too): for showing the raw response. */
    void bodyReceived(const QByteArray &bytes);

protected:
    void abortTransport() override;

private:
    enum class Phase { Connecting, AwaitingResponse, Streaming };

    void send();
    void onRequestSent();
    void onHeadersReceived();
    void onReadyRead();
    void onFinished();
    void onPhaseTimeout();
    void onTotalTimeout();
    void enterPhase(Phase phase);
    void failWith(const ProviderError &error);
    void releaseReply();

    QNetworkAccessManager &m_network;
    QNetworkRequest m_request;
    QByteArray m_body;
    QPointer<HttpStreamReply> m_reply;
    int m_unansweredResends = 0;
    bool m_receivedAnything = false;
    std::unique_ptr<StreamDecoder> m_decoder;
    Timeouts m_timeouts;
    Phase m_phase = Phase::Connecting;
    QTimer m_phaseTimer;
    QTimer m_totalTimer;
    int m_httpStatus = 0;
    QByteArray m_errorBody;
};

} // namespace Juxta::Providers
