// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/finishreason.h"
#include "providers/providererror.h"
#include "providers/responseinfo.h"
#include "providers/tokenusage.h"

#include <QObject>

namespace Juxta::Providers {

/** A piece of a tool call as it streams: the first piece names it, later ones add arguments. */
struct ToolCallDelta
{
    int index = 0;
    QString id;
    QString name;
    QString argumentsFragment;
};

/**
 * One answer streaming in.
 *
 * Emits, in order: started() once the provider has accepted the request; any number of
 * textDelta(), reasoningDelta(), toolCallDelta(), responseInfoReported() and usageReported();
 * then exactly one of finished() or failed(). Nothing is emitted after that. cancel() is safe at
 * any moment, also from a slot connected to one of these signals; it ends the stream with
 * failed(Cancelled) at once, and what arrived before stays with whoever recorded it.
 *
 * Providers drive a stream through the report…() functions, which enforce that order so no
 * provider can break it.
 */
class ChatStream : public QObject
{
    Q_OBJECT

public:
    explicit ChatStream(QObject *parent = nullptr);
    ~ChatStream() override;
    Q_DISABLE_COPY_MOVE(ChatStream)

    bool isStarted() const { return m_started; }
    /** True once finished() or failed() has been emitted. */
    bool isEnded() const { return m_ended; }

    /** Stops the stream; failed(Cancelled) follows at once unless it had already ended. */
    void cancel();

    void reportStarted();
    void reportText(const QString &text);
    void reportReasoning(const QString &text);
    void reportToolCall(const ToolCallDelta &delta);
    void reportUsage(const TokenUsage &usage);
    void reportResponseInfo(const ResponseInfo &info);
    void reportFinished(FinishReason reason);
    void reportFailed(const ProviderError &error);

Q_SIGNALS:
    void started();
    void textDelta(const QString &text);
    void reasoningDelta(const QString &text);
    void toolCallDelta(const Juxta::Providers::ToolCallDelta &delta);
    void usageReported(const Juxta::Providers::TokenUsage &usage);
    void responseInfoReported(const Juxta::Providers::ResponseInfo &info);
    void finished(Juxta::Providers::FinishReason reason);
    void failed(const Juxta::Providers::ProviderError &error);

protected:
    /** Releases the transport (aborts the network reply, stops the engine). Called once, on cancel. */
    virtual void abortTransport() { }

private:
    bool acceptsEvents();

    bool m_started = false;
    bool m_ended = false;
};

} // namespace Juxta::Providers
