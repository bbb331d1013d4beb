// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/renderedblock.h"

#include "ui/render/renderstyle.h"

#include <QAbstractTextDocumentLayout>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFrame>
#include <QTextTable>

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
    m_document.setDocumentMargin(0);
    m_document.setUndoRedoEnabled(false);
    m_document.setDefaultFont(kind == Kind::Code ? style.codeFont : style.font);
    if (kind == Kind::Code) {
        // Code keeps its lines: it scrolls in no view, so long lines wrap anywhere.
        QTextOption option = m_document.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        m_document.setDefaultTextOption(option);
        m_states.append(CodeHighlighter::LineState());
    }
}

RenderedBlock::~RenderedBlock() = default;

void RenderedBlock::setMarkdown(const QString &source)
{
    if (source == m_source && !m_document.isEmpty()) {
        return;
    }
    m_source = source;
    m_document.setMarkdown(source,
        QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    styleTables();
    colourLinks();
    m_dirty = true;
}

void RenderedBlock::setPlainText(const QString &text)
{
    if (text == m_source && !m_document.isEmpty()) {
        return;
    }
    m_source = text;
    m_document.setPlainText(text);
    m_dirty = true;
}

void RenderedBlock::setCode(const QString &definition, const QStringList &lines)
{
    if (definition != m_definition) {
        m_definition = definition;
        m_lines.clear();
        m_states.resize(1);
        m_document.clear();
    }
    qsizetype same = 0;
    while (same < m_lines.size() && same < lines.size() && m_lines[same] == lines[same]) {
        ++same;
    }
    if (same == m_lines.size() && same == lines.size()) {
        return;
    }
    QTextCursor cursor(&m_document);
    cursor.beginEditBlock();
    // Drop the lines from the first changed one on, with the line break before it.
    if (same < m_lines.size()) {
        const QTextBlock first = m_document.findBlockByNumber(int(same));
        cursor.setPosition(same == 0 ? 0 : first.position() - 1);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        m_lines.resize(same);
        m_states.resize(same + 1);
    }
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat plain;
    plain.setForeground(m_style.highlighter ? m_style.highlighter->textColor() : m_style.textColor);
    for (qsizetype i = same; i < lines.size(); ++i) {
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
        m_lines.append(line);
        m_states.append(state);
    }
    cursor.endEditBlock();
    m_dirty = true;
}

void RenderedBlock::layout(int width)
{
    if (!m_dirty && width == m_width) {
        return;
    }
    // setTextWidth() lays the whole document out again even at the same width, so it is only
    // called when the width changes; content changes are laid out by the document as they happen.
    if (width != m_width) {
        m_width = width;
        m_document.setTextWidth(width);
    }
    m_height = int(std::ceil(m_document.size().height()));
    m_dirty = false;
    ++m_layoutCount;
}

void RenderedBlock::setWidthHint(int width)
{
    if (m_width < 0 && width > 0) {
        m_width = width;
        m_document.setTextWidth(width);
    }
}

void RenderedBlock::paint(QPainter *painter, QPointF topLeft, const QRectF &clip, const QColor &textColor) const
{
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = m_style.palette;
    context.palette.setColor(QPalette::Text, textColor);
    context.clip = clip.translated(-topLeft);
    painter->save();
    painter->translate(topLeft);
    m_document.documentLayout()->draw(painter, context);
    painter->restore();
}

QString RenderedBlock::anchorAt(QPointF position) const
{
    return m_document.documentLayout()->anchorAt(position);
}

void RenderedBlock::colourLinks()
{
    // The importer takes the application's link colour; links follow this view's palette.
    if (!m_source.contains(u':')) {
        return;
    }
    QTextCharFormat link;
    link.setForeground(m_style.palette.color(QPalette::Link));
    for (QTextBlock block = m_document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.charFormat().isAnchor()) {
                QTextCursor cursor(&m_document);
                cursor.setPosition(fragment.position());
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
                cursor.mergeCharFormat(link);
            }
        }
    }
}

void RenderedBlock::styleTables()
{
    for (QTextFrame *frame : m_document.rootFrame()->childFrames()) {
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
