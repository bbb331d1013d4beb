// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/loopback/scriptedconnection.h"

#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTcpSocket>

#include <algorithm>

namespace Juxta::Loopback {

Q_LOGGING_CATEGORY(lcLoopback, "juxta.loopback", QtInfoMsg)

namespace {

constexpr qsizetype MaxHeadBytes = 64 * 1024;
constexpr qint64 MaxBodyBytes = 256LL * 1024 * 1024;
// Unsent bytes a connection queues before it waits for the socket to drain: enough to keep the
// kernel's buffer full, small enough that a long generated body is never held in memory.
constexpr qint64 HighWaterBytes = 256 * 1024;
// Many small pieces are written to the socket in batches of about this size.
constexpr qsizetype BatchBytes = 32 * 1024;

bool hasHeader(const QList<std::pair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &entry) {
        return name.compare(entry.first, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

ScriptedConnection::ScriptedConnection(QTcpSocket *socket, Responder responder, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_responder(std::move(responder))
{
    m_socket->setParent(this);
    // Every piece has to leave at once: Nagle's algorithm would merge small, delayed pieces.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_delayTimer.setSingleShot(true);
    m_delayTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_delayTimer, &QTimer::timeout, this, [this] {
        m_waiting = false;
        m_delayElapsed = true;
        pump();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &ScriptedConnection::readIncoming);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ScriptedConnection::handleBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ScriptedConnection::finish);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            finish();
        }
    });
    if (m_socket->bytesAvailable() > 0) {
        // The request may have arrived before these connections existed.
        QMetaObject::invokeMethod(this, &ScriptedConnection::readIncoming, Qt::QueuedConnection);
    }
}

ScriptedConnection::~ScriptedConnection()
{
    // The socket dies with this object; its last signals must not reach a half-destroyed one.
    m_socket->disconnect(this);
}

void ScriptedConnection::readIncoming()
{
    const QByteArray data = m_socket->readAll();
    if (m_phase != Phase::ReadingHead && m_phase != Phase::ReadingBody) {
        return; // One request per connection: anything after it is read and dropped.
    }
    m_incoming += data;
    if (m_phase == Phase::ReadingHead && !parseHead()) {
        return;
    }
    if (m_phase == Phase::ReadingBody) {
        parseBody();
    }
}

bool ScriptedConnection::parseHead()
{
    const qsizetype end = m_incoming.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_incoming.size() > MaxHeadBytes) {
            rejectRequest(431, "request head too large");
        }
        return false;
    }
    const QList<QByteArray> lines = m_incoming.left(end).split('\n');
    m_incoming.remove(0, end + 4);

    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        rejectRequest(400, "malformed request line");
        return false;
    }
    m_request.method = requestLine.at(0);
    m_request.target = requestLine.at(1);
    const qsizetype queryStart = m_request.target.indexOf('?');
    m_request.path = queryStart < 0 ? m_request.target : m_request.target.left(queryStart);
    if (queryStart >= 0) {
        m_request.query = QUrlQuery(QString::fromUtf8(m_request.target.mid(queryStart + 1)));
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            rejectRequest(400, "malformed header line");
            return false;
        }
        m_request.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }

    m_chunkedRequest = m_request.header("transfer-encoding").toLower().contains("chunked");
    if (!m_chunkedRequest && m_request.hasHeader("content-length")) {
        bool ok = false;
        m_contentLength = m_request.header("content-length").toLongLong(&ok);
        if (!ok || m_contentLength < 0) {
            rejectRequest(400, "malformed content-length");
            return false;
        }
        if (m_contentLength > MaxBodyBytes) {
            rejectRequest(413, "request body too large");
            return false;
        }
    }
    m_phase = Phase::ReadingBody;
    return true;
}

bool ScriptedConnection::parseBody()
{
    if (m_chunkedRequest) {
        return parseChunkedBody();
    }
    if (m_incoming.size() < m_contentLength) {
        return false;
    }
    m_request.body = m_incoming.left(m_contentLength);
    m_incoming.clear();
    startResponse(m_responder(m_request));
    return true;
}

bool ScriptedConnection::parseChunkedBody()
{
    for (;;) {
        const qsizetype lineEnd = m_incoming.indexOf("\r\n");
        if (lineEnd < 0) {
            if (m_incoming.size() > MaxHeadBytes) {
                rejectRequest(400, "malformed chunked body");
            }
            return false;
        }
        if (m_readingTrailers) {
            m_incoming.remove(0, lineEnd + 2);
            if (lineEnd == 0) {
                m_incoming.clear();
                startResponse(m_responder(m_request));
                return true;
            }
            continue;
        }
        QByteArray sizeText = m_incoming.left(lineEnd);
        sizeText.truncate(sizeText.indexOf(';') < 0 ? sizeText.size() : sizeText.indexOf(';'));
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0 || m_request.body.size() + size > MaxBodyBytes) {
            rejectRequest(400, "malformed chunked body");
            return false;
        }
        if (size == 0) {
            m_incoming.remove(0, lineEnd + 2);
            m_readingTrailers = true;
            continue;
        }
        if (m_incoming.size() < lineEnd + 2 + size + 2) {
            return false;
        }
        m_request.body += m_incoming.mid(lineEnd + 2, size);
        m_incoming.remove(0, lineEnd + 2 + size + 2);
    }
}

void ScriptedConnection::rejectRequest(int statusCode, const QByteArray &why)
{
    qCWarning(lcLoopback) << "rejecting a request:" << why;
    startResponse(ScriptedResponse::text(statusCode, why + '\n'));
}

