// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/ndjsonparser.h"

namespace Juxta::Providers {

namespace {

// Past this size an emptied buffer gives its memory back instead of keeping it for the next line.
constexpr qsizetype keptCapacity = 64 * 1024;

} // namespace

QList<QByteArray> NdjsonParser::feed(QByteArrayView bytes)
{
    QList<QByteArray> lines;
    if (bytes.isEmpty())
        return lines;
    m_buffer.append(bytes);

    const QByteArrayView buffer(m_buffer);
    qsizetype lineStart = 0;
    qsizetype newline = buffer.indexOf('\n', m_scanned);
    while (newline >= 0) {
        appendLine(buffer.sliced(lineStart, newline - lineStart), lines);
        lineStart = newline + 1;
        newline = buffer.indexOf('\n', lineStart);
    }

    // Dropping the complete lines once per feed, not once per line, keeps the cost linear: the
    // bytes moved are the unterminated tail, which all arrived in this feed.
    if (lineStart == m_buffer.size()) {
        if (m_buffer.capacity() > keptCapacity)
            m_buffer.clear();
        else
            m_buffer.resize(0);
    } else if (lineStart > 0) {
        m_buffer.remove(0, lineStart);
    }
    m_scanned = m_buffer.size();
    return lines;
}

QList<QByteArray> NdjsonParser::finish()
{
    QList<QByteArray> lines;
    appendLine(m_buffer, lines);
    reset();
    return lines;
}

void NdjsonParser::reset()
{
    m_buffer.clear();
    m_scanned = 0;
}

qsizetype NdjsonParser::bufferedBytes() const
{
    return m_buffer.size();
}

void NdjsonParser::appendLine(QByteArrayView line, QList<QByteArray> &lines)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (!line.trimmed().isEmpty())
        lines.append(line.toByteArray());
}

} // namespace Juxta::Providers
