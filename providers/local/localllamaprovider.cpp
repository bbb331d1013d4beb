// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/localllamaprovider.h"

#include "providers/local/ggufmetadata.h"
#include "providers/local/llamamodelhost.h"
#include "providers/local/localchatstream.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

LocalLlamaProvider::LocalLlamaProvider(
    const ProviderPreset &preset, const LocalEngineSettings &settings, QObject *parent)
    : Provider(preset, parent)
    , m_settings(settings)
{ }

// Hosts end their threads in their destructors; the map goes before the QObject base.
LocalLlamaProvider::~LocalLlamaProvider() = default;

ProviderPreset LocalLlamaProvider::defaultPreset()
{
    ProviderPreset preset;
    preset.id = u"local"_s;
    preset.displayName = u"Local (libllama)"_s;
    preset.family = WireFamily::Local;
    preset.auth = AuthStyle::None;
    preset.keyRequired = false;
    return preset;
}

QString LocalLlamaProvider::resolveModel(const QString &model, QString *error) const
{
    if (model.isEmpty()) {
        if (error) {
            *error = tr("No model is chosen: name a GGUF file or a model of the library.");
        }
        return {};
    }
    const QFileInfo direct(model);
    if (direct.isFile()) {
        return direct.absoluteFilePath();
    }
    if (m_resolver) {
        if (const QString path = m_resolver(model); !path.isEmpty()) {
            return path;
        }
    }
    for (const QString &directory : m_modelDirectories) {
        for (const QString &name : {model, model + u".gguf"_s}) {
            const QFileInfo candidate(QDir(directory).filePath(name));
            if (candidate.isFile()) {
                return candidate.absoluteFilePath();
            }
        }
    }
    if (error) {
        *error = m_modelDirectories.isEmpty() ? tr("There is no model file %1.").arg(model)
                                              : tr("There is no model file %1, and no model of that name in %2.")
                                                    .arg(model, m_modelDirectories.join(u", "_s));
    }
    return {};
}

LlamaModelHost *LocalLlamaProvider::host(const QString &model, QString *error)
{
    const QString path = resolveModel(model, error);
    if (path.isEmpty()) {
        return nullptr;
    }
    auto &host = m_hosts[path];
    if (!host) {
        host = std::make_unique<LlamaModelHost>(path, m_settings);
    }
    return host.get();
}

bool LocalLlamaProvider::unload(const QString &model)
{
    const auto it = m_hosts.find(resolveModel(model, nullptr));
    if (it == m_hosts.end()) {
        return false;
    }
    m_hosts.erase(it);
    return true;
}

ChatStream *LocalLlamaProvider::start(const ChatRequest &request)
{
    QString problem;
    LlamaModelHost *modelHost = host(request.model, &problem);
    if (!modelHost) {
        // Delivered on the next turn of the event loop, like every other answer.
        auto *stream = new ChatStream;
        QTimer::singleShot(0, stream, [stream, problem] {
            stream->reportFailed(ProviderError::make(ProviderError::Kind::NotFound, problem));
        });
        return stream;
    }
    return new LocalChatStream(modelHost, request);
}

QStringList LocalLlamaProvider::unsupportedParameters(const ChatRequest &request) const
{
    const GenerationParams &params = request.params;
    QStringList unsupported;
    if (!params.reasoningEffort.isEmpty()) {
        unsupported.append(u"reasoning_effort"_s);
    }
    if (params.thinkingBudget) {
        unsupported.append(u"thinking_budget"_s);
    }
    if (params.responseFormat != GenerationParams::ResponseFormat::Text) {
        unsupported.append(u"response_format"_s);
    }
    return unsupported;
}

ModelListing *LocalLlamaProvider::listModels()
{
    auto *listing = new ModelListing;
    QList<ModelInfo> models;
    for (const QString &directory : std::as_const(m_modelDirectories)) {
        const QFileInfoList files = QDir(directory).entryInfoList({u"*.gguf"_s}, QDir::Files, QDir::Name);
        for (const QFileInfo &file : files) {
            ModelInfo model;
            model.id = file.completeBaseName();
            model.displayName = file.fileName();
            if (const auto metadata = GgufMetadata::read(file.absoluteFilePath(), nullptr)) {
                model.contextLength = metadata->contextLength;
                if (!metadata->name.isEmpty()) {
                    model.displayName = metadata->name;
                }
            }
            models.append(model);
        }
    }
    QTimer::singleShot(0, listing, [listing, models] {
        Q_EMIT listing->finished(models);
    });
    return listing;
}

} // namespace Juxta::Providers
