// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/llamaengine.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <optional>

namespace Juxta::Providers {

/**
 * One GGUF on its own worker thread: owns the thread and the LlamaEngine that lives on it, and
 * is the GUI thread's handle to them. Nothing here calls libllama; every request crosses to the
 * worker as a queued call and every answer comes back as a queued signal.
 *
 * Requests are served in the order they are made, so a generation asked for while the model
 * is still loading simply runs once it has loaded (or fails with the load's error).
 */
class LlamaModelHost : public QObject
{
    Q_OBJECT

public:
    enum class State { Unloaded, Loading, Loaded, Failed };

    explicit LlamaModelHost(const QString &path, const LocalEngineSettings &settings, QObject *parent = nullptr);
    /** Stops whatever runs on the worker, then ends the thread and waits for it. */
    ~LlamaModelHost() override;
    Q_DISABLE_COPY_MOVE(LlamaModelHost)

    QString path() const { return m_path; }
    LocalEngineSettings settings() const { return m_settings; }
    State state() const { return m_state; }
    /** What the last successful load reported. */
    std::optional<LlamaLoadInfo> loadInfo() const { return m_loadInfo; }
    std::optional<ProviderError> loadError() const { return m_loadError; }
    /** A generation is queued or running (its signals have not all arrived yet). */
    bool isBusy() const { return !m_running.isEmpty(); }
    /** Weights, KV cache and room for saved conversations, as the last load reported them; 0 while not loaded. */
    qint64 loadedBytes() const
    {
        return m_loadInfo ? m_loadInfo->weightsBytes + m_loadInfo->kvCacheBytes + m_loadInfo->conversationCacheBytes
                          : 0;
    }

    /** Starts loading unless the model is loaded or loading already. */
    void load();
    /** Stops a load in progress at its next progress report. */
    void cancelLoad();
    /** Frees the model and its context; the next generate() loads it again. */
    void unload();
    /**
     * Queues an answer to @p request (loading the model first when needed) and returns the id
     * the signals below carry for it. Setting @p cancel stops it within one decode step.
     */
    quint64 generate(const ChatRequest &request, const CancelFlag &cancel);

Q_SIGNALS:
    void loadProgress(double fraction);
    void loaded(const Juxta::Providers::LlamaLoadInfo &info);
    void loadFailed(const Juxta::Providers::ProviderError &error);
    void unloaded();
    void generationStarted(quint64 id, int promptTokens, int reusedPromptTokens);
    void textDelta(quint64 id, const QString &text);
    void generationFinished(
        quint64 id, Juxta::Providers::FinishReason reason, const Juxta::Providers::LlamaGenerationStats &stats);
    void generationFailed(quint64 id, const Juxta::Providers::ProviderError &error);

private:
    void forget(quint64 id);

    QString m_path;
    LocalEngineSettings m_settings;
    QThread m_thread;
    LlamaEngine *m_engine = nullptr;
    State m_state = State::Unloaded;
    std::optional<LlamaLoadInfo> m_loadInfo;
    std::optional<ProviderError> m_loadError;
    CancelFlag m_loadCancel;
    QHash<quint64, CancelFlag> m_running;
    quint64 m_nextId = 1;
};

} // namespace Juxta::Providers
