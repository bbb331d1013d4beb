// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/sseparser.h"

#include <utility>

namespace Juxta::Providers {

namespace {

constexpr QByteArrayView byteOrderMark("\xEF\xBB\xBF");

// Past this size an emptied buffer gives its memory back instead of keeping it for the next line.
constexpr qsizetype keptCapacity = 64 * 1024;

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    if (bytes.isEmpty())
        return events;
    if (m_skipLineFeed) {
        // "\r" ended the last slice and was taken as a line ending; a "\n" now completes that same CRLF.
        m_skipLineFeed = false;
        if (bytes.front() == '\n')
            bytes = bytes.sliced(1);
    }
    m_buffer.append(bytes);
    if (m_atStreamStart) {
        if (m_buffer.size() < byteOrderMark.size() && byteOrderMark.startsWith(m_buffer))
            return events; // could still become a byte-order mark
        if (QByteArrayView(m_buffer).startsWith(byteOrderMark))
            m_buffer.remove(0, byteOrderMark.size());
        m_atStreamStart = false;
    }
    parseBuffer(events);
    return events;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> events;
    if (!m_buffer.isEmpty())
        processLine(m_buffer, events);
    dispatch(events);
    reset();
    return events;
}

void SseParser::reset()
{
    m_buffer.clear();
    m_scanned = 0;
    m_type.clear();
    m_data.clear();
    m_lastId.clear();
    m_hasData = false;
    m_skipLineFeed = false;
    m_atStreamStart = true;
}

qsizetype SseParser::bufferedBytes() const
{
    return m_buffer.size() + m_data.size();
}

void SseParser::parseBuffer(QList<SseEvent> &events)
{
    const char *bytes = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype lineStart = 0;
    qsizetype position = m_scanned;
    while (position < size) {
        const char byte = bytes[position];
        if (byte != '\n' && byte != '\r') {
            ++position;
            continue;
        }
        processLine(QByteArrayView(bytes + lineStart, position - lineStart), events);
        ++position;
        if (byte == '\r') {
            if (position == size)
                m_skipLineFeed = true;
            else if (bytes[position] == '\n')
                ++position;
        }
        lineStart = position;
    }

    // Dropping the complete lines once per feed, not once per line, keeps the cost linear: the
    // bytes moved are the unterminated tail, which all arrived in this feed.
    if (lineStart == size) {
        if (m_buffer.capacity() > keptCapacity)
            m_buffer.clear();
        else
            m_buffer.resize(0);
    } else if (lineStart > 0) {
        m_buffer.remove(0, lineStart);
    }
    m_scanned = m_buffer.size();
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &events)
{
    if (line.isEmpty()) {
        dispatch(events);
        return;
    }
    if (line.front() == ':')
        return; // comment, e.g. a keep-alive

    QByteArrayView field = line;
    QByteArrayView value;
    const qsizetype colon = line.indexOf(':');
    if (colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }

    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // Anything else ("retry", llama.cpp's old "error") is not part of an event.
}

void SseParser::dispatch(QList<SseEvent> &events)
{
    if (m_hasData)
        events.append(SseEvent {std::exchange(m_type, {}), std::exchange(m_data, {}), m_lastId});
    // Without data there is no event, but its type must not leak into the next one.
    m_type.clear();
    m_data.clear();
    m_hasData = false;
}

} // namespace Juxta::Providers