void ScriptedConnection::startResponse(ScriptedResponse response)
{
    m_phase = Phase::Responding;
    m_response = std::move(response);
    switch (m_response.ending) {
    case Ending::CloseWithoutResponse:
        m_bodyEnded = true;
        m_socket->disconnectFromHost();
        return;
    case Ending::StallWithoutResponse:
        m_bodyEnded = true;
        return;
    case Ending::Complete:
    case Ending::Disconnect:
    case Ending::Stall:
        break;
    }
    pump();
}

void ScriptedConnection::writeHead()
{
    m_headWritten = true;
    if (m_response.framing == Framing::Raw) {
        return;
    }
    const QByteArray reason = m_response.reasonPhrase.isEmpty()
        ? ScriptedResponse::standardReasonPhrase(m_response.statusCode)
        : m_response.reasonPhrase;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(m_response.statusCode) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : std::as_const(m_response.headers)) {
        head += name + ": " + value + "\r\n";
    }
    const auto &headers = m_response.headers;
    if (m_response.framing == Framing::Chunked && !hasHeader(headers, "transfer-encoding")) {
        head += "Transfer-Encoding: chunked\r\n";
    }
    if (m_response.framing == Framing::ContentLength && !hasHeader(headers, "content-length")) {
        qint64 length = 0;
        for (const BodyPiece &piece : std::as_const(m_response.pieces)) {
            length += piece.bytes.size();
        }
        // Walks the generated body once without keeping it; stream long bodies chunked instead.
        for (qint64 i = 0; i < m_response.generated.pieceCount; ++i) {
            length += m_response.generated.piece(i).size();
        }
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    }
    if (!hasHeader(headers, "connection")) {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    m_socket->write(head);
}

void ScriptedConnection::appendFramed(QByteArray &batch, const QByteArray &bytes) const
{
    if (bytes.isEmpty()) {
        return; // An empty chunk would end a chunked body early.
    }
    if (m_response.framing == Framing::Chunked) {
        batch += QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
    } else {
        batch += bytes;
    }
}

void ScriptedConnection::flush(QByteArray &batch)
{
    if (!batch.isEmpty()) {
        m_socket->write(batch);
        batch.clear();
    }
}

void ScriptedConnection::pump()
{
    if (m_phase != Phase::Responding || m_pumping || m_waiting || m_bodyEnded
        || m_socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    m_pumping = true;
    const auto done = qScopeGuard([this] {
        m_pumping = false;
    });

    if (!m_headWritten) {
        if (m_response.headDelayMs > 0 && !m_delayElapsed) {
            waitFor(m_response.headDelayMs);
            return;
        }
        m_delayElapsed = false;
        writeHead();
    }
    QByteArray batch;
    const auto roomLeft = [this, &batch] {
        return m_socket->bytesToWrite() + batch.size() < HighWaterBytes;
    };
    while (m_pieceIndex < m_response.pieces.size()) {
        const BodyPiece &piece = m_response.pieces.at(m_pieceIndex);
        if (!roomLeft()) {
            flush(batch);
            return; // handleBytesWritten() resumes.
        }
        if (piece.delayMs > 0 && !m_delayElapsed) {
            flush(batch);
            waitFor(piece.delayMs);
            return;
        }
        m_delayElapsed = false;
        appendFramed(batch, piece.bytes);
        ++m_pieceIndex;
        if (batch.size() >= BatchBytes) {
            flush(batch);
        }
    }
    while (m_generatedIndex < m_response.generated.pieceCount) {
        if (!roomLeft()) {
            flush(batch);
            return;
        }
        appendFramed(batch, m_response.generated.piece(m_generatedIndex++));
        if (batch.size() >= BatchBytes) {
            flush(batch);
        }
    }
    flush(batch);
    endBody();
}

void ScriptedConnection::endBody()
{
    m_bodyEnded = true;
    switch (m_response.ending) {
    case Ending::Complete:
        if (m_response.framing == Framing::Chunked) {
            m_socket->write("0\r\n\r\n");
        }
        m_socket->disconnectFromHost(); // Sends what is queued, then closes.
        break;
    case Ending::Disconnect:
        // Let every piece reach the kernel first, then drop the connection mid-body.
        if (m_socket->bytesToWrite() == 0) {
            m_socket->abort();
        } else {
            m_abortWhenDrained = true;
        }
        break;
    case Ending::Stall:
    case Ending::CloseWithoutResponse:
    case Ending::StallWithoutResponse:
        break;
    }
}

void ScriptedConnection::waitFor(int delayMs)
{
    m_waiting = true;
    if (m_response.fixedSchedule) {
        // Delays add up to a timetable, so a timer that fires late does not slow the rest.
        if (!m_scheduleClock.isValid()) {
            m_scheduleClock.start();
        }
        m_dueMs += delayMs;
        delayMs = int(std::max<qint64>(0, m_dueMs - m_scheduleClock.elapsed()));
    }
    m_delayTimer.start(delayMs);
}

void ScriptedConnection::handleBytesWritten()
{
    if (m_abortWhenDrained) {
        if (m_socket->bytesToWrite() == 0) {
            m_abortWhenDrained = false;
            m_socket->abort();
        }
        return;
    }
    pump();
}

void ScriptedConnection::finish()
{
    if (m_phase == Phase::Finished) {
        return;
    }
    m_phase = Phase::Finished;
    m_delayTimer.stop();
    m_waiting = false;
    Q_EMIT closed();
    deleteLater();
}

} // namespace Juxta::Loopback
