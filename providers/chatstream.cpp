// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/chatstream.h"

#include <QCoreApplication>

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
    if (!text.isEmpty() && acceptsEvents()) {
        Q_EMIT textDelta(text);
    }
}

void ChatStream::reportReasoning(const QString &text)
{
    if (!text.isEmpty() && acceptsEvents()) {
        Q_EMIT reasoningDelta(text);
    }
}

void ChatStream::reportToolCall(const ToolCallDelta &delta)
{
    if (acceptsEvents()) {
        Q_EMIT toolCallDelta(delta);
    }
}

void ChatStream::reportUsage(const TokenUsage &usage)
{
    if (acceptsEvents()) {
        Q_EMIT usageReported(usage);
    }
}

void ChatStream::reportResponseInfo(const ResponseInfo &info)
{
    if (acceptsEvents()) {
        Q_EMIT responseInfoReported(info);
    }
}

void ChatStream::reportFinished(FinishReason reason)
{
    if (acceptsEvents()) {
        m_ended = true;
        Q_EMIT finished(reason);
    }
}

void ChatStream::reportFailed(const ProviderError &error)
{
    // A failure before the provider accepted anything is not a start.
    if (m_ended) {
        return;
    }
    m_ended = true;
    Q_EMIT failed(error);
}

} // namespace Juxta::Providers
