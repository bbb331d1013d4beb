// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/conversationview.h"

#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/messagedelegate.h"
#include "ui/render/renderedblock.h"
#include "ui/render/renderedmarkdown.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDeadlineTimer>
#include <QDesktopServices>
#include <QMenu>
#include <QPaintEvent>
#include <QScrollBar>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {
// Re-rendering is coalesced to this interval while answers stream (STYLE.md rule 23).
constexpr int RenderIntervalMs = 50;
constexpr int CopiedFeedbackMs = 1500;

// Views made so far: each gets its own turn within the render interval.
int s_viewsMade = 0;

// Where in the render interval the view made @p ordinal renders: spread by the golden ratio,
// so that any number of views side by side take turns evenly.
int renderPhase(int ordinal)
{
    return int(std::fmod(ordinal * 0.6180339887498949, 1.0) * RenderIntervalMs);
}
} // namespace

ConversationView::ConversationView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this))
    , m_renderPhase(renderPhase(s_viewsMade++))
{
    setObjectName(u"conversationView"_s);
    setAccessibleName(tr("Conversation"));
    setItemDelegate(m_delegate);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Heights depend on the width: a scroll bar coming and going would lay everything out twice.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setResizeMode(Adjust);
    setUniformItemSizes(false);
    setSelectionMode(NoSelection);
    setEditTriggers(NoEditTriggers);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    verticalScrollBar()->setSingleStep(fontMetrics().height() * 2);

    m_renderTimer.setSingleShot(true);
    // Precise: a coarse timer may be moved onto the same wake-up as the other views' timers.
    m_renderTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_renderTimer, &QTimer::timeout, this, &ConversationView::renderPending);
    m_copiedTimer.setSingleShot(true);
    m_copiedTimer.setInterval(CopiedFeedbackMs);
    connect(&m_copiedTimer, &QTimer::timeout, this, [this] {
        m_delegate->clearCopied();
        viewport()->update();
    });

    // Follow the end while the reader is there; leave them alone once they scroll up.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_followEnd = value >= verticalScrollBar()->maximum() - 2;
    });
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int maximum) {
        if (m_followEnd) {
            verticalScrollBar()->setValue(maximum);
        }
    });
}

ConversationView::~ConversationView() = default;

void ConversationView::setConversation(ConversationModel *model)
{
    m_pending.clear();
    m_renderTimer.stop();
    m_delegate->clearCache();
    m_model = model;
    setModel(model);
    m_followEnd = true;
}

ConversationModel *ConversationView::conversation() const
{
    return m_model;
}

void ConversationView::setCodeHighlighter(CodeHighlighter *highlighter)
{
    m_delegate->setHighlighter(highlighter);
    if (model()) {
        relayout();
    }
}

void ConversationView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    const bool streamed = !roles.isEmpty() && std::all_of(roles.begin(), roles.end(), [](int role) {
        return role == ConversationModel::TextRole || role == ConversationModel::ReasoningRole
            || role == ConversationModel::ToolCallsRole;
    });
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        m_pending.insert(QPersistentModelIndex(model()->index(row, 0)));
    }
    if (streamed) {
        // Text is in the model already; it is drawn at this view's next turn, not at every
        // token. Views side by side take turns, so that no frame renders and paints them all.
        if (!m_renderTimer.isActive()) {
            m_renderTimer.start(untilNextTurn());
        }
        return;
    }
    // The state, an error or the finish: show it now, with whatever text came before it.
    renderPending();
    QListView::dataChanged(topLeft, bottomRight, roles);
}

int ConversationView::untilNextTurn() const
{
    // Turns are every RenderIntervalMs on the monotonic clock, shifted by this view's phase:
    // at most one render per interval, and each view in its own part of the interval.
    const qint64 now = QDeadlineTimer::current(Qt::PreciseTimer).deadline();
    const int into = int((now - m_renderPhase) % RenderIntervalMs);
    return RenderIntervalMs - into;
}

void ConversationView::renderPending()
{
    m_renderTimer.stop();
    if (m_pending.isEmpty()) {
        return;
    }
    for (const QPersistentModelIndex &index : std::as_const(m_pending)) {
        if (index.isValid()) {
            m_delegate->markChanged(index);
        }
    }
    m_pending.clear();
    relayout();
}

void ConversationView::relayout()
{
    doItemsLayout();
    viewport()->update();
}

void ConversationView::paintEvent(QPaintEvent *event)
{
    m_delegate->setPaintRect(event->rect());
    QListView::paintEvent(event);
    m_delegate->setPaintRect({});
}

