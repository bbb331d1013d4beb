// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/conversation/renderedmessage.h"

#include <QListView>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace Juxta::Ui {

class CodeHighlighter;
class ConversationModel;
class MessageDelegate;

/**
 * One pane's conversation, drawn: a QListView whose MessageDelegate paints each message from
 * cached documents (STYLE.md rule 16), not one widget per message.
 *
 * Deltas reach the model at once; the view renders what changed at most every ~50 ms, and
 * then only the still-open block of each changed answer. Views take turns within those
 * 50 ms, so that panes side by side do not all render and repaint in the same frame. While the view is scrolled to the
 * end it follows a streaming answer; scrolled up, it stays where the reader is.
 *
 * Mouse: Copy buttons on code blocks and tool calls, the reasoning header, links, the
 * Retry button of an error card, and dragging over a message's text selects it. Keyboard:
 * the arrows move between messages, Enter on a failed answer retries it, Ctrl+C copies the
 * selected text or else the current message as Markdown, and the context menu offers the same.
 */
class ConversationView : public QListView
{
    Q_OBJECT

public:
    explicit ConversationView(QWidget *parent = nullptr);
    ~ConversationView() override;
    Q_DISABLE_COPY_MOVE(ConversationView)

    /** Shows @p model (not owned; may be nullptr). */
    void setConversation(ConversationModel *model);
    ConversationModel *conversation() const;
    /**
     * Highlights code with @p highlighter (not owned; it must outlive the view) instead of one
     * of the view's own, so that all panes share one syntax repository (STYLE.md rule 29).
     */
    void setCodeHighlighter(CodeHighlighter *highlighter);

    /** Renders what arrived since the last render now instead of at the next tick. */
    void renderPending();
    /** The rendered form of @p row (rendered now if it was not yet), for tests and benchmarks. */
    const RenderedMessage *renderedMessage(int row) const;
    /** Expands or collapses the reasoning of @p row. */
    void setReasoningExpanded(int row, bool expanded);
    bool isReasoningExpanded(int row) const;
    /** Copies the code of code block @p block (counting every code block of the answer) of @p row. */
    bool copyCodeBlock(int row, int block);

Q_SIGNALS:
    /** The Retry button of an error card (or Enter on a failed answer) was pressed. */
    void retryRequested(int row);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;
    void reset() override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void relayout();
    /** Milliseconds until this view's next turn to render. */
    int untilNextTurn() const;
    void copyMessage(int row);
    /** The message whose text is selected, or nullptr. */
    RenderedMessage *selectedMessage() const;
    void clearSelection();
    void toggleReasoning(const QModelIndex &index);

    MessageDelegate *m_delegate;
    /** This view's offset within the render interval, in milliseconds. */
    int m_renderPhase;
    QPointer<ConversationModel> m_model;
    QTimer m_renderTimer;
    QTimer m_copiedTimer;
    QSet<QPersistentModelIndex> m_pending;
    bool m_followEnd = true;
    RenderedMessage::Hit m_hovered;
    // Text selection with the mouse: within one message, from where the button went down.
    QPersistentModelIndex m_selectionIndex;
    RenderedMessage::TextPosition m_selectionAnchor;
    bool m_selecting = false;
    bool m_dragged = false;
};

} // namespace Juxta::Ui
