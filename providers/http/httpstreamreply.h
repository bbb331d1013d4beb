// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/http/httperror.h"

#include <QByteArray>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QTcpSocket;

namespace Juxta::Providers {

/**
 * One streamed HTTP/1.1 POST on a socket of its own, read in the thread that owns it.
 *
 * QNetworkAccessManager reads HTTP on a thread of its own and hands every HTTP chunk across to
 * the caller's thread as a queued signal; a streaming provider sends each token in its own chunk,
 * so that hand-over, not parsing, bounded how fast an answer could arrive (a tenth of what curl
 * reads over loopback). Reading the socket here delivers everything one socket read brought, with
 * the chunk framing already removed, in one readyRead().
 *
 * TLS is verified as QSslSocket does by default and never relaxed. A proxy applies as the caller
 * resolved it: HTTP proxies receive plain requests in absolute form and tunnel TLS with CONNECT;
 * SOCKS5 carries both. Redirects are not followed: a streamed POST carries the API key, which
 * must not go to whatever host a redirect names.
 */
class HttpStreamReply : public QObject
{
    Q_OBJECT

public:
    HttpStreamReply(
        const QNetworkRequest &request, const QByteArray &body, const QNetworkProxy &proxy, QObject *parent = nullptr);
    ~HttpStreamReply() override;
    Q_DISABLE_COPY_MOVE(HttpStreamReply)

    /** Closes the connection at once; no signal follows. */
    void abort();

    /** 0 until the status line has arrived. */
    int statusCode() const { return m_statusCode; }
    RawHeaders rawHeaders() const { return m_headers; }
    /** Body bytes received since the last call, transfer coding removed. */
    QByteArray readAll();
    QNetworkReply::NetworkError error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    /** The proxy @p network would use for @p url: its explicit one, its factory's, else the system's. */
    static QNetworkProxy proxyFor(const QNetworkAccessManager &network, const QUrl &url);

Q_SIGNALS:
    /** The whole request has been handed to the operating system. */
    void requestSent();
    /** The status line and headers of the final response have arrived. */
    void headersReceived();
    void readyRead();
    /** The body ended or the exchange failed (error() says which); emitted once. */
    void finished();

private:
    enum class State { Connecting, StatusLine, Headers, Body, Done };
    enum class BodyFraming { ContentLength, Chunked, UntilClose };
    enum class ChunkState { Size, Data, DataEnd, Trailer };

    void sendRequest();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void process();
    /** True once the head is complete (or false: more input needed, or it failed). */
    bool parseHead();
    void beginBody();
    void parseBody();
    void parseChunked();
    void emitFinished();
    /** Records the first failure and ends the exchange; finished() follows from the caller. */
    void fail(QNetworkReply::NetworkError error, const QString &message);
    void closeSocket();
    /** The next line of the input without its line end; valid until the input is compacted. */
    std::optional<QByteArrayView> takeLine();

    QNetworkRequest m_request;
    QByteArray m_body;
    QNetworkProxy m_proxy;
    QPointer<QTcpSocket> m_socket;
    bool m_throughHttpProxy = false;
    qint64 m_requestBytesLeft = 0;

    State m_state = State::Connecting;
    QByteArray m_input;
    qsizetype m_inputOffset = 0;
    int m_statusCode = 0;
    RawHeaders m_headers;
    BodyFraming m_framing = BodyFraming::UntilClose;
    ChunkState m_chunkState = ChunkState::Size;
    qint64 m_bodyBytesLeft = 0;
    QByteArray m_received;

    bool m_finishedEmitted = false;
    QNetworkReply::NetworkError m_error = QNetworkReply::NoError;
    QString m_errorString;
    QString m_tlsErrors;
};

} // namespace Juxta::Providers
