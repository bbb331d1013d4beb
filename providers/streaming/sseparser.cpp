// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/sseparser.h"

namespace Juxta::Providers {

namespace {
constexpr QByteArrayView Bom("\xEF\xBB\xBF");
// Consumed lines are dropped once they make up most of the buffer, so a long stream is never
// copied over and over, and a huge single event is not copied while it grows.
constexpr qsizetype CompactThreshold = 64 * 1024;
} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> events;
    m_buffer.append(bytes);

    if (m_atStreamStart) {
        // A byte-order mark may itself arrive split across slices.
        const QByteArrayView head = QByteArrayView(m_buffer).first(std::min(m_buffer.size(), Bom.size()));
        if (Bom.startsWith(head) && head.size() < Bom.size()) {
            return events;
        }
        if (head == Bom) {
            m_lineStart = m_scanned = Bom.size();
        }
        m_atStreamStart = false;
    }

    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    for (qsizetype i = m_scanned; i < size; ++i) {
        const char c = data[i];
        if (m_skipLineFeed) {
            m_skipLineFeed = false;
            if (c == '\n') {
                m_lineStart = i + 1;
                continue;
            }
        }
        if (c == '\n' || c == '\r') {
            processLine(QByteArrayView(data + m_lineStart, i - m_lineStart), events);
            m_lineStart = i + 1;
            // CRLF is one line ending, even when the LF comes in the next slice.
            m_skipLineFeed = c == '\r';
        }
    }
    m_scanned = size;

    if (m_lineStart >= CompactThreshold && m_lineStart * 2 >= size) {
        m_buffer.remove(0, m_lineStart);
        m_scanned -= m_lineStart;
        m_lineStart = 0;
    }
    return events;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> events;
    if (m_atStreamStart && !m_buffer.isEmpty() && !QByteArrayView(m_buffer).startsWith(Bom)) {
        m_atStreamStart = false; // a stream shorter than a BOM that is not one
    } else if (m_atStreamStart) {
        m_lineStart = m_buffer.size();
    }
    if (m_lineStart < m_buffer.size()) {
        processLine(QByteArrayView(m_buffer).sliced(m_lineStart), events);
    }
    dispatch(events);
    m_buffer.clear();
    m_lineStart = m_scanned = 0;
    return events;
}

void SseParser::reset()
{
    *this = SseParser();
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &events)
{
    if (line.isEmpty()) {
        dispatch(events);
        return;
    }
    if (line.front() == ':') {
        return; // a comment: keep-alives, "OPENROUTER PROCESSING"
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' ')) {
        value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData) {
            m_data.append('\n');
        }
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_id = value.toByteArray();
        }
    }
    // retry: and unknown fields (old llama-server's "error:") carry nothing an answer needs.
}

void SseParser::dispatch(QList<SseEvent> &events)
{
    if (m_hasData) {
        events.append(SseEvent {m_type, m_data, m_id});
    }
    m_type.clear();
    m_data.clear();
    m_hasData = false;
}

} // namespace Juxta::Providers
