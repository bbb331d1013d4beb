// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/loopback/scriptedresponse.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Juxta::Loopback {

namespace {

const QByteArray EventStreamType = QByteArrayLiteral("text/event-stream");

/**
 * Re-cuts the pieces into lengths chosen by @p nextLength. A boundary whose piece waits first is
 * always kept, and the new piece that starts there inherits the wait, so re-splitting never moves
 * a delay to a different byte.
 */
QList<BodyPiece> resplit(const QList<BodyPiece> &pieces, const std::function<qsizetype()> &nextLength)
{
    QList<BodyPiece> result;
    QByteArray segment;
    int segmentDelay = 0;
    const auto flushSegment = [&] {
        qsizetype offset = 0;
        bool first = true;
        while (offset < segment.size()) {
            const qsizetype length = std::max<qsizetype>(1, nextLength());
            result.append({segment.mid(offset, length), first ? segmentDelay : 0});
            offset += length;
            first = false;
        }
        if (segment.isEmpty() && segmentDelay > 0) {
            result.append({QByteArray(), segmentDelay});
        }
        segment.clear();
    };
    for (const BodyPiece &piece : pieces) {
        if (piece.delayMs > 0) {
            flushSegment();
            segmentDelay = piece.delayMs;
        }
        segment.append(piece.bytes);
    }
    flushSegment();
    return result;
}

bool endsAnEvent(const QByteArray &bytes)
{
    return bytes.endsWith("\n\n") || bytes.endsWith("\r\n\r\n") || bytes.endsWith("\r\r");
}

QByteArray sseDataLines(const QByteArray &payload)
{
    QByteArray event;
    for (const QByteArray &line : payload.split('\n')) {
        event += "data: " + line + '\n';
    }
    return event;
}

} // namespace

ScriptedResponse ScriptedResponse::sse(const QList<QByteArray> &payloads)
{
    ScriptedResponse response;
    response.headers = {{"Content-Type", EventStreamType}, {"Cache-Control", "no-cache"}};
    for (const QByteArray &payload : payloads) {
        response.pieces.append({sseDataLines(payload) + '\n', 0});
    }
    return response;
}

ScriptedResponse ScriptedResponse::sseEvents(const QList<std::pair<QByteArray, QByteArray>> &events)
{
    ScriptedResponse response = sse({});
    for (const auto &[name, payload] : events) {
        const QByteArray nameLine = name.isEmpty() ? QByteArray() : "event: " + name + '\n';
        response.pieces.append({nameLine + sseDataLines(payload) + '\n', 0});
    }
    return response;
}

ScriptedResponse ScriptedResponse::ndjson(const QList<QByteArray> &lines)
{
    ScriptedResponse response;
    response.headers = {{"Content-Type", "application/x-ndjson"}};
    for (const QByteArray &line : lines) {
        response.pieces.append({line + '\n', 0});
    }
    return response;
}

ScriptedResponse ScriptedResponse::json(int statusCode, const QByteArray &body)
{
    return text(statusCode, body, "application/json");
}

ScriptedResponse ScriptedResponse::text(int statusCode, const QByteArray &body, const QByteArray &contentType)
{
    ScriptedResponse response;
    response.statusCode = statusCode;
    response.headers = {{"Content-Type", contentType}};
    response.pieces = {{body, 0}};
    response.framing = Framing::ContentLength;
    return response;
}

ScriptedResponse ScriptedResponse::raw(const QList<QByteArray> &pieces)
{
    ScriptedResponse response;
    for (const QByteArray &bytes : pieces) {
        response.pieces.append({bytes, 0});
    }
    response.framing = Framing::Raw;
    return response;
}

ScriptedResponse ScriptedResponse::generatedSse(qint64 eventCount, std::function<QByteArray(qint64 index)> dataForEvent)
{
    ScriptedResponse response = sse({});
    response.generated.pieceCount = eventCount;
    response.generated.piece = [dataForEvent = std::move(dataForEvent)](qint64 index) {
        return "data: " + dataForEvent(index) + "\n\n";
    };
    return response;
}

ScriptedResponse ScriptedResponse::generatedBytes(qint64 totalBytes, int pieceBytes)
{
    pieceBytes = std::max(1, pieceBytes);
    // One shared pattern serves every piece and every connection: no per-connection copy.
    QByteArray pattern(pieceBytes, Qt::Uninitialized);
    for (int i = 0; i < pieceBytes; ++i) {
        pattern[i] = (i % 64 == 63) ? '\n' : static_cast<char>('a' + (i % 64) % 26);
    }
    ScriptedResponse response;
    response.headers = {{"Content-Type", "application/octet-stream"}};
    response.generated.pieceCount = (totalBytes + pieceBytes - 1) / pieceBytes;
    response.generated.piece = [pattern, totalBytes, pieceBytes](qint64 index) {
        const qint64 remaining = totalBytes - index * pieceBytes;
        return remaining >= pieceBytes ? pattern : pattern.left(remaining);
    };
    return response;
}

