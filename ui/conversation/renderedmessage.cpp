// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/renderedmessage.h"

#include "ui/render/codehighlighter.h"
#include "ui/render/renderedblock.h"
#include "ui/render/renderedmarkdown.h"
#include "ui/render/renderstyle.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QJsonDocument>
#include <QModelIndex>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QScopeGuard>
#include <QStyle>
#include <QStyleOptionButton>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using Providers::ChatMessage;
using Providers::FinishReason;
using Providers::ProviderError;

namespace {

// Taller closed blocks are drawn directly rather than kept as pixels.
constexpr int MaxCachedBlockHeight = 2048;
// A block's pixels are dropped once this many paints went by without it.
constexpr quint64 KeptPaints = 8;

QString errorTitle(const ProviderError &error)
{
    switch (error.kind) {
    case ProviderError::Kind::BadRequest:
        return RenderedMessage::tr("The request was rejected");
    case ProviderError::Kind::Auth:
        return RenderedMessage::tr("The API key was not accepted");
    case ProviderError::Kind::Billing:
        return RenderedMessage::tr("The account cannot pay for this request");
    case ProviderError::Kind::NotFound:
        return RenderedMessage::tr("The model or endpoint was not found");
    case ProviderError::Kind::TooLarge:
        return RenderedMessage::tr("The request is too large");
    case ProviderError::Kind::RateLimited:
        return RenderedMessage::tr("Rate limited");
    case ProviderError::Kind::Overloaded:
        return RenderedMessage::tr("The provider is overloaded");
    case ProviderError::Kind::Server:
        return RenderedMessage::tr("The server failed");
    case ProviderError::Kind::ContentFilter:
        return RenderedMessage::tr("Blocked by the provider's content filter");
    case ProviderError::Kind::Network:
        return RenderedMessage::tr("Network error");
    case ProviderError::Kind::Tls:
        return RenderedMessage::tr("Secure connection failed");
    case ProviderError::Kind::Timeout:
        return RenderedMessage::tr("Timed out");
    case ProviderError::Kind::Cancelled:
        return RenderedMessage::tr("Stopped");
    case ProviderError::Kind::MalformedStream:
        return RenderedMessage::tr("The answer could not be read");
    case ProviderError::Kind::Truncated:
        return RenderedMessage::tr("The answer was cut off");
    }
    return RenderedMessage::tr("Failed");
}

QString finishNote(FinishReason reason)
{
    switch (reason) {
    case FinishReason::Length:
        return RenderedMessage::tr("The answer stopped at the token limit.");
    case FinishReason::ContentFilter:
        return RenderedMessage::tr("The provider's content filter stopped the answer.");
    case FinishReason::Refusal:
        return RenderedMessage::tr("The model declined to answer.");
    case FinishReason::Stop:
    case FinishReason::ToolCalls:
    case FinishReason::Other:
        break;
    }
    return {};
}

QColor mix(const QColor &a, const QColor &b, double amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
        float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
        float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

} // namespace

RenderedMessage::RenderedMessage(const RenderStyle &style, const RenderStyle &mutedStyle)
    : m_style(style)
    , m_mutedStyle(mutedStyle)
    , m_answer(std::make_unique<RenderedMarkdown>(style))
{ }

RenderedMessage::~RenderedMessage() = default;

void RenderedMessage::update(const QModelIndex &index)
{
    m_layoutDirty = true;
    m_role = ChatMessage::Role(index.data(ConversationModel::MessageRoleRole).toInt());
    m_state = index.data(ConversationModel::StateRole).value<ConversationModel::State>();
    const bool streaming = m_state == ConversationModel::State::Streaming;
    const QString text = index.data(ConversationModel::TextRole).toString();
    m_answer->update(text, !streaming);

    const QString reasoning = index.data(ConversationModel::ReasoningRole).toString();
    if (reasoning.size() < m_reasoningCounted) {
        m_reasoningCounted = 0;
        m_reasoningWords = 0;
    }
    for (qsizetype i = m_reasoningCounted; i < reasoning.size(); ++i) {
        if (!reasoning[i].isSpace() && (i == 0 || reasoning[i - 1].isSpace())) {
            ++m_reasoningWords;
        }
    }
    m_reasoningCounted = reasoning.size();
    if (reasoning.isEmpty()) {
        m_reasoning.reset();
    } else if (isReasoningExpanded() || !streaming) {
        // Collapsed reasoning is not rendered until it is opened; it catches up then.
        if (!m_reasoning) {
            m_reasoning = std::make_unique<RenderedMarkdown>(m_mutedStyle);
        }
        m_reasoning->update(reasoning, !streaming || !text.isEmpty());
    }

    updateToolCalls(index.data(ConversationModel::ToolCallsRole).value<QList<Providers::ToolCall>>());

    const QVariant finish = index.data(ConversationModel::FinishReasonRole);
    const QString note = finish.isValid() ? finishNote(finish.value<FinishReason>()) : QString();
    if (note.isEmpty()) {
        m_note.reset();
    } else {
        if (!m_note) {
            m_note = std::make_unique<RenderedBlock>(RenderedBlock::Kind::Markdown, m_mutedStyle);
        }
        m_note->setPlainText(note);
    }

    const QVariant error = index.data(ConversationModel::ErrorRole);
    if (!error.isValid()) {
        m_errorText.reset();
        m_errorTitle.clear();
    } else {
        const auto failure = error.value<ProviderError>();
        m_errorTitle = errorTitle(failure);
        QString body = failure.message;
        if (!failure.serverMessage.isEmpty() && !body.contains(failure.serverMessage)) {
            body += u"\n\n"_s + failure.serverMessage;
        }
        QStringList details;
        if (failure.httpStatus > 0) {
            details.append(tr("HTTP %1").arg(failure.httpStatus));
        }
        if (!failure.serverCode.isEmpty()) {
            details.append(failure.serverCode);
        }
        if (!details.isEmpty()) {
            body += u"\n"_s + details.join(u" · "_s);
        }
        if (!m_errorText) {
            m_errorText = std::make_unique<RenderedBlock>(RenderedBlock::Kind::Markdown, m_style);
        }
        m_errorText->setPlainText(body);
    }
}

void RenderedMessage::updateToolCalls(const QList<Providers::ToolCall> &calls)
{
    m_toolCalls.resize(size_t(calls.size()));
    m_toolCallNames.resize(calls.size());
    if (calls.isEmpty()) {
        return;
    }
    const QString json = m_style.highlighter ? m_style.highlighter->definitionForFence(u"json"_s) : QString();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        auto &block = m_toolCalls[size_t(i)];
        if (!block) {
            block = std::make_unique<RenderedBlock>(RenderedBlock::Kind::Code, m_style);
        }
        m_toolCallNames[i] = calls[i].name;
        block->setLanguage(calls[i].name);
        const QJsonDocument parsed = QJsonDocument::fromJson(calls[i].arguments.toUtf8());
        const QString arguments =
            parsed.isNull() ? calls[i].arguments : QString::fromUtf8(parsed.toJson(QJsonDocument::Indented)).trimmed();
        block->setCode(json, arguments.split(u'\n'));
    }
}

