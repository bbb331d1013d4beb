// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Juxta::Providers {

/** One server-sent event. */
struct SseEvent
{
    /** The event: field; empty when the server sent none. */
    QByteArray type;
    /** The data: lines joined with '\n', as bytes: decoding is the caller's business. */
    QByteArray data;
    /** The last id: the stream set, as the standard keeps it across events. */
    QByteArray id;
};

/**
 * Cuts a server-sent-events stream into events, incrementally and independent of how the
 * network sliced the bytes: lines may end in LF, CRLF or a lone CR, a CR and its LF may arrive
 * in different slices, and a final event without its blank line still counts at the end.
 *
 * The cost per byte does not grow with the stream: bytes are scanned once, and the buffer only
 * ever holds the line in progress.
 */
class SseParser
{
public:
    /** Bytes as they arrive; returns the events they completed. */
    QList<SseEvent> feed(QByteArrayView bytes);
    /** The stream ended: returns an event still waiting for its blank line, if any. */
    QList<SseEvent> finish();
    void reset();
    /** Bytes held for the line in progress. */
    qsizetype bufferedBytes() const { return m_buffer.size() - m_lineStart; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &events);
    void dispatch(QList<SseEvent> &events);

    QByteArray m_buffer;
    qsizetype m_lineStart = 0;
    qsizetype m_scanned = 0;
    bool m_skipLineFeed = false;
    bool m_atStreamStart = true;

    QByteArray m_type;
    QByteArray m_data;
    QByteArray m_id;
    bool m_hasData = false;
};

} // namespace Juxta::Providers
