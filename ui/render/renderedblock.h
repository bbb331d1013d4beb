// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/render/codehighlighter.h"

#include <QStringList>
#include <QTextDocument>

#include <memory>

class QPainter;
class QTextCursor;

namespace Juxta::Ui {

struct RenderStyle;

/**
 * One block of a message (a paragraph, a list item, a table, a code block…) in a
 * QTextDocument of its own, so that it is laid out once and then only painted.
 *
 * A document is laid out again only when its content or the width changes; layoutCount()
 * says how often that happened, and renderCount() how often the document's content was
 * built, which is how tests prove closed blocks stay untouched.
 * Code grows line by line: lines already highlighted are kept, with the highlighter's state
 * after each, and only lines that changed are highlighted again.
 *
 * A document costs tens of kilobytes, so a block that will not change any more can give its
 * document up (releaseDocument()) and keep only its source and height; the document is built
 * again from the source when it is needed (painting, a link under the pointer, a new width).
 */
class RenderedBlock
{
public:
    enum class Kind { Markdown, Code };

    RenderedBlock(Kind kind, const RenderStyle &style);
    ~RenderedBlock();
    Q_DISABLE_COPY_MOVE(RenderedBlock)

    Kind kind() const { return m_kind; }
    /** A number no other block of this process has had: a key for caches of its pixels. */
    quint64 serial() const { return m_serial; }

    /** Markdown: shows @p source (GitHub dialect, raw HTML shown as text). No-op if unchanged. */
    void setMarkdown(const QString &source);
    /** Markdown kind, shown as plain text (error messages, notes). No-op if unchanged. */
    void setPlainText(const QString &text);
    /**
     * Code: shows @p lines, highlighted as @p definition (empty: plain text). Lines that match
     * what is shown are kept; from the first that differs on, lines are replaced.
     */
    void setCode(const QString &definition, const QStringList &lines);
    /** Code: the fence's language as written, for the label. */
    void setLanguage(const QString &language) { m_language = language; }
    QString language() const { return m_language; }
    /** Code: the code, for the Copy button. */
    QString code() const { return m_lines.join(u'\n'); }

    /** The width the block will likely be laid out at: set before content, it is laid out only once. */
    void setWidthHint(int width);
    /** Lays the document out at @p width if its content or the width changed. */
    void layout(int width);
    int height() const { return m_height; }
    int layoutCount() const { return m_layoutCount; }
    /** Paints at @p topLeft; only what intersects @p clip (in the painter's coordinates). */
    /** Characters [@p selectionStart, @p selectionEnd) are drawn selected (none if empty). */
    void paint(QPainter *painter,
        QPointF topLeft,
        const QRectF &clip,
        const QColor &textColor,
        int selectionStart = 0,
        int selectionEnd = 0) const;
    /** The link under @p position (block coordinates), or an empty string. */
    QString anchorAt(QPointF position) const;
    /** The character position nearest to @p position (block coordinates). */
    int positionAt(QPointF position) const;
    /** How many character positions the block's text has (its end position). */
    int length() const;
    /** The text shown between positions @p from and @p to, as plain text with line breaks. */
    QString textBetween(int from, int to) const;
    /** The block's text as shown (for accessibility, golden files). */
    QString plainText() const { return document().toPlainText(); }
    /** The document, built again from the source if it was released. */
    const QTextDocument &document() const;
    /** Drops the document until it is needed again; for blocks whose content is final. */
    void releaseDocument();
    bool hasDocument() const { return m_document != nullptr; }
    /** How often the document's content was built or changed (released and built again counts). */
    int renderCount() const { return m_renderCount; }

private:
    QTextDocument &ensureDocument() const;
    /** Code: appends @p lines from @p from on, highlighted from the state before line @p from. */
    void appendCode(QTextCursor &cursor, qsizetype from, const QStringList &lines) const;
    void styleTables() const;
    void colourLinks() const;

    Kind m_kind;
    quint64 m_serial;
    const RenderStyle &m_style;
    mutable std::unique_ptr<QTextDocument> m_document;
    /** Markdown and plain text: the source; code keeps m_lines instead. */
    QString m_source;
    bool m_plain = false;
    bool m_hasContent = false;
    QString m_language;
    QString m_definition;
    QStringList m_lines;
    /** m_states[i]: the highlighter's state before line i. */
    mutable QList<CodeHighlighter::LineState> m_states;
    int m_width = -1;
    int m_height = 0;
    int m_layoutCount = 0;
    mutable int m_renderCount = 0;
    bool m_dirty = true;
};

} // namespace Juxta::Ui