int RenderedMessage::padding() const
{
    return QFontMetrics(m_style.font).height() / 2;
}

int RenderedMessage::layout(int width)
{
    if (!m_layoutDirty && width == m_width) {
        return m_height;
    }
    m_layoutDirty = false;
    const int pad = padding();
    const int gap = pad;
    const QFontMetrics metrics(m_style.font);
    m_width = width;
    m_areas.clear();
    const bool user = m_role == ChatMessage::Role::User;
    // A user's turn sits in a bubble; answers use the whole width.
    const int x = user ? 2 * pad : pad;
    const int contentWidth = std::max(width - 2 * x, 40);
    int y = user ? 2 * pad : pad;

    if (m_reasoningCounted > 0) {
        m_reasoningHeader = QRect(x, y, contentWidth, metrics.height() + pad / 2);
        m_areas.push_back({m_reasoningHeader, {Action::ToggleReasoning, nullptr, {}}});
        y += m_reasoningHeader.height() + gap / 2;
        if (isReasoningExpanded() && m_reasoning) {
            m_reasoningOrigin = QPoint(x + pad, y);
            y += m_reasoning->layout(contentWidth - pad) + gap;
        }
    } else {
        m_reasoningHeader = {};
    }

    if (!m_answer->isEmpty()) {
        m_answerOrigin = QPoint(x, y);
        // Copy buttons of answer blocks are found by hitTest() when needed, not listed here:
        // listing them would make every layout of a long answer cost as much as the answer.
        y += m_answer->layout(contentWidth) + gap;
    }

    m_toolCallRects.clear();
    const int header = metrics.height() + gap;
    for (const auto &call : m_toolCalls) {
        call->layout(std::max(contentWidth - 2 * gap, 20));
        const QRect frame(x, y, contentWidth, header + call->height() + gap);
        m_toolCallRects.push_back(frame);
        m_areas.push_back({copyButtonRect(frame), {Action::CopyCode, call.get(), {}}});
        y += frame.height() + gap;
    }

    if (m_note) {
        m_note->layout(contentWidth);
        m_noteRect = QRect(x, y, contentWidth, m_note->height());
        y += m_noteRect.height() + gap;
    } else {
        m_noteRect = {};
    }

    if (m_errorText) {
        const QString retry = tr("Retry");
        const QSize button(metrics.horizontalAdvance(retry) + 4 * pad, metrics.height() + pad);
        const int cardTop = y;
        const int textTop = cardTop + pad + metrics.height() + pad / 2;
        m_errorText->layout(std::max(contentWidth - 2 * pad, 20));
        m_errorTextRect = QRect(x + pad, textTop, contentWidth - 2 * pad, m_errorText->height());
        m_retryButton =
            QRect(QPoint(x + contentWidth - pad - button.width(), m_errorTextRect.bottom() + 1 + pad), button);
        m_errorCard = QRect(x, cardTop, contentWidth, m_retryButton.bottom() + 1 + pad - cardTop);
        m_areas.push_back({m_retryButton, {Action::Retry, nullptr, {}}});
        y += m_errorCard.height() + gap;
    } else {
        m_errorCard = {};
    }

    if (m_state == ConversationModel::State::Streaming && m_answer->isEmpty() && m_reasoningCounted == 0
        && m_toolCalls.empty()) {
        m_waitingRect = QRect(x, y, contentWidth, metrics.height());
        y += m_waitingRect.height() + gap;
    } else {
        m_waitingRect = {};
    }

    y -= gap;
    if (user) {
        m_bubble = QRect(pad, pad, width - 2 * pad, std::max(y + pad, metrics.height() + 2 * pad) - pad);
        m_height = m_bubble.bottom() + 1 + pad;
    } else {
        m_bubble = {};
        m_height = std::max(y, pad) + pad;
    }
    return m_height;
}

