// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/conversation/conversationmodel.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QRect>
#include <QString>

#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

class QModelIndex;
class QPainter;
class QStyle;
class QWidget;

namespace Juxta::Ui {

class RenderedBlock;
class RenderedMarkdown;
struct RenderStyle;

/**
 * One message as drawn in a conversation: the collapsible reasoning, the answer's Markdown
 * blocks, tool calls, a note on why the answer stopped, and the error card. It keeps what it
 * rendered between updates, so a growing answer only renders its new part.
 */
class RenderedMessage
{
    Q_DECLARE_TR_FUNCTIONS(Juxta::Ui::RenderedMessage)

public:
    enum class Action { None, ToggleReasoning, CopyCode, Retry, OpenLink };
    struct Hit
    {
        Action action = Action::None;
        /** CopyCode: the code block. */
        const RenderedBlock *block = nullptr;
        /** OpenLink: the address. */
        QString link;
    };

    /** A place in the answer's text: a block and a character position in it. */
    struct TextPosition
    {
        qsizetype block = 0;
        int offset = 0;
        auto operator<=>(const TextPosition &) const = default;
    };

    RenderedMessage(const RenderStyle &style, const RenderStyle &mutedStyle);
    ~RenderedMessage();
    Q_DISABLE_COPY_MOVE(RenderedMessage)

    /** Takes in the message at @p index; only what changed since the last update is rendered again. */
    void update(const QModelIndex &index);
    /** Lays out at @p width (the whole row); returns the height. */
    int layout(int width);
    int height() const { return m_height; }

    /** Paints into @p rect (the row's rectangle); only what meets @p clip is drawn. */
    void paint(QPainter *painter,
        const QRect &rect,
        const QRect &clip,
        const Hit &hovered,
        QStyle *style,
        QWidget *widget) const;
    /** What is under @p position, relative to the row's top-left. */
    Hit hitTest(QPoint position) const;

    bool isReasoningExpanded() const;
    void setReasoningExpanded(bool expanded);
    /** The label of a code block's Copy button: "Copied" for a moment after copying. */
    void setCopiedBlock(const RenderedBlock *block) { m_copied = block; }

    /** For tests and the benchmark: the answer's rendered blocks. */
    const RenderedMarkdown &answer() const { return *m_answer; }
    /** Where the answer's blocks start, relative to the row's top-left. */
    QPoint answerOrigin() const { return m_answerOrigin; }
    /** The Copy button of answer block @p index (a code block), relative to the row's top-left. */
    QRect copyButton(qsizetype index) const;
    /** The reasoning section's header (click to collapse or expand); null without reasoning. */
    QRect reasoningHeader() const { return m_reasoningHeader; }
    /** The error card's Retry button; null unless the answer failed. */
    QRect retryButton() const { return m_retryButton; }
    /** The error card's title and text as shown. */
    QString errorText() const;
    /** Layouts done by every block of this message so far. */
    int layoutCount() const;
    /** The place in the answer's text nearest to @p position, relative to the row's top-left. */
    TextPosition textPositionAt(QPoint position) const;
    /** Whether @p position (relative to the row's top-left) is on the answer's text. */
    bool isOnText(QPoint position) const;
    /** Selects the answer's text between two places (in either order), as a mouse drag does. */
    void setSelection(TextPosition anchor, TextPosition focus);
    void clearSelection() { m_selection.reset(); }
    bool hasSelection() const { return !selectedText().isEmpty(); }
    /** The selected text as plain text: blocks apart by a blank line, list items by a line break. */
    QString selectedText() const;

    /** How many blocks' pixels are kept: those painted lately, so about what is on screen. */
    qsizetype cachedBlockCount() const { return qsizetype(m_pixels.size()); }

private:
    struct Area
    {
        QRect rect;
        Hit hit;
    };

    void updateToolCalls(const QList<Providers::ToolCall> &calls);
    void paintMarkdown(QPainter *painter,
        const RenderedMarkdown &markdown,
        QPoint origin,
        const QRect &clip,
        const RenderStyle &style,
        const Hit &hovered,
        QStyle *qstyle,
        QWidget *widget) const;
    void paintButton(QPainter *painter,
        const QRect &rect,
        const QString &text,
        bool hovered,
        bool flat,
        QStyle *style,
        QWidget *widget) const;
    QRect copyButtonRect(const QRect &frame) const;
    void paintBlock(QPainter *painter,
        const RenderedMarkdown &markdown,
        qsizetype index,
        const QRect &frame,
        const QPoint &textAt,
        const QRect &clip,
        const RenderStyle &style,
        std::pair<int, int> selected = {0, 0}) const;
    /** The selected part [start, end) of answer block @p index; empty if none. */
    std::pair<int, int> selectionIn(qsizetype index) const;
    int padding() const;

    const RenderStyle &m_style;
    const RenderStyle &m_mutedStyle;
    Providers::ChatMessage::Role m_role = Providers::ChatMessage::Role::User;
    ConversationModel::State m_state = ConversationModel::State::Done;
    std::unique_ptr<RenderedMarkdown> m_answer;
    std::unique_ptr<RenderedMarkdown> m_reasoning;
    qsizetype m_reasoningWords = 0;
    qsizetype m_reasoningCounted = 0;
    std::optional<bool> m_reasoningExpandedByUser;
    std::vector<std::unique_ptr<RenderedBlock>> m_toolCalls;
    QStringList m_toolCallNames;
    std::unique_ptr<RenderedBlock> m_note;
    std::unique_ptr<RenderedBlock> m_errorText;
    QString m_errorTitle;
    const RenderedBlock *m_copied = nullptr;
    /** The selection's start and end, in order. */
    std::optional<std::pair<TextPosition, TextPosition>> m_selection;
    mutable int m_copyButtonWidth = -1;
    /** A closed block's pixels, by block serial, and the paint that last used them. */
    struct CachedPixels
    {
        QPixmap pixmap;
        quint64 paint = 0;
    };
    mutable std::unordered_map<quint64, CachedPixels> m_pixels;
    mutable quint64 m_paintCount = 0;
    bool m_layoutDirty = true;

    // Layout results, relative to the row's top-left.
    int m_width = 0;
    int m_height = 0;
    QRect m_bubble;
    QRect m_reasoningHeader;
    QPoint m_reasoningOrigin;
    QPoint m_answerOrigin;
    std::vector<QRect> m_toolCallRects;
    QRect m_noteRect;
    QRect m_errorCard;
    QRect m_errorTextRect;
    QRect m_retryButton;
    QRect m_waitingRect;
    std::vector<Area> m_areas;
};

} // namespace Juxta::Ui
