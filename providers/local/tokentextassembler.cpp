// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/tokentextassembler.h"

namespace Juxta::Providers {

namespace {

// The number of bytes a UTF-8 sequence starting with @p lead has; 0 for a continuation byte.
int sequenceLength(unsigned char lead)
{
    if (lead < 0x80) {
        return 1;
    }
    if ((lead & 0xC0) == 0x80) {
        return 0;
    }
    if ((lead & 0xE0) == 0xC0) {
        return 2;
    }
    if ((lead & 0xF0) == 0xE0) {
        return 3;
    }
    if ((lead & 0xF8) == 0xF0) {
        return 4;
    }
    return 1; // not valid UTF-8 at all: released as it is, shown as a replacement character
}

// Moves @p end back over a character whose bytes have not all arrived yet.
qsizetype completeCharacterEnd(const QByteArray &bytes, qsizetype begin, qsizetype end)
{
    for (qsizetype i = end - 1; i >= begin && i >= end - 4; --i) {
        const int length = sequenceLength(static_cast<unsigned char>(bytes[i]));
        if (length == 0) {
            continue; // a continuation byte: look further back for its lead
        }
        return i + length > end ? i : end;
    }
    return end;
}

} // namespace

TokenTextAssembler::TokenTextAssembler(const QStringList &stopStrings)
{
    for (const QString &stop : stopStrings) {
        if (!stop.isEmpty()) {
            m_stops.append(stop.toUtf8());
        }
    }
}

QString TokenTextAssembler::append(QByteArrayView piece)
{
    if (m_stopped || piece.isEmpty()) {
        return {};
    }
    m_bytes.append(piece);
    // Released bytes never begin a stop string, so a match can only start after them.
    qsizetype stopAt = -1;
    for (const QByteArray &stop : std::as_const(m_stops)) {
        const qsizetype at = m_bytes.indexOf(stop, m_released);
        if (at >= 0 && (stopAt < 0 || at < stopAt)) {
            stopAt = at;
        }
    }
    if (stopAt >= 0) {
        m_stopped = true;
        m_bytes.truncate(stopAt);
        return release(stopAt);
    }
    const qsizetype safeEnd = m_bytes.size() - heldForStopPrefix();
    return release(completeCharacterEnd(m_bytes, m_released, safeEnd));
}

QString TokenTextAssembler::finish()
{
    return release(m_bytes.size());
}

QString TokenTextAssembler::release(qsizetype end)
{
    if (end <= m_released) {
        return {};
    }
    const QString text = QString::fromUtf8(QByteArrayView(m_bytes).sliced(m_released, end - m_released));
    m_released = end;
    return text;
}

// The longest unreleased tail of the text that some stop string begins with.
qsizetype TokenTextAssembler::heldForStopPrefix() const
{
    const qsizetype pending = m_bytes.size() - m_released;
    qsizetype held = 0;
    for (const QByteArray &stop : m_stops) {
        for (qsizetype length = std::min(pending, stop.size() - 1); length > held; --length) {
            if (QByteArrayView(m_bytes).last(length) == QByteArrayView(stop).first(length)) {
                held = length;
                break;
            }
        }
    }
    return held;
}

} // namespace Juxta::Providers