QRect RenderedMessage::copyButtonRect(const QRect &frame) const
{
    const QFontMetrics metrics(m_style.font);
    const int pad = padding();
    const int width =
        std::max(metrics.horizontalAdvance(tr("Copy")), metrics.horizontalAdvance(tr("Copied"))) + 2 * pad;
    return QRect(frame.right() + 1 - width - pad / 2, frame.top() + pad / 4, width, metrics.height() + pad / 2);
}

void RenderedMessage::paint(
    QPainter *painter, const QRect &rect, const QRect &clip, const Hit &hovered, QStyle *qstyle, QWidget *widget) const
{
    const QPalette &palette = m_style.palette;
    const QFontMetrics metrics(m_style.font);
    const int pad = padding();
    const QPoint origin = rect.topLeft();
    ++m_paintCount;
    const auto evict = qScopeGuard([this] {
        // Pixels are kept only for blocks painted lately: memory follows what is on screen,
        // not the length of the answer.
        std::erase_if(m_pixels, [this](const auto &entry) {
            return entry.second.paint + KeptPaints < m_paintCount;
        });
    });
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setFont(m_style.font);

    if (!m_bubble.isNull()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.12));
        painter->drawRoundedRect(m_bubble.translated(origin), pad, pad);
    }

    if (!m_reasoningHeader.isNull()) {
        const QRect header = m_reasoningHeader.translated(origin);
        const bool expanded = isReasoningExpanded();
        QString label = (expanded ? u"▾ "_s : u"▸ "_s) + tr("Reasoning");
        if (m_reasoningWords > 0) {
            label += u" · "_s + (m_reasoningWords == 1 ? tr("1 word") : tr("%1 words").arg(m_reasoningWords));
        }
        if (m_state == ConversationModel::State::Streaming && m_answer->isEmpty()) {
            label += u" …"_s;
        }
        painter->setPen(
            hovered.action == Action::ToggleReasoning ? palette.color(QPalette::Text) : m_mutedStyle.textColor);
        painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter, label);
        if (expanded && m_reasoning) {
            const QPoint at = m_reasoningOrigin + origin;
            painter->setPen(QPen(palette.color(QPalette::Mid), 2));
            painter->drawLine(at.x() - pad / 2, at.y(), at.x() - pad / 2, at.y() + m_reasoning->height());
            paintMarkdown(painter, *m_reasoning, at, clip, m_mutedStyle, hovered, qstyle, widget);
        }
    }

    if (!m_answer->isEmpty()) {
        paintMarkdown(painter, *m_answer, m_answerOrigin + origin, clip, m_style, hovered, qstyle, widget);
    }

    const QColor codeBackground =
        m_style.highlighter ? m_style.highlighter->backgroundColor() : palette.color(QPalette::AlternateBase);
    for (size_t i = 0; i < m_toolCalls.size(); ++i) {
        const QRect frame = m_toolCallRects[i].translated(origin);
        if (!frame.intersects(clip)) {
            continue;
        }
        painter->setPen(QPen(palette.color(QPalette::Mid), 1));
        painter->setBrush(codeBackground);
        painter->drawRoundedRect(QRectF(frame).adjusted(0.5, 0.5, -0.5, -0.5), pad / 2, pad / 2);
        painter->setPen(m_mutedStyle.textColor);
        const QRect label(frame.left() + pad, frame.top(), frame.width() - 2 * pad, metrics.height() + pad);
        painter->drawText(label,
            Qt::AlignLeft | Qt::AlignVCenter,
            tr("Tool call · %1").arg(m_toolCallNames[qsizetype(i)]));
        const RenderedBlock &call = *m_toolCalls[i];
        const QRect button = copyButtonRect(frame);
        paintButton(painter,
            button,
            m_copied == &call ? tr("Copied") : tr("Copy"),
            hovered.block == &call,
            true,
            qstyle,
            widget);
        call.paint(painter,
            QPointF(frame.left() + pad, frame.top() + metrics.height() + pad),
            clip,
            m_style.highlighter ? m_style.highlighter->textColor() : m_style.textColor);
    }

    if (m_note) {
        m_note->paint(painter, (m_noteRect.topLeft() + origin).toPointF(), clip, m_mutedStyle.textColor);
    }

    if (m_errorText) {
        const QRect card = m_errorCard.translated(origin);
        const bool cancelled = m_errorTitle == tr("Stopped");
        const QColor accent = cancelled ? palette.color(QPalette::Mid) : QColor(isDark(palette) ? 0xff6b6b : 0xc62828);
        painter->setPen(QPen(accent, 1));
        painter->setBrush(mix(palette.color(QPalette::Base), accent, cancelled ? 0.06 : 0.10));
        painter->drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), pad / 2, pad / 2);
        QFont bold = m_style.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(cancelled ? palette.color(QPalette::Text) : accent);
        painter->drawText(QRect(card.left() + pad, card.top() + pad, card.width() - 2 * pad, metrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            m_errorTitle);
        painter->setFont(m_style.font);
        m_errorText->paint(painter,
            (m_errorTextRect.topLeft() + origin).toPointF(),
            clip,
            palette.color(QPalette::Text));
        paintButton(painter,
            m_retryButton.translated(origin),
            tr("Retry"),
            hovered.action == Action::Retry,
            false,
            qstyle,
            widget);
    }

    if (!m_waitingRect.isNull()) {
        painter->setPen(m_mutedStyle.textColor);
        painter->drawText(m_waitingRect.translated(origin),
            Qt::AlignLeft | Qt::AlignVCenter,
            tr("Waiting for the answer…"));
    }
    painter->restore();
}