void ConversationView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    for (int row = start; row <= end; ++row) {
        m_delegate->forget(model()->index(row, 0, parent));
    }
    QListView::rowsAboutToBeRemoved(parent, start, end);
}

void ConversationView::reset()
{
    m_selectionIndex = QPersistentModelIndex();
    m_selecting = false;
    m_pending.clear();
    m_delegate->clearCache();
    QListView::reset();
}

void ConversationView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::StyleChange) {
        // Colours and code themes follow the palette: everything is rendered again.
        m_delegate->clearCache();
        if (model()) {
            relayout();
        }
    }
}

const RenderedMessage *ConversationView::renderedMessage(int row) const
{
    return model() ? m_delegate->message(model()->index(row, 0)) : nullptr;
}

void ConversationView::setReasoningExpanded(int row, bool expanded)
{
    if (!model()) {
        return;
    }
    const QModelIndex index = model()->index(row, 0);
    if (index.isValid()) {
        m_delegate->setReasoningExpanded(index, expanded);
        relayout();
    }
}

bool ConversationView::isReasoningExpanded(int row) const
{
    const RenderedMessage *message = renderedMessage(row);
    return message && message->isReasoningExpanded();
}

void ConversationView::toggleReasoning(const QModelIndex &index)
{
    setReasoningExpanded(index.row(), !isReasoningExpanded(index.row()));
}

bool ConversationView::copyCodeBlock(int row, int block)
{
    const RenderedMessage *message = renderedMessage(row);
    if (!message) {
        return false;
    }
    int seen = 0;
    for (qsizetype i = 0; i < message->answer().blockCount(); ++i) {
        const RenderedBlock &candidate = message->answer().block(i);
        if (candidate.kind() == RenderedBlock::Kind::Code && seen++ == block) {
            QGuiApplication::clipboard()->setText(candidate.code());
            m_delegate->setCopied(model()->index(row, 0), &candidate);
            m_copiedTimer.start();
            viewport()->update();
            return true;
        }
    }
    return false;
}

RenderedMessage *ConversationView::selectedMessage() const
{
    return m_selectionIndex.isValid() ? m_delegate->message(m_selectionIndex) : nullptr;
}

void ConversationView::clearSelection()
{
    if (RenderedMessage *message = selectedMessage()) {
        message->clearSelection();
        viewport()->update();
    }
    m_selectionIndex = QPersistentModelIndex();
    m_selecting = false;
}

void ConversationView::mousePressEvent(QMouseEvent *event)
{
    QListView::mousePressEvent(event);
    if (event->button() != Qt::LeftButton) {
        return;
    }
    clearSelection();
    const QPoint at = event->position().toPoint();
    const QModelIndex index = indexAt(at);
    if (!index.isValid()) {
        return;
    }
    const QPoint inRow = at - visualRect(index).topLeft();
    // A press on a button, a link or the reasoning header is a click, not a selection.
    if (m_delegate->hitTest(index, inRow).action != RenderedMessage::Action::None) {
        return;
    }
    m_selectionIndex = index;
    m_selectionAnchor = m_delegate->message(index)->textPositionAt(inRow);
    m_selecting = true;
    m_dragged = false;
}

void ConversationView::mouseMoveEvent(QMouseEvent *event)
{
    QListView::mouseMoveEvent(event);
    const QPoint at = event->position().toPoint();
    if (m_selecting && (event->buttons() & Qt::LeftButton)) {
        if (RenderedMessage *message = selectedMessage()) {
            // Past the message's edges the selection runs to its start or end.
            const RenderedMessage::TextPosition focus =
                message->textPositionAt(at - visualRect(m_selectionIndex).topLeft());
            if (focus != m_selectionAnchor || m_dragged) {
                m_dragged = true;
                message->setSelection(m_selectionAnchor, focus);
                viewport()->update();
            }
        }
        return;
    }
    const QModelIndex index = indexAt(at);
    const QPoint inRow = at - visualRect(index).topLeft();
    const RenderedMessage::Hit hit = m_delegate->hitTest(index, inRow);
    // Repaint only when what is under the pointer changes.
    if (hit.action != m_hovered.action || hit.block != m_hovered.block || hit.link != m_hovered.link) {
        m_hovered = hit;
        m_delegate->setHovered(index, hit);
        viewport()->update();
    }
    const RenderedMessage *message = index.isValid() ? m_delegate->message(index) : nullptr;
    viewport()->setCursor(hit.action != RenderedMessage::Action::None ? Qt::PointingHandCursor
            : message && message->isOnText(inRow)                     ? Qt::IBeamCursor
                                                                      : Qt::ArrowCursor);
}

