// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/render/markdownblocksplitter.h"
#include "ui/render/renderedblock.h"

#include <QPoint>
#include <QRect>
#include <QString>

#include <memory>
#include <vector>

class QPainter;

namespace Juxta::Ui {

struct RenderStyle;

/**
 * Markdown that grows at its end, rendered block by block: closed blocks are built and laid
 * out once, only the open block at the end is rendered again as text arrives. When the open
 * block closes with the text it already shows, it is kept as it is, not rebuilt.
 *
 * Memory follows the screen, not the answer: closed blocks other than the last few give up
 * their documents once laid out (RenderedBlock::releaseDocument()), keeping their source and
 * height; whoever paints them keeps their pixels for as long as they are on screen.
 */
class RenderedMarkdown
{
public:
    explicit RenderedMarkdown(const RenderStyle &style);
    ~RenderedMarkdown();
    Q_DISABLE_COPY_MOVE(RenderedMarkdown)

    /**
     * Takes in the whole text so far (it must extend what was given before, or the rendering
     * starts over). @p complete: no more text will come, so the open block is closed.
     */
    void update(const QString &text, bool complete);
    /** Lays out what needs it at @p width and stacks the blocks; returns the total height. */
    int layout(int width);
    int height() const { return m_height; }
    bool isEmpty() const { return m_blocks.empty(); }

    qsizetype blockCount() const { return qsizetype(m_blocks.size()); }
    RenderedBlock &block(qsizetype index) const { return *m_blocks[size_t(index)]; }
    /** Where block @p index sits, relative to this Markdown's top-left; for code, its whole frame. */
    QRect blockRect(qsizetype index) const { return size_t(index) < m_rects.size() ? m_rects[size_t(index)] : QRect(); }
    /** Where block @p index's document is drawn, relative to this Markdown's top-left. */
    QPoint textOrigin(qsizetype index) const
    {
        return size_t(index) < m_origins.size() ? m_origins[size_t(index)] : QPoint();
    }
    /** The first block whose rectangle reaches below @p y (blockCount() if none): where painting starts. */
    qsizetype firstBlockBelow(int y) const;
    /** The height of a code block's header (language label, Copy button). */
    int codeHeaderHeight() const;
    /** How many blocks are closed (the rest, at most one, is open). */
    qsizetype closedCount() const { return m_closedCount; }
    const MarkdownBlockSplitter &splitter() const { return m_splitter; }

    /** The vertical gap between blocks, in pixels. */
    int spacing() const;

private:
    std::unique_ptr<RenderedBlock> render(QStringView text, const MarkdownBlockSplitter::Block &block);
    /** The width a block's document gets inside @p width: less its indent and, for code, its padding. */
    int innerWidth(RenderedBlock::Kind kind, int indentColumns, int width) const;
    void refresh(RenderedBlock &rendered, QStringView text, const MarkdownBlockSplitter::Block &block);

    const RenderStyle &m_style;
    MarkdownBlockSplitter m_splitter;
    std::vector<std::unique_ptr<RenderedBlock>> m_blocks;
    std::vector<QRect> m_rects;
    std::vector<QPoint> m_origins;
    std::vector<int> m_indents;
    qsizetype m_closedCount = 0;
    /** Leading blocks laid out at m_width that are closed: their rectangles are final. */
    size_t m_laidOut = 0;
    /** Leading closed blocks whose documents were released after their layout at m_width. */
    size_t m_released = 0;
    /** The open block's start in the text, or -1 when there is none. */
    qsizetype m_openStart = -1;
    qsizetype m_seen = 0;
    bool m_complete = false;
    int m_height = 0;
    int m_width = -1;
};

} // namespace Juxta::Ui