void RenderedMessage::paintMarkdown(QPainter *painter,
    const RenderedMarkdown &markdown,
    QPoint origin,
    const QRect &clip,
    const RenderStyle &style,
    const Hit &hovered,
    QStyle *qstyle,
    QWidget *widget) const
{
    for (qsizetype i = markdown.firstBlockBelow(clip.top() - origin.y()); i < markdown.blockCount(); ++i) {
        const QRect frame = markdown.blockRect(i).translated(origin);
        if (frame.top() > clip.bottom()) {
            break;
        }
        if (!frame.intersects(clip)) {
            continue;
        }
        const QPoint textAt = markdown.textOrigin(i) + origin;
        const bool closed = i < markdown.closedCount();
        const auto selected = &markdown == m_answer.get() ? selectionIn(i) : std::pair<int, int>();
        // A closed block never changes: its pixels are kept and only copied from then on, which
        // saves shaping its text again at every repaint. Very tall blocks, and blocks with
        // selected text, are drawn directly.
        if (selected.first < selected.second) {
            paintBlock(painter, markdown, i, frame, textAt, clip, style, selected);
        } else if (closed && frame.height() <= MaxCachedBlockHeight) {
            const qreal ratio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
            CachedPixels &cached = m_pixels[markdown.block(i).serial()];
            if (cached.pixmap.isNull() || cached.pixmap.size() != frame.size() * ratio
                || cached.pixmap.devicePixelRatio() != ratio) {
                cached.pixmap = QPixmap(frame.size() * ratio);
                cached.pixmap.setDevicePixelRatio(ratio);
                cached.pixmap.fill(Qt::transparent);
                QPainter pixels(&cached.pixmap);
                pixels.setRenderHints(painter->renderHints());
                pixels.setFont(painter->font());
                paintBlock(&pixels,
                    markdown,
                    i,
                    QRect(QPoint(0, 0), frame.size()),
                    textAt - frame.topLeft(),
                    QRect(QPoint(0, 0), frame.size()),
                    style);
                // The pixels are what is shown from now on; the document comes back if needed.
                markdown.block(i).releaseDocument();
            }
            cached.paint = m_paintCount;
            const QPixmap &pixmap = cached.pixmap;
            painter->drawPixmap(frame.topLeft(), pixmap);
        } else {
            paintBlock(painter, markdown, i, frame, textAt, clip, style);
        }
        const RenderedBlock &block = markdown.block(i);
        if (block.kind() == RenderedBlock::Kind::Code) {
            paintButton(painter,
                copyButtonRect(frame),
                m_copied == &block ? tr("Copied") : tr("Copy"),
                hovered.block == &block,
                true,
                qstyle,
                widget);
        }
    }
}

