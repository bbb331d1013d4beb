// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httpstreamreply.h"

#include "providers/http/httperror.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QSslSocket>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

// A status line or header longer than this is not HTTP a model provider sends.
constexpr qsizetype MaxLineBytes = 64 * 1024;
constexpr qsizetype MaxHeadBytes = 256 * 1024;
// Consumed input is dropped from the front of the buffer once this much has piled up, so a long
// answer never makes the buffer grow and parsing stays linear.
constexpr qsizetype CompactAfterBytes = 64 * 1024;

QString translate(const char *text)
{
    return QCoreApplication::translate("Juxta::HttpStreamReply", text);
}

QNetworkReply::NetworkError fromSocketError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QNetworkReply::ConnectionRefusedError;
    case QAbstractSocket::RemoteHostClosedError:
        return QNetworkReply::RemoteHostClosedError;
    case QAbstractSocket::HostNotFoundError:
        return QNetworkReply::HostNotFoundError;
    case QAbstractSocket::SocketTimeoutError:
        return QNetworkReply::TimeoutError;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return QNetworkReply::SslHandshakeFailedError;
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case QAbstractSocket::ProxyConnectionRefusedError:
        return QNetworkReply::ProxyConnectionRefusedError;
    case QAbstractSocket::ProxyConnectionClosedError:
        return QNetworkReply::ProxyConnectionClosedError;
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return QNetworkReply::ProxyTimeoutError;
    case QAbstractSocket::ProxyNotFoundError:
        return QNetworkReply::ProxyNotFoundError;
    case QAbstractSocket::ProxyProtocolError:
        return QNetworkReply::UnknownProxyError;
    default:
        return QNetworkReply::UnknownNetworkError;
    }
}

/** The size a chunk's line announces: hex digits, then perhaps white space and ";extensions". */
std::optional<qint64> chunkSize(QByteArrayView line)
{
    // One line per token: this runs as often as anything on the receiving path.
    constexpr qint64 MaxChunkSize = qint64(1) << 40;
    qint64 size = 0;
    qsizetype at = 0;
    for (; at < line.size(); ++at) {
        const char c = line[at];
        int digit = -1;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            digit = c - 'A' + 10;
        } else {
            break;
        }
        size = size * 16 + digit;
        if (size > MaxChunkSize) {
            return std::nullopt;
        }
    }
    if (at == 0) {
        return std::nullopt;
    }
    const QByteArrayView rest = line.sliced(at).trimmed();
    if (!rest.isEmpty() && rest.front() != ';') {
        return std::nullopt;
    }
    return size;
}

bool isHttpProxy(const QNetworkProxy &proxy)
{
    return proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::HttpCachingProxy;
}

} // namespace

