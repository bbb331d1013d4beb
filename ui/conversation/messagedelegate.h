// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/conversation/renderedmessage.h"
#include "ui/render/codehighlighter.h"
#include "ui/render/renderstyle.h"

#include <QStyledItemDelegate>

#include <memory>
#include <unordered_map>

namespace Juxta::Ui {

/**
 * Paints a conversation's messages from rendered documents it caches by message id. A
 * message is rendered again only when the view marks it changed (at most every ~50 ms while
 * it streams), and laid out again only when it changed or the width did; a palette or font
 * change clears the whole cache, so code follows a light or dark theme at once.
 */
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QWidget *view);
    ~MessageDelegate() override;
    Q_DISABLE_COPY_MOVE(MessageDelegate)

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /** The message at @p index changed: render it again when it is next laid out or painted. */
    void markChanged(const QModelIndex &index);
    /** Drops the cache of the message at @p index (it is being removed). */
    void forget(const QModelIndex &index);
    /** Drops every cached message and takes the view's palette and font again. */
    void clearCache();

    /** The rendered message at @p index, rendered now if it was not yet. */
    RenderedMessage *message(const QModelIndex &index) const;
    RenderedMessage::Hit hitTest(const QModelIndex &index, QPoint position) const;
    void setHovered(const QModelIndex &index, const RenderedMessage::Hit &hit);
    /** Opens or closes a message's reasoning; the choice outlives cache clears (a palette change). */
    void setReasoningExpanded(const QModelIndex &index, bool expanded);
    /** Shows "Copied" on @p block's button until another copy or clearCopied(). */
    void setCopied(const QModelIndex &index, const RenderedBlock *block);
    void clearCopied();

    CodeHighlighter &highlighter() { return *m_highlighter; }
    /** Uses @p shared (not owned) instead of a highlighter of its own; nullptr: its own again. */
    void setHighlighter(CodeHighlighter *shared);
    /** The width messages are laid out at: the view's viewport. */
    int rowWidth() const;
    /**
     * The part of the viewport being painted now (the paint event's rectangle). A row may be
     * far taller than the viewport; only what meets this rectangle is drawn.
     */
    void setPaintRect(const QRect &rect) { m_paintRect = rect; }

private:
    struct Entry
    {
        std::unique_ptr<RenderedMessage> message;
        bool changed = true;
    };

    Entry &entry(const QModelIndex &index) const;
    void takeStyle();

    QWidget *m_view;
    std::unique_ptr<CodeHighlighter> m_ownHighlighter;
    CodeHighlighter *m_highlighter = nullptr;
    RenderStyle m_style;
    RenderStyle m_mutedStyle;
    mutable std::unordered_map<quint64, Entry> m_entries;
    std::unordered_map<quint64, bool> m_reasoningChoices;
    quint64 m_hoveredId = 0;
    RenderedMessage::Hit m_hovered;
    quint64 m_copiedId = 0;
    QRect m_paintRect;
};

} // namespace Juxta::Ui
