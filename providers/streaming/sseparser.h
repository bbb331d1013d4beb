// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <functional>

namespace Juxta::Providers {

/** One dispatched server-sent event. All fields are raw bytes; decoding is the caller's job. */
struct SseEvent
{
    /** The `event:` field, empty when the event had none. */
    QByteArray type;
    /** The `data:` lines joined with `\n`. */
    QByteArray data;
    /** The last `id:` seen on the stream so far (it carries over to later events, as in WHATWG SSE). */
    QByteArray id;

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

/**
 * Incremental parser for a `text/event-stream` body (WHATWG server-sent events).
 *
 * Feed it the bytes of each `readyRead` as they come; slices may split lines, CRLF pairs and
 * UTF-8 sequences anywhere. It never decodes text, so a multibyte character cut in half by the
 * network is simply joined again in the output bytes. Each byte is scanned once, so the cost of a
 * feed does not depend on how much of the stream came before it.
 */
class SseParser
{
public:
    /**
     * Called for each event, in stream order. Its fields may refer to the parser's own buffer
     * (a long answer is tens of thousands of events, and not copying each one matters): they
     * are valid during the call only, so copy what must outlive it.
     */
    using EventHandler = std::function<void(const SseEvent &event)>;

    /** Parses @p bytes, handing every event they complete to @p onEvent. */
    void feed(QByteArrayView bytes, const EventHandler &onEvent);
    /** Returns the events that `bytes` completed, in stream order. */
    QList<SseEvent> feed(QByteArrayView bytes);
    /**
     * Ends the stream: treats an unterminated last line as complete, dispatches a pending event
     * that never got its blank line, and resets the parser for a new stream.
     */
    void finish(const EventHandler &onEvent);
    QList<SseEvent> finish();
    /** Forgets everything, including the last event id, as if no byte had been fed. */
    void reset();
    /** Bytes held for the unterminated line and the event being assembled. */
    qsizetype bufferedBytes() const;

private:
    void parseBuffer(const EventHandler &onEvent);
    void processLine(QByteArrayView line, const EventHandler &onEvent);
    void dispatch(const EventHandler &onEvent);
    /** Copies fields still held as views into m_buffer, before it changes. */
    void keepPendingFields();

    QByteArray m_buffer; // only the unterminated line; complete lines are dropped after each feed
    qsizetype m_scanned = 0; // bytes of m_buffer already known to hold no line ending
    // A field of the event being assembled is a view into m_buffer until the buffer changes.
    QByteArray m_type;
    QByteArrayView m_typeView;
    bool m_typeIsView = false;
    QByteArray m_data;
    QByteArrayView m_dataView;
    bool m_dataIsView = false;
    QByteArray m_lastId;
    bool m_hasData = false;
    bool m_skipLineFeed = false; // the previous slice ended in '\r', so a leading '\n' ends nothing
    bool m_atStreamStart = true; // a byte-order mark may still come
};

} // namespace Juxta::Providers
