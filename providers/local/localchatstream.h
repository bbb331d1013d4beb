// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatstream.h"
#include "providers/local/llamaengine.h"

#include <QPointer>

namespace Juxta::Providers {

class LlamaModelHost;

/**
 * An answer from the embedded engine: forwards the model host's queued signals for one
 * generation into the ChatStream contract. Cancelling or deleting it stops the engine within
 * one decode step; the text that arrived stays with whoever recorded it.
 */
class LocalChatStream : public ChatStream
{
    Q_OBJECT

public:
    /** Queues @p request on @p host right away. */
    LocalChatStream(LlamaModelHost *host, const ChatRequest &request, QObject *parent = nullptr);
    ~LocalChatStream() override;
    Q_DISABLE_COPY_MOVE(LocalChatStream)

    /** What the engine measured, once finished() has been emitted. */
    const LlamaGenerationStats &stats() const { return m_stats; }

Q_SIGNALS:
    /** The model is still loading: how far it got, 0 to 1. */
    void loadProgress(double fraction);

protected:
    void abortTransport() override;

private:
    void onFinished(FinishReason reason, const LlamaGenerationStats &stats);

    QPointer<LlamaModelHost> m_host;
    CancelFlag m_cancel = std::make_shared<std::atomic<bool>>(false);
    quint64 m_id = 0;
    LlamaGenerationStats m_stats;
};

} // namespace Juxta::Providers
