// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/sseparser.h"

#include <cstring>
#include <utility>

namespace Juxta::Providers {

namespace {

constexpr QByteArrayView byteOrderMark("\xEF\xBB\xBF");

// Past this size an emptied buffer gives its memory back instead of keeping it for the next line.
constexpr qsizetype keptCapacity = 64 * 1024;

} // namespace

namespace {

SseEvent ownedCopy(const SseEvent &event)
{
    const auto copy = [](const QByteArray &bytes) {
        return bytes.isNull() ? QByteArray() : QByteArray(bytes.constData(), bytes.size());
    };
    return SseEvent {copy(event.type), copy(event.data), event.id};
}

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    feed(bytes, [&events](const SseEvent &event) {
        events.append(ownedCopy(event));
    });
    return events;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> events;
    finish([&events](const SseEvent &event) {
        events.append(ownedCopy(event));
    });
    return events;
}

void SseParser::feed(QByteArrayView bytes, const EventHandler &onEvent)
{
    if (bytes.isEmpty())
        return;
    if (m_skipLineFeed) {
        // "\r" ended the last slice and was taken as a line ending; a "\n" now completes that same CRLF.
        m_skipLineFeed = false;
        if (bytes.front() == '\n')
            bytes = bytes.sliced(1);
    }
    m_buffer.append(bytes);
    if (m_atStreamStart) {
        if (m_buffer.size() < byteOrderMark.size() && byteOrderMark.startsWith(m_buffer))
            return; // could still become a byte-order mark
        if (QByteArrayView(m_buffer).startsWith(byteOrderMark))
            m_buffer.remove(0, byteOrderMark.size());
        m_atStreamStart = false;
    }
    parseBuffer(onEvent);
}

void SseParser::finish(const EventHandler &onEvent)
{
    if (!m_buffer.isEmpty())
        processLine(m_buffer, onEvent);
    dispatch(onEvent);
    reset();
}

void SseParser::reset()
{
    m_buffer.clear();
    m_scanned = 0;
    m_type.clear();
    m_typeIsView = false;
    m_data.clear();
    m_dataIsView = false;
    m_lastId.clear();
    m_hasData = false;
    m_skipLineFeed = false;
    m_atStreamStart = true;
}

qsizetype SseParser::bufferedBytes() const
{
    return m_buffer.size() + m_data.size();
}

void SseParser::parseBuffer(const EventHandler &onEvent)
{
    const char *bytes = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype lineStart = 0;
    qsizetype position = m_scanned;
    while (position < size) {
        // Lines end in "\n" nearly always; a "\r" can only come first where it is in this span.
        const auto *newline = static_cast<const char *>(std::memchr(bytes + position, '\n', size_t(size - position)));
        const qsizetype span = newline ? newline - bytes - position : size - position;
        const auto *carriageReturn = static_cast<const char *>(std::memchr(bytes + position, '\r', size_t(span)));
        if (!newline && !carriageReturn) {
            position = size;
            break;
        }
        position = (carriageReturn ? carriageReturn : newline) - bytes;
        const char byte = bytes[position];
        processLine(QByteArrayView(bytes + lineStart, position - lineStart), onEvent);
        ++position;
        if (byte == '\r') {
            if (position == size)
                m_skipLineFeed = true;
            else if (bytes[position] == '\n')
                ++position;
        }
        lineStart = position;
    }

    keepPendingFields();
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

void SseParser::keepPendingFields()
{
    if (m_typeIsView) {
        m_type = m_typeView.toByteArray();
        m_typeIsView = false;
    }
    if (m_dataIsView) {
        m_data = m_dataView.toByteArray();
        m_dataIsView = false;
    }
}

void SseParser::processLine(QByteArrayView line, const EventHandler &onEvent)
{
    if (line.isEmpty()) {
        dispatch(onEvent);
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
        if (!m_hasData) {
            m_dataView = value;
            m_dataIsView = true;
        } else {
            keepPendingFields();
            m_data.append('\n');
            m_data.append(value);
        }
        m_hasData = true;
    } else if (field == "event") {
        m_typeView = value;
        m_typeIsView = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = value.toByteArray();
    }
    // Anything else ("retry", llama.cpp's old "error") is not part of an event.
}

void SseParser::dispatch(const EventHandler &onEvent)
{
    const auto field = [](const QByteArray &owned, QByteArrayView view, bool isView) {
        return isView ? QByteArray::fromRawData(view.data(), view.size()) : owned;
    };
    if (m_hasData)
        onEvent(SseEvent {field(m_type, m_typeView, m_typeIsView), field(m_data, m_dataView, m_dataIsView), m_lastId});
    // Without data there is no event, but its type must not leak into the next one.
    m_type.clear();
    m_typeIsView = false;
    m_data.clear();
    m_dataIsView = false;
    m_hasData = false;
}

} // namespace Juxta::Providers