QNetworkProxy HttpStreamReply::proxyFor(const QNetworkAccessManager &network, const QUrl &url)
{
    if (network.proxy().type() != QNetworkProxy::DefaultProxy) {
        return network.proxy();
    }
    const QNetworkProxyQuery query(url);
    QNetworkProxyFactory *factory = network.proxyFactory();
    const QList<QNetworkProxy> proxies =
        factory ? factory->queryProxy(query) : QNetworkProxyFactory::proxyForQuery(query);
    for (const QNetworkProxy &proxy : proxies) {
        // An FTP proxy cannot carry HTTP; the system may list it among others.
        if (proxy.type() != QNetworkProxy::FtpCachingProxy && proxy.type() != QNetworkProxy::DefaultProxy) {
            return proxy;
        }
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

HttpStreamReply::HttpStreamReply(
    const QNetworkRequest &request, const QByteArray &body, const QNetworkProxy &proxy, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_body(body)
    , m_proxy(proxy)
{
    const QUrl url = m_request.url();
    const bool tls = url.scheme() == "https"_L1;
    QSslSocket *sslSocket = nullptr;
    if (tls) {
        sslSocket = new QSslSocket(this);
        // HTTP/2 would need a different reader; saying so keeps servers from choosing it.
        QSslConfiguration configuration = sslSocket->sslConfiguration();
        configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        sslSocket->setSslConfiguration(configuration);
        m_socket = sslSocket;
    } else {
        m_socket = new QTcpSocket(this);
    }
    // Plain HTTP through an HTTP proxy is a request to the proxy, not a tunnel: many proxies
    // allow CONNECT only to port 443.
    m_throughHttpProxy = !tls && isHttpProxy(m_proxy);
    m_socket->setProxy(m_throughHttpProxy ? QNetworkProxy(QNetworkProxy::NoProxy) : m_proxy);

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpStreamReply::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpStreamReply::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpStreamReply::onSocketError);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        if (m_requestBytesLeft <= 0) {
            return;
        }
        m_requestBytesLeft -= written;
        if (m_requestBytesLeft <= 0) {
            Q_EMIT requestSent();
        }
    });

    const QString host = m_throughHttpProxy ? m_proxy.hostName() : url.host();
    const quint16 port = m_throughHttpProxy ? m_proxy.port() : quint16(url.port(tls ? 443 : 80));
    if (tls) {
        connect(sslSocket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &error : errors) {
                texts.append(error.errorString());
            }
            m_tlsErrors = texts.join("; "_L1);
        });
        connect(sslSocket, &QSslSocket::encrypted, this, &HttpStreamReply::sendRequest);
        sslSocket->connectToHostEncrypted(host, port);
    } else {
        connect(m_socket, &QTcpSocket::connected, this, &HttpStreamReply::sendRequest);
        m_socket->connectToHost(host, port);
    }
    // Low delay matters for the request only, but costs nothing afterwards.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

HttpStreamReply::~HttpStreamReply()
{
    closeSocket();
}

void HttpStreamReply::abort()
{
    m_finishedEmitted = true;
    m_state = State::Done;
    closeSocket();
}

void HttpStreamReply::closeSocket()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

QByteArray HttpStreamReply::readAll()
{
    return std::exchange(m_received, {});
}

void HttpStreamReply::sendRequest()
{
    const QUrl url = m_request.url();
    const QUrl::ComponentFormattingOptions encoded = QUrl::FullyEncoded;
    QByteArray target =
        m_throughHttpProxy ? url.toEncoded(QUrl::RemoveFragment | QUrl::RemoveUserInfo) : url.path(encoded).toUtf8();
    if (target.isEmpty()) {
        target = "/";
    }
    if (!m_throughHttpProxy && url.hasQuery()) {
        target += '?' + url.query(encoded).toUtf8();
    }
    QByteArray head = "POST " + target + " HTTP/1.1\r\nHost: " + url.host(encoded).toUtf8();
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    if (url.port(defaultPort) != defaultPort) {
        head += ':' + QByteArray::number(url.port());
    }
    head += "\r\n";
    bool hasUserAgent = false;
    const QList<QByteArray> names = m_request.rawHeaderList();
    for (const QByteArray &name : names) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("connection", Qt::CaseInsensitive) == 0 || name.compare("host", Qt::CaseInsensitive) == 0) {
            continue;
        }
        hasUserAgent = hasUserAgent || name.compare("user-agent", Qt::CaseInsensitive) == 0;
        head += name + ": " + m_request.rawHeader(name) + "\r\n";
    }
    if (!hasUserAgent) {
        head += "User-Agent: Juxta\r\n";
    }
    if (m_throughHttpProxy && !m_proxy.user().isEmpty()) {
        const QByteArray credentials = (m_proxy.user() + u':' + m_proxy.password()).toUtf8();
        head += "Proxy-Authorization: Basic " + credentials.toBase64() + "\r\n";
    }
    // Compressed event streams would arrive in bursts; one request per connection keeps the
    // response's end unambiguous and every answer's timing comparable.
    head += "Accept-Encoding: identity\r\nConnection: close\r\nContent-Length: " + QByteArray::number(m_body.size())
        + "\r\n\r\n";
    m_state = State::StatusLine;
    m_requestBytesLeft = head.size() + m_body.size();
    m_socket->write(head);
    m_socket->write(m_body);
}

void HttpStreamReply::onReadyRead()
{
    if (!m_socket || m_finishedEmitted) {
        return;
    }
    m_input += m_socket->readAll();
    process();
}