void ConversationView::leaveEvent(QEvent *event)
{
    QListView::leaveEvent(event);
    m_hovered = {};
    m_delegate->setHovered({}, {});
    viewport()->update();
}

void ConversationView::mouseReleaseEvent(QMouseEvent *event)
{
    QListView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton) {
        return;
    }
    if (m_selecting) {
        m_selecting = false;
        if (m_dragged) {
            // The end of a selection, not a click.
            return;
        }
        m_selectionIndex = QPersistentModelIndex();
    }
    const QModelIndex index = indexAt(event->position().toPoint());
    if (!index.isValid()) {
        return;
    }
    const RenderedMessage::Hit hit =
        m_delegate->hitTest(index, event->position().toPoint() - visualRect(index).topLeft());
    switch (hit.action) {
    case RenderedMessage::Action::None:
        break;
    case RenderedMessage::Action::ToggleReasoning:
        toggleReasoning(index);
        break;
    case RenderedMessage::Action::CopyCode:
        QGuiApplication::clipboard()->setText(hit.block->code());
        m_delegate->setCopied(index, hit.block);
        m_copiedTimer.start();
        viewport()->update();
        break;
    case RenderedMessage::Action::Retry:
        Q_EMIT retryRequested(index.row());
        break;
    case RenderedMessage::Action::OpenLink: {
        const QUrl url(hit.link);
        if (url.scheme() == "http"_L1 || url.scheme() == "https"_L1 || url.scheme() == "mailto"_L1) {
            QDesktopServices::openUrl(url);
        }
        break;
    }
    }
}

void ConversationView::keyPressEvent(QKeyEvent *event)
{
    const RenderedMessage *selected = selectedMessage();
    if (event->matches(QKeySequence::Copy) && selected && selected->hasSelection()) {
        QGuiApplication::clipboard()->setText(selected->selectedText());
        return;
    }
    const QModelIndex index = currentIndex();
    if (index.isValid() && m_model) {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            && m_model->state(index.row()) == ConversationModel::State::Failed) {
            Q_EMIT retryRequested(index.row());
            return;
        }
        if (event->matches(QKeySequence::Copy)) {
            copyMessage(index.row());
            return;
        }
    }
    QListView::keyPressEvent(event);
}

void ConversationView::copyMessage(int row)
{
    if (m_model) {
        QGuiApplication::clipboard()->setText(m_model->markdown(row));
    }
}

void ConversationView::contextMenuEvent(QContextMenuEvent *event)
{
    QModelIndex index = event->reason() == QContextMenuEvent::Mouse ? indexAt(event->pos()) : currentIndex();
    if (!index.isValid() || !m_model) {
        return;
    }
    const int row = index.row();
    // popup(), not exec(): no nested event loop on the GUI thread.
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const RenderedMessage *selected = selectedMessage();
    if (selected && selected->hasSelection()) {
        const QString text = selected->selectedText();
        menu->addAction(tr("&Copy"), this, [text] {
            QGuiApplication::clipboard()->setText(text);
        });
    }
    menu->addAction(tr("Copy as &Markdown"), this, [this, row] {
        copyMessage(row);
    });
    const RenderedMessage *message = m_delegate->message(index);
    int codeBlocks = 0;
    for (qsizetype i = 0; message && i < message->answer().blockCount(); ++i) {
        codeBlocks += message->answer().block(i).kind() == RenderedBlock::Kind::Code ? 1 : 0;
    }
    for (int block = 0; block < codeBlocks; ++block) {
        menu->addAction(codeBlocks == 1 ? tr("Copy &Code") : tr("Copy Code Block %1").arg(block + 1),
            this,
            [this, row, block] {
                copyCodeBlock(row, block);
            });
    }
    if (!m_model->message(row).reasoning.isEmpty()) {
        menu->addAction(isReasoningExpanded(row) ? tr("Hide &Reasoning") : tr("Show &Reasoning"), this, [this, row] {
            setReasoningExpanded(row, !isReasoningExpanded(row));
        });
    }
    if (m_model->state(row) == ConversationModel::State::Failed) {
        menu->addSeparator();
        menu->addAction(tr("&Retry"), this, [this, row] {
            Q_EMIT retryRequested(row);
        });
    }
    menu->popup(event->globalPos());
}

} // namespace Juxta::Ui
