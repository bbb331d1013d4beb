// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/renderedblock.h"

#include "ui/render/renderstyle.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTextTable>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {
quint64 s_nextSerial = 1;
}

RenderedBlock::RenderedBlock(Kind kind, const RenderStyle &style)
    : m_kind(kind)
    , m_serial(s_nextSerial++)
    , m_style(style)
{
    if (kind == Kind::Code) {
        m_states.append(CodeHighlighter::LineState());
    }
}

RenderedBlock::~RenderedBlock() = default;

QTextDocument &RenderedBlock::ensureDocument() const
{
    if (m_document) {
        return *m_document;
    }
    m_document = std::make_unique<QTextDocument>();
    m_document->setDocumentMargin(0);
    m_document->setUndoRedoEnabled(false);
    m_document->setDefaultFont(m_kind == Kind::Code ? m_style.codeFont : m_style.font);
    if (m_kind == Kind::Code) {
        // Code keeps its lines: it scrolls in no view, so long lines wrap anywhere.
        QTextOption option = m_document->defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        m_document->setDefaultTextOption(option);
    }
    // The width first: content added after it is laid out once, at that width.
    if (m_width > 0) {
        m_document->setTextWidth(m_width);
    }
    if (m_kind == Kind::Code) {
        if (!m_lines.isEmpty()) {
            m_states.resize(1);
            QTextCursor cursor(m_document.get());
            cursor.beginEditBlock();
            appendCode(cursor, 0, m_lines);
            cursor.endEditBlock();
        }
    } else if (m_plain) {
        m_document->setPlainText(m_source);
    } else if (!m_source.isEmpty()) {
        m_document->setMarkdown(m_source,
            QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
        styleTables();
        colourLinks();
    }
    if (m_kind == Kind::Code ? !m_lines.isEmpty() : m_hasContent) {
        ++m_renderCount;
    }
    return *m_document;
}

const QTextDocument &RenderedBlock::document() const
{
    return ensureDocument();
}

void RenderedBlock::releaseDocument()
{
    m_document.reset();
    if (m_kind == Kind::Code) {
        // The states only serve lines still to come; a rebuilt document highlights from the start.
        m_states.resize(1);
    }
}

void RenderedBlock::setMarkdown(const QString &source)
{
    if (m_hasContent && !m_plain && source == m_source) {
        return;
    }
    m_source = source;
    m_plain = false;
    m_hasContent = true;
    if (m_document) {
        m_document->setMarkdown(source,
            QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
        styleTables();
        colourLinks();
        ++m_renderCount;
    } else {
        ensureDocument();
    }
    m_dirty = true;
}

void RenderedBlock::setPlainText(const QString &text)
{
    if (m_hasContent && m_plain && text == m_source) {
        return;
    }
    m_source = text;
    m_plain = true;
    m_hasContent = true;
    if (m_document) {
        m_document->setPlainText(text);
        ++m_renderCount;
    } else {
        ensureDocument();
    }
    m_dirty = true;
}

void RenderedBlock::setCode(const QString &definition, const QStringList &lines)
{
    QTextDocument &document = ensureDocument();
    if (definition != m_definition) {
        m_definition = definition;
        m_lines.clear();
        m_states.resize(1);
        document.clear();
    }
    qsizetype same = 0;
    while (same < m_lines.size() && same < lines.size() && m_lines[same] == lines[same]) {
        ++same;
    }
    if (same == m_lines.size() && same == lines.size()) {
        return;
    }
    QTextCursor cursor(&document);
    cursor.beginEditBlock();
    // Drop the lines from the first changed one on, with the line break before it.
    if (same < m_lines.size()) {
        const QTextBlock first = document.findBlockByNumber(int(same));
        cursor.setPosition(same == 0 ? 0 : first.position() - 1);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        m_lines.resize(same);
        m_states.resize(same + 1);
    }
    appendCode(cursor, same, lines);
    cursor.endEditBlock();
    m_lines = lines;
    ++m_renderCount;
    m_dirty = true;
}

void RenderedBlock::appendCode(QTextCursor &cursor, qsizetype from, const QStringList &lines) const
{
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat plain;
    plain.setForeground(m_style.highlighter ? m_style.highlighter->textColor() : m_style.textColor);
    for (qsizetype i = from; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (i > 0) {
            cursor.insertBlock(QTextBlockFormat(), plain);
        }
        CodeHighlighter::LineState state = m_states[i];
        const QList<QTextLayout::FormatRange> ranges = m_style.highlighter
            ? m_style.highlighter->highlightLine(m_definition, line, state)
            : QList<QTextLayout::FormatRange>();
        qsizetype at = 0;
        for (const QTextLayout::FormatRange &range : ranges) {
            if (range.start > at) {
                cursor.insertText(line.mid(at, range.start - at), plain);
            }
            QTextCharFormat format = plain;
            format.merge(range.format);
            cursor.insertText(line.mid(range.start, range.length), format);
            at = range.start + range.length;
        }
        if (at < line.size()) {
            cursor.insertText(line.mid(at), plain);
        }
        m_states.append(state);
    }
}

void RenderedBlock::layout(int width)
{
    if (!m_dirty && width == m_width) {
        return;
    }
    QTextDocument &document = ensureDocument();
    // setTextWidth() lays the whole document out again even at the same width, so it is only
    // called when the width changes; content changes are laid out by the document as they happen.
    if (width != m_width) {
        m_width = width;
        document.setTextWidth(width);
    }
    m_height = int(std::ceil(document.size().height()));
    m_dirty = false;
    ++m_layoutCount;
}

void RenderedBlock::setWidthHint(int width)
{
    if (m_width < 0 && width > 0) {
        m_width = width;
        if (m_document) {
            m_document->setTextWidth(width);
        }
    }
}

void RenderedBlock::paint(QPainter *painter,
    QPointF topLeft,
    const QRectF &clip,
    const QColor &textColor,
    int selectionStart,
    int selectionEnd) const
{
    QTextDocument &document = ensureDocument();
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = m_style.palette;
    context.palette.setColor(QPalette::Text, textColor);
    context.clip = clip.translated(-topLeft);
    selectionStart = std::clamp(selectionStart, 0, length());
    selectionEnd = std::clamp(selectionEnd, 0, length());
    if (selectionStart < selectionEnd) {
        QAbstractTextDocumentLayout::Selection selection;
        selection.cursor = QTextCursor(&document);
        selection.cursor.setPosition(selectionStart);
        selection.cursor.setPosition(selectionEnd, QTextCursor::KeepAnchor);
        selection.format.setBackground(m_style.palette.color(QPalette::Highlight));
        selection.format.setForeground(m_style.palette.color(QPalette::HighlightedText));
        context.selections.append(selection);
    }
    painter->save();
    painter->translate(topLeft);
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

QString RenderedBlock::anchorAt(QPointF position) const
{
    return ensureDocument().documentLayout()->anchorAt(position);
}

int RenderedBlock::positionAt(QPointF position) const
{
    return std::max(ensureDocument().documentLayout()->hitTest(position, Qt::FuzzyHit), 0);
}

int RenderedBlock::length() const
{
    return std::max(ensureDocument().characterCount() - 1, 0);
}

QString RenderedBlock::textBetween(int from, int to) const
{
    from = std::clamp(from, 0, length());
    to = std::clamp(to, 0, length());
    if (from >= to) {
        return {};
    }
    QTextCursor cursor(&ensureDocument());
    cursor.setPosition(from);
    cursor.setPosition(to, QTextCursor::KeepAnchor);
    return cursor.selection().toPlainText();
}

void RenderedBlock::colourLinks() const
{
    // The importer takes the application's link colour; links follow this view's palette.
    if (!m_source.contains(u':')) {
        return;
    }
    QTextCharFormat link;
    link.setForeground(m_style.palette.color(QPalette::Link));
    for (QTextBlock block = m_document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().isAnchor()) {
                QTextCursor cursor(m_document.get());
                cursor.setPosition(fragment.position());
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
                cursor.mergeCharFormat(link);
            }
        }
    }
}

void RenderedBlock::styleTables() const
{
    for (QTextFrame *frame : m_document->rootFrame()->childFrames()) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table) {
            continue;
        }
        QTextTableFormat format = table->format();
        format.setBorder(1);
        format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        format.setBorderBrush(m_style.palette.color(QPalette::Mid));
        format.setBorderCollapse(true);
        format.setCellPadding(4);
        format.setCellSpacing(0);
        table->setFormat(format);
    }
}

} // namespace Juxta::Ui
