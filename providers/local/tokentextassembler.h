// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <QStringList>

namespace Juxta::Providers {

/**
 * Turns the byte pieces of generated tokens into text that is safe to show.
 *
 * A token may end in the middle of a multibyte UTF-8 character (byte-fallback tokens), and a
 * stop string may span several tokens. So bytes that could still become part of a stop string,
 * and an incomplete character at the end, are held back until the next piece decides them.
 * Once a stop string appears, the text ends right before it and the stop string is never shown.
 * Everything released, concatenated, is exactly text().
 */
class TokenTextAssembler
{
public:
    explicit TokenTextAssembler(const QStringList &stopStrings = {});

    /** Adds the bytes of one token; returns the text that became final (may be empty). */
    QString append(QByteArrayView piece);
    /** Generation ended without a stop string: releases whatever was held back. */
    QString finish();

    /** True once a stop string was found; later pieces are ignored. */
    bool isStopped() const { return m_stopped; }
    /** Everything released so far. */
    QString text() const { return QString::fromUtf8(m_bytes.first(m_released)); }

private:
    QString release(qsizetype end);
    qsizetype heldForStopPrefix() const;

    QByteArrayList m_stops;
    QByteArray m_bytes;
    qsizetype m_released = 0;
    bool m_stopped = false;
};

} // namespace Juxta::Providers
