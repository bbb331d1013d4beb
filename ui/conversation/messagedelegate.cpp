// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/messagedelegate.h"

#include "ui/conversation/conversationmodel.h"

#include <QAbstractScrollArea>
#include <QFontDatabase>
#include <QPainter>

namespace Juxta::Ui {

namespace {

quint64 idOf(const QModelIndex &index)
{
    return index.data(ConversationModel::MessageIdRole).toULongLong();
}

} // namespace

MessageDelegate::MessageDelegate(QWidget *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
    setHighlighter(nullptr);
}

MessageDelegate::~MessageDelegate() = default;

void MessageDelegate::setHighlighter(CodeHighlighter *shared)
{
    if (!shared && !m_ownHighlighter) {
        m_ownHighlighter = std::make_unique<CodeHighlighter>();
    }
    m_highlighter = shared ? shared : m_ownHighlighter.get();
    clearCache();
}

void MessageDelegate::takeStyle()
{
    const QPalette palette = m_view->palette();
    m_highlighter->setPalette(palette);
    m_style.font = m_view->font();
    m_style.codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_style.codeFont.setPointSizeF(
        m_style.font.pointSizeF() > 0 ? m_style.font.pointSizeF() * 0.95 : m_style.codeFont.pointSizeF());
    m_style.palette = palette;
    m_style.textColor = palette.color(QPalette::Text);
    m_style.highlighter = m_highlighter;
    m_mutedStyle = m_style;
    // Between text and background, so it reads as secondary on any palette, light or dark.
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    m_mutedStyle.textColor = QColor::fromRgbF(text.redF() * 0.6f + base.redF() * 0.4f,
        text.greenF() * 0.6f + base.greenF() * 0.4f,
        text.blueF() * 0.6f + base.blueF() * 0.4f);
}

int MessageDelegate::rowWidth() const
{
    const auto *area = qobject_cast<const QAbstractScrollArea *>(m_view);
    return std::max(area ? area->viewport()->width() : m_view->width(), 80);
}

MessageDelegate::Entry &MessageDelegate::entry(const QModelIndex &index) const
{
    const quint64 id = idOf(index);
    Entry &entry = m_entries[id];
    if (!entry.message) {
        entry.message = std::make_unique<RenderedMessage>(m_style, m_mutedStyle);
        entry.changed = true;
        const auto choice = m_reasoningChoices.find(id);
        if (choice != m_reasoningChoices.end()) {
            entry.message->setReasoningExpanded(choice->second);
        }
    }
    if (entry.changed) {
        entry.message->update(index);
        // Laid out at once, so what is hit-tested is what will be painted.
        entry.message->layout(rowWidth());
        entry.changed = false;
    }
    return entry;
}

RenderedMessage *MessageDelegate::message(const QModelIndex &index) const
{
    return index.isValid() ? entry(index).message.get() : nullptr;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    RenderedMessage &message = *entry(index).message;
    message.layout(option.rect.width());
    const quint64 id = idOf(index);
    const RenderedMessage::Hit hovered = id == m_hoveredId ? m_hovered : RenderedMessage::Hit();
    // The painter of a paint event clips to its region without saying so (hasClipping() is
    // false): without the event's rectangle, every block of a long answer would be drawn.
    QRect clip = m_paintRect.isValid() ? m_paintRect : option.rect;
    if (painter->hasClipping()) {
        clip &= painter->clipBoundingRect().toAlignedRect();
    }
    message.paint(painter, option.rect, clip.intersected(option.rect), hovered, m_view->style(), m_view);
    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = option.rect.adjusted(1, 1, -1, -1);
        m_view->style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, m_view);
    }
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(option)
    const int width = rowWidth();
    return {width, entry(index).message->layout(width)};
}

void MessageDelegate::markChanged(const QModelIndex &index)
{
    const auto found = m_entries.find(idOf(index));
    if (found != m_entries.end()) {
        found->second.changed = true;
    }
}

void MessageDelegate::forget(const QModelIndex &index)
{
    m_entries.erase(idOf(index));
    m_reasoningChoices.erase(idOf(index));
}

void MessageDelegate::setReasoningExpanded(const QModelIndex &index, bool expanded)
{
    m_reasoningChoices[idOf(index)] = expanded;
    Entry &found = entry(index);
    found.message->setReasoningExpanded(expanded);
    found.changed = true;
}

void MessageDelegate::clearCache()
{
    m_entries.clear();
    m_hoveredId = 0;
    m_hovered = {};
    m_copiedId = 0;
    takeStyle();
}

RenderedMessage::Hit MessageDelegate::hitTest(const QModelIndex &index, QPoint position) const
{
    return index.isValid() ? entry(index).message->hitTest(position) : RenderedMessage::Hit();
}

void MessageDelegate::setHovered(const QModelIndex &index, const RenderedMessage::Hit &hit)
{
    m_hoveredId = index.isValid() ? idOf(index) : 0;
    m_hovered = hit;
}

void MessageDelegate::setCopied(const QModelIndex &index, const RenderedBlock *block)
{
    clearCopied();
    m_copiedId = idOf(index);
    entry(index).message->setCopiedBlock(block);
}

void MessageDelegate::clearCopied()
{
    const auto found = m_entries.find(m_copiedId);
    if (found != m_entries.end() && found->second.message) {
        found->second.message->setCopiedBlock(nullptr);
    }
    m_copiedId = 0;
}

} // namespace Juxta::Ui
