// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/localenginesettings.h"
#include "providers/local/localmemorypolicy.h"
#include "providers/provider.h"

#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace Juxta::Providers {

class LlamaModelHost;

/**
 * The embedded libllama engine behind the same Provider contract as the cloud families
 * (preset id "local"). A request's model is a path to a GGUF file, or a name the model
 * resolver (the app's model library) or the model folders know (with or without ".gguf").
 *
 * Each GGUF gets one LlamaModelHost, loaded on first use, so every pane naming the same file
 * shares one copy of the weights. Turns on one model are served one after another (see
 * LlamaEngine); different models run in parallel.
 *
 * A model stays loaded until unload() names it, the memory policy (LocalMemoryPolicy: a byte
 * budget for weights and KV caches, a maximum number of models, an idle timeout) asks for its
 * room, or the provider ends. Either way modelUnloaded() tells why. A model with a generation
 * queued or running is never unloaded under its stream.
 */
class LocalLlamaProvider : public Provider
{
    Q_OBJECT

public:
    explicit LocalLlamaProvider(
        const ProviderPreset &preset, const LocalEngineSettings &settings = {}, QObject *parent = nullptr);
    ~LocalLlamaProvider() override;
    Q_DISABLE_COPY_MOVE(LocalLlamaProvider)

    /** The preset the catalog has no entry for, e.g. in tests. */
    static ProviderPreset defaultPreset();

    ChatStream *start(const ChatRequest &request) override;
    QStringList unsupportedParameters(const ChatRequest &request) const override;
    /** The GGUF files in the model folders, with their context lengths. */
    ModelListing *listModels() override;

    LocalEngineSettings settings() const { return m_settings; }
    /** Applies to models loaded from now on, except those with settings of their own. */
    void setSettings(const LocalEngineSettings &settings) { m_settings = settings; }
    /**
     * Settings for the model in file @p path in place of settings(); none makes it follow them
     * again. Applies from the model's next load.
     */
    void setModelSettings(const QString &path, const std::optional<LocalEngineSettings> &settings);
    /** What the model in file @p path loads with. */
    LocalEngineSettings settingsFor(const QString &path) const;
    QStringList modelDirectories() const { return m_modelDirectories; }
    void setModelDirectories(const QStringList &directories) { m_modelDirectories = directories; }

    /** Maps a model name to its file (the model library); an empty answer means unknown. */
    using ModelResolver = std::function<QString(const QString &name)>;
    void setModelResolver(ModelResolver resolver) { m_resolver = std::move(resolver); }

    /** The file @p model names (a path, or a name in the model folders); empty with @p error set when none. */
    QString resolveModel(const QString &model, QString *error) const;
    /** The host of @p model, created (not yet loaded) when it has none; nullptr when the model is not found. */
    LlamaModelHost *host(const QString &model, QString *error = nullptr);

    /** Why a model was unloaded. */
    enum class UnloadReason {
        /** unload() named it. */
        Requested,
        /** Loading another model would have gone over LocalMemoryPolicy::budgetBytes. */
        MemoryBudget,
        /** Loading another model would have gone over LocalMemoryPolicy::maxLoadedModels. */
        ModelLimit,
        /** It was idle for LocalMemoryPolicy::idleUnloadMs. */
        IdleTimeout,
    };
    Q_ENUM(UnloadReason)

    /**
     * Frees @p model's weights and context (a path or a name, as in requests). Returns false and
     * changes nothing when no model of that name is loaded, or when a generation is queued or
     * running on it: stop its streams first. modelUnloaded() follows a true answer at once; the
     * memory is released on the next turn of the event loop, when the worker thread has ended.
     */
    bool unload(const QString &model);

    LocalMemoryPolicy memoryPolicy() const { return m_policy; }
    /** Applies at once: models over the new limits are unloaded as described in LocalMemoryPolicy. */
    void setMemoryPolicy(const LocalMemoryPolicy &policy);
    /** The files of the models loaded or loading, by path. */
    QStringList loadedModels() const;
    /**
     * What the loaded models may take: weights, KV cache and room for saved conversations
     * (estimated from the GGUF header while one loads).
     */
    qint64 loadedBytes() const;

Q_SIGNALS:
    /** @p path is no longer loaded (nor loading). */
    void modelUnloaded(const QString &path, Juxta::Providers::LocalLlamaProvider::UnloadReason reason);

private:
    struct Slot
    {
        std::unique_ptr<LlamaModelHost> host;
        /** Larger is more recent. */
        quint64 lastUse = 0;
        /** What the model should take, from its GGUF header, until its load reports the real figure. */
        qint64 estimatedBytes = 0;
        QTimer *idleTimer = nullptr;
    };

    Slot *slot(const QString &path);
    void touch(Slot &slot);
    bool isResident(const Slot &slot) const;
    qint64 bytesOf(const Slot &slot) const;
    /** Unloads idle models, least recently used first, until @p path (taking @p bytes) fits the policy. */
    void makeRoom(const QString &path, qint64 bytes);
    /** Brings the loaded models within the policy, keeping the most recently used one. */
    void enforcePolicy();
    void scheduleEnforcePolicy();
    void onHostIdle(const QString &path);
    void evict(const QString &model, UnloadReason reason);
    void retire(std::map<QString, Slot>::iterator it);

    LocalEngineSettings m_settings;
    std::map<QString, LocalEngineSettings> m_modelSettings;
    LocalMemoryPolicy m_policy;
    QStringList m_modelDirectories;
    ModelResolver m_resolver;
    std::map<QString, Slot> m_hosts;
    /** Unloaded hosts, destroyed on the next turn of the event loop (never inside their own signals). */
    std::vector<std::unique_ptr<LlamaModelHost>> m_retired;
    quint64 m_useCounter = 0;
    bool m_enforceQueued = false;
};

} // namespace Juxta::Providers
