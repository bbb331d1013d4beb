// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/localenginesettings.h"
#include "providers/provider.h"

#include <QStringList>

#include <functional>
#include <map>
#include <memory>

namespace Juxta::Providers {

class LlamaModelHost;

/**
 * The embedded libllama engine behind the same Provider contract as the cloud families
 * (preset id "local"). A request's model is a path to a GGUF file, or a name the model
 * resolver (the app's model library) or the model folders know (with or without ".gguf").
 *
 * Each GGUF gets one LlamaModelHost, loaded on first use and kept until unload() or the
 * provider's end, so every pane naming the same file shares one copy of the weights. Turns on
 * one model are served one after another (see LlamaEngine); different models run in parallel.
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
    /** Applies to models loaded from now on. */
    void setSettings(const LocalEngineSettings &settings) { m_settings = settings; }
    QStringList modelDirectories() const { return m_modelDirectories; }
    void setModelDirectories(const QStringList &directories) { m_modelDirectories = directories; }

    /** Maps a model name to its file (the model library); an empty answer means unknown. */
    using ModelResolver = std::function<QString(const QString &name)>;
    void setModelResolver(ModelResolver resolver) { m_resolver = std::move(resolver); }

    /** The file @p model names (a path, or a name in the model folders); empty with @p error set when none. */
    QString resolveModel(const QString &model, QString *error) const;
    /** The host of @p model, created (not yet loaded) when it has none; nullptr when the model is not found. */
    LlamaModelHost *host(const QString &model, QString *error = nullptr);
    /** Frees @p model's weights and context; true when it was loaded. */
    bool unload(const QString &model);

private:
    LocalEngineSettings m_settings;
    QStringList m_modelDirectories;
    ModelResolver m_resolver;
    std::map<QString, std::unique_ptr<LlamaModelHost>> m_hosts;
};

} // namespace Juxta::Providers