void HttpStreamReply::process()
{
    const QPointer<HttpStreamReply> self(this);
    if (m_state == State::StatusLine || m_state == State::Headers) {
        if (!parseHead()) {
            if (m_state == State::Done) {
                emitFinished();
            }
            return;
        }
        if (m_error == QNetworkReply::NoError) {
            Q_EMIT headersReceived();
            if (!self || m_finishedEmitted) {
                return;
            }
        }
    }
    if (m_state == State::Body) {
        m_received.reserve(m_received.size() + m_input.size() - m_inputOffset);
        parseBody();
    }
    if (m_inputOffset >= CompactAfterBytes || m_inputOffset == m_input.size()) {
        m_input.remove(0, m_inputOffset);
        m_inputOffset = 0;
    }
    if (!m_received.isEmpty()) {
        Q_EMIT readyRead();
        if (!self || m_finishedEmitted) {
            return;
        }
    }
    if (m_state == State::Done) {
        emitFinished();
    }
}

std::optional<QByteArrayView> HttpStreamReply::takeLine()
{
    const qsizetype end = m_input.indexOf('\n', m_inputOffset);
    if (end < 0) {
        return std::nullopt;
    }
    QByteArrayView line = QByteArrayView(m_input).sliced(m_inputOffset, end - m_inputOffset);
    m_inputOffset = end + 1;
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    return line;
}

bool HttpStreamReply::parseHead()
{
    while (m_state == State::StatusLine || m_state == State::Headers) {
        const std::optional<QByteArrayView> line = takeLine();
        if (!line) {
            if (m_input.size() - m_inputOffset > MaxLineBytes || m_inputOffset > MaxHeadBytes) {
                fail(QNetworkReply::ProtocolFailure, translate("The response's headers are too long."));
            }
            return false;
        }
        if (m_state == State::StatusLine) {
            // "HTTP/1.1 200 OK"
            const QList<QByteArray> parts = line->toByteArray().split(' ');
            bool ok = false;
            const int status = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
            if (!line->startsWith("HTTP/1.") || !ok || status < 100 || status > 999) {
                fail(QNetworkReply::ProtocolFailure,
                    translate("The server did not answer with HTTP: %1")
                        .arg(QString::fromLatin1(line->first(std::min<qsizetype>(line->size(), 80)))));
                return false;
            }
            m_statusCode = status;
            m_headers.clear();
            m_state = State::Headers;
        } else if (!line->isEmpty()) {
            const qsizetype colon = line->indexOf(':');
            if (colon <= 0) {
                fail(QNetworkReply::ProtocolFailure, translate("The response has a malformed header."));
                return false;
            }
            m_headers.append(
                {line->first(colon).trimmed().toByteArray(), line->sliced(colon + 1).trimmed().toByteArray()});
        } else if (m_statusCode < 200) {
            // An interim response (100 Continue, 103 Early Hints) precedes the real one.
            m_state = State::StatusLine;
        } else {
            beginBody();
        }
    }
    return true;
}

void HttpStreamReply::beginBody()
{
    QByteArray transferEncoding;
    std::optional<qint64> contentLength;
    for (const auto &[name, value] : std::as_const(m_headers)) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding = value.toLower();
        } else if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (ok && length >= 0) {
                contentLength = length;
            }
        }
    }
    m_state = State::Body;
    if (m_statusCode >= 300 && m_statusCode < 400) {
        QByteArray location;
        for (const auto &[name, value] : std::as_const(m_headers)) {
            if (name.compare("location", Qt::CaseInsensitive) == 0) {
                location = value;
            }
        }
        fail(QNetworkReply::ProtocolUnknownError, refusedRedirectMessage(location));
        return;
    }
    if (transferEncoding.endsWith("chunked")) {
        m_framing = BodyFraming::Chunked;
        m_chunkState = ChunkState::Size;
    } else if (contentLength) {
        m_framing = BodyFraming::ContentLength;
        m_bodyBytesLeft = *contentLength;
    } else {
        m_framing = BodyFraming::UntilClose;
    }
    if (m_statusCode == 204 || m_statusCode == 304
        || (m_framing == BodyFraming::ContentLength && m_bodyBytesLeft == 0)) {
        m_state = State::Done;
    }
}