void RenderedMessage::paintBlock(QPainter *painter,
    const RenderedMarkdown &markdown,
    qsizetype index,
    const QRect &frame,
    const QPoint &textAt,
    const QRect &clip,
    const RenderStyle &style,
    std::pair<int, int> selected) const
{
    const RenderedBlock &block = markdown.block(index);
    if (block.kind() != RenderedBlock::Kind::Code) {
        block.paint(painter, textAt.toPointF(), clip, style.textColor, selected.first, selected.second);
        return;
    }
    const int pad = padding();
    const QColor codeBackground =
        style.highlighter ? style.highlighter->backgroundColor() : style.palette.color(QPalette::AlternateBase);
    painter->setPen(QPen(style.palette.color(QPalette::Mid), 1));
    painter->setBrush(codeBackground);
    painter->drawRoundedRect(QRectF(frame).adjusted(0.5, 0.5, -0.5, -0.5), pad / 2, pad / 2);
    painter->setPen(m_mutedStyle.textColor);
    const QRect label(frame.left() + pad, frame.top(), frame.width() - 2 * pad, markdown.codeHeaderHeight());
    painter->drawText(label,
        Qt::AlignLeft | Qt::AlignVCenter,
        block.language().isEmpty() ? tr("text") : block.language());
    block.paint(painter,
        textAt.toPointF(),
        clip,
        style.highlighter ? style.highlighter->textColor() : style.textColor,
        selected.first,
        selected.second);
}

void RenderedMessage::paintButton(
    QPainter *painter, const QRect &rect, const QString &text, bool hovered, bool flat, QStyle *style, QWidget *widget)
    const
{
    QStyleOptionButton option;
    option.initFrom(widget);
    option.rect = rect;
    option.text = text;
    option.state = QStyle::State_Enabled;
    if (hovered) {
        option.state |= QStyle::State_MouseOver;
    }
    if (!flat) {
        option.state |= QStyle::State_Raised;
    }
    if (flat && !hovered) {
        option.features |= QStyleOptionButton::Flat;
    }
    option.palette = m_style.palette;
    style->drawControl(QStyle::CE_PushButton, &option, painter, widget);
}

