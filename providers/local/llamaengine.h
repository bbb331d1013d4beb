// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatrequest.h"
#include "providers/finishreason.h"
#include "providers/local/hugepagerequest.h"
#include "providers/local/llamagenerationstats.h"
#include "providers/local/llamaloadinfo.h"
#include "providers/local/localenginesettings.h"
#include "providers/providererror.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

struct llama_context;
struct llama_model;

namespace Juxta::Providers {

/** Set from any thread to stop a load or a generation; the engine checks it between steps. */
using CancelFlag = std::shared_ptr<std::atomic<bool>>;

/**
 * One loaded GGUF and its context, driven on a worker thread (LlamaModelHost owns both).
 * Every function here runs on that thread; results leave through queued signals carrying
 * values. It never calls back into its owner.
 *
 * One context, one sequence: turns are served one after another in the order they were
 * asked for. Two panes on the same model therefore take turns. The KV cache keeps what the
 * last turn evaluated, so a continued conversation (or a second pane with the same system
 * prompt) evaluates only what differs from it; when another conversation's turn comes in
 * between, the live state is saved (LlamaConversationCache) and put back for the next turn of
 * its own conversation, which again evaluates only its new tokens.
 */
class LlamaEngine : public QObject
{
    Q_OBJECT

public:
    explicit LlamaEngine(QObject *parent = nullptr);
    ~LlamaEngine() override;
    Q_DISABLE_COPY_MOVE(LlamaEngine)

    /** Loads @p path (dropping any model loaded before); loaded() or loadFailed() follows. */
    void load(const QString &path, const Juxta::Providers::LocalEngineSettings &settings, const CancelFlag &cancel);
    /** Frees the model and its context; unloaded() follows. */
    void unload();
    bool isLoaded() const;
    /**
     * Answers @p request: generationStarted(), textDelta()s, then generationFinished() or
     * generationFailed(). @p cancel stops it within one decode step.
     */
    void generate(quint64 id, const Juxta::Providers::ChatRequest &request, const CancelFlag &cancel);

Q_SIGNALS:
    void loadProgress(double fraction);
    void loaded(const Juxta::Providers::LlamaLoadInfo &info);
    void loadFailed(const Juxta::Providers::ProviderError &error);
    void unloaded();
    void generationStarted(quint64 id, int promptTokens, int reusedPromptTokens);
    /** Whole UTF-8 text, coalesced to about one signal every 16 ms. */
    void textDelta(quint64 id, const QString &text);
    void generationFinished(
        quint64 id, Juxta::Providers::FinishReason reason, const Juxta::Providers::LlamaGenerationStats &stats);
    void generationFailed(quint64 id, const Juxta::Providers::ProviderError &error);

private:
    struct Loaded;

    static bool onLoadProgress(float progress, void *self);
    static bool shouldAbort(void *self);
    std::vector<int> tokenize(const QByteArray &text) const;
    void switchConversation(const std::vector<int> &prompt, int liveShared);
    int evaluatePrompt(const std::vector<int> &prompt, int &reused);

    std::unique_ptr<Loaded> m_loaded;
    std::optional<ProviderError> m_loadError;
    CancelFlag m_loadCancel;
    CancelFlag m_generationCancel;
    int m_lastProgress = -1;
    /** The memory mapped before the load under way, until its buffers are advised. */
    std::optional<HugePageRequest> m_loadMemory;
};

} // namespace Juxta::Providers