void HttpStreamReply::parseBody()
{
    switch (m_framing) {
    case BodyFraming::UntilClose:
        m_received += QByteArrayView(m_input).sliced(m_inputOffset);
        m_inputOffset = m_input.size();
        break;
    case BodyFraming::ContentLength: {
        const qint64 take = std::min<qint64>(m_bodyBytesLeft, m_input.size() - m_inputOffset);
        m_received += QByteArrayView(m_input).sliced(m_inputOffset, take);
        m_inputOffset += take;
        m_bodyBytesLeft -= take;
        if (m_bodyBytesLeft == 0) {
            m_state = State::Done;
        }
        break;
    }
    case BodyFraming::Chunked:
        parseChunked();
        break;
    }
}

void HttpStreamReply::parseChunked()
{
    while (m_state == State::Body) {
        switch (m_chunkState) {
        case ChunkState::Size: {
            const std::optional<QByteArrayView> line = takeLine();
            if (!line) {
                if (m_input.size() - m_inputOffset > MaxLineBytes) {
                    fail(QNetworkReply::ProtocolFailure, translate("The response has a malformed chunk."));
                }
                return;
            }
            const std::optional<qint64> size = chunkSize(*line);
            if (!size) {
                fail(QNetworkReply::ProtocolFailure, translate("The response has a malformed chunk."));
                return;
            }
            m_bodyBytesLeft = *size;
            m_chunkState = *size == 0 ? ChunkState::Trailer : ChunkState::Data;
            break;
        }
        case ChunkState::Data: {
            const qint64 take = std::min<qint64>(m_bodyBytesLeft, m_input.size() - m_inputOffset);
            if (take == 0) {
                return;
            }
            m_received += QByteArrayView(m_input).sliced(m_inputOffset, take);
            m_inputOffset += take;
            m_bodyBytesLeft -= take;
            if (m_bodyBytesLeft == 0) {
                m_chunkState = ChunkState::DataEnd;
            }
            break;
        }
        case ChunkState::DataEnd: {
            const std::optional<QByteArrayView> line = takeLine();
            if (!line) {
                return;
            }
            if (!line->isEmpty()) {
                fail(QNetworkReply::ProtocolFailure, translate("The response has a malformed chunk."));
                return;
            }
            m_chunkState = ChunkState::Size;
            break;
        }
        case ChunkState::Trailer: {
            const std::optional<QByteArrayView> line = takeLine();
            if (!line) {
                return;
            }
            if (line->isEmpty()) {
                m_state = State::Done;
            }
            break;
        }
        }
    }
}

void HttpStreamReply::onDisconnected()
{
    if (!m_socket || m_finishedEmitted) {
        return;
    }
    // Bytes that came with the close are still to be read.
    if (m_socket->bytesAvailable() > 0) {
        const QPointer<HttpStreamReply> self(this);
        onReadyRead();
        if (!self || m_finishedEmitted) {
            return;
        }
    }
    if (m_state == State::Body && m_framing == BodyFraming::UntilClose) {
        m_state = State::Done;
    } else {
        fail(QNetworkReply::RemoteHostClosedError, translate("The server closed the connection."));
    }
    emitFinished();
}

void HttpStreamReply::onSocketError()
{
    if (!m_socket || m_finishedEmitted) {
        return;
    }
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    fail(fromSocketError(error), m_tlsErrors.isEmpty() ? m_socket->errorString() : m_tlsErrors);
    emitFinished();
}

void HttpStreamReply::emitFinished()
{
    if (m_finishedEmitted) {
        return;
    }
    m_finishedEmitted = true;
    m_state = State::Done;
    closeSocket();
    Q_EMIT finished();
}

void HttpStreamReply::fail(QNetworkReply::NetworkError error, const QString &message)
{
    // The first failure is the cause; what follows from it is not news.
    if (m_error == QNetworkReply::NoError) {
        m_error = error;
        m_errorString = message;
    }
    m_state = State::Done;
}

} // namespace Juxta::Providers
