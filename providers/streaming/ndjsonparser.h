// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Juxta::Providers {

/**
 * Incremental splitter for newline-delimited JSON (one document per line), as Ollama streams it.
 *
 * Lines end in `\n` or `\r\n`; blank lines are skipped. It returns each line's raw bytes and
 * leaves JSON parsing to the caller. Each byte is scanned once, so the cost of a feed does not
 * depend on how much of the stream came before it.
 */
class NdjsonParser
{
public:
    /** Returns the lines that `bytes` completed, without their line endings, in stream order. */
    QList<QByteArray> feed(QByteArrayView bytes);
    /** Ends the stream: returns an unterminated last line, if any, and resets the parser. */
    QList<QByteArray> finish();
    /** Forgets everything, as if no byte had been fed. */
    void reset();
    /** Bytes held for the unterminated line. */
    qsizetype bufferedBytes() const;

private:
    static void appendLine(QByteArrayView line, QList<QByteArray> &lines);

    QByteArray m_buffer; // only the unterminated line; complete lines are dropped after each feed
    qsizetype m_scanned = 0; // bytes of m_buffer already known to hold no '\n'
};

} // namespace Juxta::Providers