QByteArray ScriptedResponse::standardReasonPhrase(int statusCode)
{
    switch (statusCode) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 529:
        return "Overloaded";
    default:
        return "Status " + QByteArray::number(statusCode);
    }
}

QByteArray ScriptedResponse::scriptedBody() const
{
    QByteArray body;
    for (const BodyPiece &piece : pieces) {
        body += piece.bytes;
    }
    return body;
}

QByteArray ScriptedResponse::fullBody() const
{
    QByteArray body = scriptedBody();
    for (qint64 i = 0; i < generated.pieceCount; ++i) {
        body += generated.piece(i);
    }
    return body;
}

ScriptedResponse ScriptedResponse::withStatus(int code, const QByteArray &phrase) const
{
    ScriptedResponse copy = *this;
    copy.statusCode = code;
    copy.reasonPhrase = phrase;
    return copy;
}

ScriptedResponse ScriptedResponse::withHeader(const QByteArray &name, const QByteArray &value) const
{
    ScriptedResponse copy = *this;
    copy.headers.append({name, value});
    return copy;
}

ScriptedResponse ScriptedResponse::withFraming(Framing newFraming) const
{
    ScriptedResponse copy = *this;
    copy.framing = newFraming;
    return copy;
}

ScriptedResponse ScriptedResponse::withEnding(Ending newEnding) const
{
    ScriptedResponse copy = *this;
    copy.ending = newEnding;
    return copy;
}

ScriptedResponse ScriptedResponse::withHeadDelay(int delayMs) const
{
    ScriptedResponse copy = *this;
    copy.headDelayMs = delayMs;
    return copy;
}

ScriptedResponse ScriptedResponse::splitIntoBytes() const
{
    ScriptedResponse copy = *this;
    copy.pieces = resplit(pieces, [] {
        return qsizetype(1);
    });
    return copy;
}

ScriptedResponse ScriptedResponse::splitRandomly(quint32 seed, int averageBytes) const
{
    ScriptedResponse copy = *this;
    QRandomGenerator generator(seed);
    const int spread = 2 * std::max(1, averageBytes) - 1;
    copy.pieces = resplit(pieces, [&generator, spread] {
        return qsizetype(1 + generator.bounded(spread));
    });
    return copy;
}

ScriptedResponse ScriptedResponse::rechunked(int bytesPerPiece) const
{
    ScriptedResponse copy = *this;
    const qsizetype length = std::max(1, bytesPerPiece);
    copy.pieces = resplit(pieces, [length] {
        return length;
    });
    return copy;
}

ScriptedResponse ScriptedResponse::withCrlfLineEnds() const
{
    ScriptedResponse copy = *this;
    char previous = 0;
    for (BodyPiece &piece : copy.pieces) {
        QByteArray converted;
        converted.reserve(piece.bytes.size() + piece.bytes.size() / 8);
        for (const char c : std::as_const(piece.bytes)) {
            if (c == '\n' && previous != '\r') {
                converted += '\r';
            }
            converted += c;
            previous = c;
        }
        piece.bytes = converted;
    }
    return copy;
}

ScriptedResponse ScriptedResponse::withPieceDelay(int delayMs) const
{
    ScriptedResponse copy = *this;
    for (BodyPiece &piece : copy.pieces) {
        piece.delayMs += delayMs;
    }
    return copy;
}

ScriptedResponse ScriptedResponse::withSseComments(const QByteArray &comment) const
{
    ScriptedResponse copy = *this;
    copy.pieces.clear();
    QByteArray tail;
    bool atEventStart = true;
    for (const BodyPiece &piece : pieces) {
        if (atEventStart && !piece.bytes.isEmpty()) {
            // The comment takes the wait, so the event itself follows it without a pause.
            copy.pieces.append({": " + comment + "\n\n", piece.delayMs});
            copy.pieces.append({piece.bytes, 0});
        } else {
            copy.pieces.append(piece);
        }
        tail = (tail + piece.bytes).right(4);
        atEventStart = endsAnEvent(tail) || (atEventStart && piece.bytes.isEmpty());
    }
    return copy;
}

ScriptedResponse ScriptedResponse::truncatedAt(qint64 byteOffset) const
{
    ScriptedResponse copy = *this;
    copy.pieces.clear();
    qint64 offset = 0;
    for (const BodyPiece &piece : pieces) {
        if (offset >= byteOffset) {
            break;
        }
        copy.pieces.append({piece.bytes.left(byteOffset - offset), piece.delayMs});
        offset += piece.bytes.size();
    }
    return copy;
}

} // namespace Juxta::Loopback