RenderedMessage::Hit RenderedMessage::hitTest(QPoint position) const
{
    for (const Area &area : m_areas) {
        if (area.rect.contains(position)) {
            return area.hit;
        }
    }
    const qsizetype i = m_answer->firstBlockBelow(position.y() - m_answerOrigin.y());
    if (i < m_answer->blockCount()) {
        const QRect frame = m_answer->blockRect(i).translated(m_answerOrigin);
        const RenderedBlock &block = m_answer->block(i);
        if (frame.contains(position)) {
            if (block.kind() == RenderedBlock::Kind::Code && copyButtonRect(frame).contains(position)) {
                return {Action::CopyCode, &block, {}};
            }
            const QString link = block.anchorAt(position - m_answerOrigin - m_answer->textOrigin(i));
            if (!link.isEmpty()) {
                return {Action::OpenLink, nullptr, link};
            }
        }
    }
    return {};
}

RenderedMessage::TextPosition RenderedMessage::textPositionAt(QPoint position) const
{
    if (m_answer->isEmpty()) {
        return {};
    }
    const QPoint at = position - m_answerOrigin;
    const qsizetype last = m_answer->blockCount() - 1;
    const qsizetype i = m_answer->firstBlockBelow(at.y());
    if (i > last) {
        return {last, m_answer->block(last).length()};
    }
    if (at.y() < m_answer->blockRect(i).top()) {
        // Between blocks (or above the first): the start of the next one.
        return {i, 0};
    }
    return {i, m_answer->block(i).positionAt(at - m_answer->textOrigin(i))};
}

bool RenderedMessage::isOnText(QPoint position) const
{
    const QPoint at = position - m_answerOrigin;
    const qsizetype i = m_answer->firstBlockBelow(at.y());
    return i < m_answer->blockCount() && m_answer->blockRect(i).contains(at);
}

void RenderedMessage::setSelection(TextPosition anchor, TextPosition focus)
{
    m_selection = std::minmax(anchor, focus);
}

std::pair<int, int> RenderedMessage::selectionIn(qsizetype index) const
{
    if (!m_selection || index < m_selection->first.block || index > m_selection->second.block
        || index >= m_answer->blockCount()) {
        return {0, 0};
    }
    const int start = index == m_selection->first.block ? m_selection->first.offset : 0;
    const int end = index == m_selection->second.block ? m_selection->second.offset : m_answer->block(index).length();
    return {start, end};
}

QString RenderedMessage::selectedText() const
{
    if (!m_selection) {
        return {};
    }
    const QList<MarkdownBlockSplitter::Block> &kinds = m_answer->splitter().closedBlocks();
    const auto isListItem = [&kinds](qsizetype index) {
        return index < kinds.size() && kinds[index].kind == MarkdownBlockSplitter::Kind::ListItem;
    };
    QString text;
    const qsizetype last = std::min(m_selection->second.block, m_answer->blockCount() - 1);
    for (qsizetype i = m_selection->first.block; i <= last; ++i) {
        const auto [start, end] = selectionIn(i);
        const QString part = m_answer->block(i).textBetween(start, end);
        if (part.isEmpty()) {
            continue;
        }
        if (!text.isEmpty()) {
            text += isListItem(i) && isListItem(i - 1) ? u"\n"_s : u"\n\n"_s;
        }
        text += part;
    }
    return text;
}

bool RenderedMessage::isReasoningExpanded() const
{
    // Open while it is all there is to see; closed once the answer starts, unless the user chose.
    return m_reasoningExpandedByUser.value_or(m_state == ConversationModel::State::Streaming && m_answer->isEmpty());
}

void RenderedMessage::setReasoningExpanded(bool expanded)
{
    m_reasoningExpandedByUser = expanded;
    m_layoutDirty = true;
}

QRect RenderedMessage::copyButton(qsizetype index) const
{
    return copyButtonRect(m_answer->blockRect(index).translated(m_answerOrigin));
}

QString RenderedMessage::errorText() const
{
    return m_errorText ? m_errorTitle + u'\n' + m_errorText->plainText() : QString();
}

int RenderedMessage::layoutCount() const
{
    int count = 0;
    for (qsizetype i = 0; i < m_answer->blockCount(); ++i) {
        count += m_answer->block(i).layoutCount();
    }
    if (m_reasoning) {
        for (qsizetype i = 0; i < m_reasoning->blockCount(); ++i) {
            count += m_reasoning->block(i).layoutCount();
        }
    }
    return count;
}

} // namespace Juxta::Ui
