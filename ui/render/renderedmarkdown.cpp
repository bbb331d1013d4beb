// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/renderedmarkdown.h"

#include "ui/render/codehighlighter.h"
#include "ui/render/renderedblock.h"
#include "ui/render/renderstyle.h"

#include <QFontMetrics>

#include <algorithm>

namespace Juxta::Ui {

namespace {
// Closed blocks this close to the end keep their documents: they are likely painted next.
constexpr size_t KeptDocuments = 8;
} // namespace

using Block = MarkdownBlockSplitter::Block;
using Kind = MarkdownBlockSplitter::Kind;

RenderedMarkdown::RenderedMarkdown(const RenderStyle &style)
    : m_style(style)
{ }

RenderedMarkdown::~RenderedMarkdown() = default;

void RenderedMarkdown::update(const QString &text, bool complete)
{
    if (text.size() < m_seen || (m_complete && !complete)) {
        m_splitter.reset();
        m_blocks.clear();
        m_indents.clear();
        m_closedCount = 0;
        m_laidOut = 0;
        m_released = 0;
        m_openStart = -1;
        m_complete = false;
    }
    if (text.size() == m_seen && complete == m_complete) {
        return;
    }
    m_seen = text.size();
    m_complete = complete;

    const qsizetype closed = complete ? m_splitter.finish(text) : m_splitter.update(text);
    const QList<Block> &blocks = m_splitter.closedBlocks();
    for (qsizetype i = blocks.size() - closed; i < blocks.size(); ++i) {
        const Block &block = blocks[i];
        const bool code = block.kind == Kind::Code;
        // The open block closing: keep its document, refreshed with the final text.
        if (m_openStart == block.start && m_closedCount < qsizetype(m_blocks.size())
            && (m_blocks.back()->kind() == RenderedBlock::Kind::Code) == code) {
            refresh(*m_blocks.back(), text, block);
            m_openStart = -1;
        } else {
            if (m_openStart >= 0 && m_closedCount < qsizetype(m_blocks.size())) {
                m_blocks.pop_back();
                m_indents.pop_back();
                m_openStart = -1;
            }
            m_blocks.push_back(render(text, block));
            m_indents.push_back(block.indent);
        }
        ++m_closedCount;
    }
    if (complete) {
        if (m_openStart >= 0 && m_closedCount < qsizetype(m_blocks.size())) {
            m_blocks.pop_back();
            m_indents.pop_back();
        }
        m_openStart = -1;
        return;
    }
    const Block open = m_splitter.openBlock(text);
    const bool hasOpen = m_closedCount < qsizetype(m_blocks.size());
    if (open.end <= open.start) {
        if (hasOpen) {
            m_blocks.pop_back();
            m_indents.pop_back();
        }
        m_openStart = -1;
        return;
    }
    const bool code = open.kind == Kind::Code;
    if (hasOpen && m_openStart == open.start && (m_blocks.back()->kind() == RenderedBlock::Kind::Code) == code) {
        refresh(*m_blocks.back(), text, open);
        m_indents.back() = open.indent;
    } else {
        if (hasOpen) {
            m_blocks.pop_back();
            m_indents.pop_back();
        }
        m_blocks.push_back(render(text, open));
        m_indents.push_back(open.indent);
    }
    m_openStart = open.start;
}

int RenderedMarkdown::layout(int width)
{
    const int gap = spacing();
    const int indentStep = QFontMetrics(m_style.font).horizontalAdvance(u'M') * 2;
    const int header = codeHeaderHeight();
    // Closed blocks already laid out at this width keep their places: start after them.
    if (width != m_width) {
        m_laidOut = 0;
        m_released = 0;
    }
    m_laidOut = std::min<size_t>(m_laidOut, std::min(m_blocks.size(), size_t(m_closedCount)));
    m_rects.resize(m_blocks.size());
    m_origins.resize(m_blocks.size());
    int y = m_laidOut > 0 ? m_rects[m_laidOut - 1].bottom() + 1 + gap : 0;
    for (size_t i = m_laidOut; i < m_blocks.size(); ++i) {
        const int indent = m_indents[i] > 0 ? indentStep : 0;
        RenderedBlock &block = *m_blocks[i];
        block.layout(innerWidth(block.kind(), m_indents[i], width));
        if (block.kind() == RenderedBlock::Kind::Code) {
            // A frame: the header with the language and Copy, then the code with padding around it.
            m_rects[i] = QRect(indent, y, width - indent, header + block.height() + gap);
            m_origins[i] = QPoint(indent + gap, y + header);
        } else {
            m_rects[i] = QRect(indent, y, width - indent, block.height());
            m_origins[i] = QPoint(indent, y);
        }
        y += m_rects[i].height() + gap;
    }
    m_width = width;
    m_laidOut = size_t(m_closedCount);
    m_height = m_blocks.empty() ? 0 : y - gap;
    // Each closed block is released once per width: its source and height are all it needs.
    for (; m_released + KeptDocuments < m_laidOut; ++m_released) {
        m_blocks[m_released]->releaseDocument();
    }
    return m_height;
}

int RenderedMarkdown::innerWidth(RenderedBlock::Kind kind, int indentColumns, int width) const
{
    const int indent = indentColumns > 0 ? QFontMetrics(m_style.font).horizontalAdvance(u'M') * 2 : 0;
    const int padding = kind == RenderedBlock::Kind::Code ? 2 * spacing() : 0;
    return std::max(width - indent - padding, 20);
}

qsizetype RenderedMarkdown::firstBlockBelow(int y) const
{
    // Rectangles are stacked top to bottom, so the first one reaching below y is found by halves.
    const auto found = std::partition_point(m_rects.begin(), m_rects.end(), [y](const QRect &rect) {
        return rect.bottom() < y;
    });
    return qsizetype(found - m_rects.begin());
}

int RenderedMarkdown::codeHeaderHeight() const
{
    return QFontMetrics(m_style.font).height() + spacing();
}

int RenderedMarkdown::spacing() const
{
    return QFontMetrics(m_style.font).height() / 2;
}

std::unique_ptr<RenderedBlock> RenderedMarkdown::render(QStringView text, const Block &block)
{
    auto rendered = std::make_unique<RenderedBlock>(block.kind == Kind::Code ? RenderedBlock::Kind::Code
                                                                             : RenderedBlock::Kind::Markdown,
        m_style);
    if (m_width > 0) {
        rendered->setWidthHint(innerWidth(rendered->kind(), block.indent, m_width));
    }
    refresh(*rendered, text, block);
    return rendered;
}

void RenderedMarkdown::refresh(RenderedBlock &rendered, QStringView text, const Block &block)
{
    if (rendered.kind() == RenderedBlock::Kind::Code) {
        const QString definition =
            m_style.highlighter ? m_style.highlighter->definitionForFence(block.info) : QString();
        rendered.setLanguage(block.info.section(u' ', 0, 0, QString::SectionSkipEmpty));
        rendered.setCode(definition, MarkdownBlockSplitter::codeLines(text, block));
    } else {
        rendered.setMarkdown(MarkdownBlockSplitter::markdownSource(text, block));
    }
}

} // namespace Juxta::Ui
