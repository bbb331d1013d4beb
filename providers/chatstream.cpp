// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/chatstream.h"

#include <QCoreApplication>

#include <utility>

namespace Juxta::Providers {

ChatStream::ChatStream(QObject *parent)
    : QObject(parent)
{ }

ChatStream::~ChatStream() = default;

void ChatStream::cancel()
{
    if (m_ended) {
        return;
    }
    abortTransport();
    reportFailed(ProviderError::make(ProviderError::Kind::Cancelled,
        QCoreApplication::translate("Juxta::ChatStream", "Stopped.")));
}

bool ChatStream::acceptsEvents()
{
    if (m_ended) {
        return false;
    }
    // Some providers put content in the very response that accepts the request; the stream
    // is started by its first event either way.
    if (!m_started) {
        m_started = true;
        Q_EMIT started();
    }
    return !m_ended;
}

void ChatStream::reportStarted()
{
    acceptsEvents();
}

void ChatStream::reportText(const QString &text)
{
    reportDelta(Delta::Text, text);
}

void ChatStream::reportReasoning(const QString &text)
{
    reportDelta(Delta::Reasoning, text);
}

void ChatStream::reportDelta(Delta kind, const QString &text)
{
    if (text.isEmpty() || !acceptsEvents()) {
        return;
    }
    if (!m_batching) {
        emitDelta(kind, text, 1);
        return;
    }
    if (m_pendingKind != kind) {
        flushPending();
    }
    m_pendingKind = kind;
    m_pending += text;
    ++m_pendingPieces;
}

void ChatStream::emitDelta(Delta kind, const QString &text, int pieces)
{
    if (kind == Delta::Text) {
        Q_EMIT textDelta(text, pieces);
    } else {
        Q_EMIT reasoningDelta(text, pieces);
    }
}

void ChatStream::flushPending()
{
    if (m_pendingKind == Delta::None) {
        return;
    }
    // Taken out first: a slot may report more (or cancel) while the signal is being delivered.
    const Delta kind = std::exchange(m_pendingKind, Delta::None);
    const QString text = std::exchange(m_pending, QString());
    const int pieces = std::exchange(m_pendingPieces, 0);
    if (!m_ended) {
        emitDelta(kind, text, pieces);
    }
}

void ChatStream::beginBatch()
{
    m_batching = true;
}

void ChatStream::endBatch()
{
    m_batching = false;
    flushPending();
}

void ChatStream::reportToolCall(const ToolCallDelta &delta)
{
    flushPending();
    if (acceptsEvents()) {
        Q_EMIT toolCallDelta(delta);
    }
}

void ChatStream::reportUsage(const TokenUsage &usage)
{
    flushPending();
    if (acceptsEvents()) {
        Q_EMIT usageReported(usage);
    }
}

void ChatStream::reportResponseInfo(const ResponseInfo &info)
{
    flushPending();
    if (acceptsEvents()) {
        Q_EMIT responseInfoReported(info);
    }
}

void ChatStream::reportFinished(FinishReason reason)
{
    flushPending();
    if (acceptsEvents()) {
        m_ended = true;
        Q_EMIT finished(reason);
    }
}

void ChatStream::reportFailed(const ProviderError &error)
{
    // What was read before the failure is kept, as it would have been without batching.
    flushPending();
    // A failure before the provider accepted anything is not a start.
    if (m_ended) {
        return;
    }
    m_ended = true;
    Q_EMIT failed(error);
}

} // namespace Juxta::Providers
