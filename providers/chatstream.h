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
 *
 * Between beginBatch() and endBatch() (one network read's worth of events), consecutive text
 * deltas, or consecutive reasoning deltas, are joined and handed on once: at endBatch(), or
 * before anything else is reported, so the order never changes. A provider streaming a token
 * per event then costs one signal per read rather than one per token, here and in every pane.
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

    void beginBatch();
    void endBatch();

Q_SIGNALS:
    void started();
    /** @p pieces: how many of the provider's deltas @p text joins (a batch's worth, or one). */
    void textDelta(const QString &text, int pieces);
    void reasoningDelta(const QString &text, int pieces);
    void toolCallDelta(const Juxta::Providers::ToolCallDelta &delta);
    void usageReported(const Juxta::Providers::TokenUsage &usage);
    void responseInfoReported(const Juxta::Providers::ResponseInfo &info);
    void finished(Juxta::Providers::FinishReason reason);
    void failed(const Juxta::Providers::ProviderError &error);

protected:
    /** Releases the transport (aborts the network reply, stops the engine). Called once, on cancel. */
    virtual void abortTransport() { }

private:
    enum class Delta { None, Text, Reasoning };

    bool acceptsEvents();
    void reportDelta(Delta kind, const QString &text);
    void emitDelta(Delta kind, const QString &text, int pieces);
    void flushPending();

    bool m_started = false;
    bool m_ended = false;
    bool m_batching = false;
    Delta m_pendingKind = Delta::None;
    QString m_pending;
    int m_pendingPieces = 0;
};

} // namespace Juxta::Providers
