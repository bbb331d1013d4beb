// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/localllamaprovider.h"

#include "providers/local/ggufmetadata.h"
#include "providers/local/llamamodelhost.h"
#include "providers/local/localchatstream.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcLlama)

namespace Juxta::Providers {

LocalLlamaProvider::LocalLlamaProvider(
    const ProviderPreset &preset, const LocalEngineSettings &settings, QObject *parent)
    : Provider(preset, parent)
    , m_settings(settings)
{ }

// Hosts end their threads in their destructors; the map and the retired hosts go before the
// QObject base, so none outlives the provider.
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

void LocalLlamaProvider::setModelSettings(const QString &path, const std::optional<LocalEngineSettings> &settings)
{
    if (settings) {
        m_modelSettings.insert_or_assign(path, *settings);
    } else {
        m_modelSettings.erase(path);
    }
}

LocalEngineSettings LocalLlamaProvider::settingsFor(const QString &path) const
{
    const auto it = m_modelSettings.find(path);
    return it != m_modelSettings.end() ? it->second : m_settings;
}

LlamaModelHost *LocalLlamaProvider::host(const QString &model, QString *error)
{
    const QString path = resolveModel(model, error);
    if (path.isEmpty()) {
        return nullptr;
    }
    return slot(path)->host.get();
}

LocalLlamaProvider::Slot *LocalLlamaProvider::slot(const QString &path)
{
    Slot &entry = m_hosts[path];
    if (entry.host) {
        return &entry;
    }
    entry.host = std::make_unique<LlamaModelHost>(path, settingsFor(path));
    entry.lastUse = ++m_useCounter;
    entry.idleTimer = new QTimer(entry.host.get());
    entry.idleTimer->setSingleShot(true);
    connect(entry.idleTimer, &QTimer::timeout, this, [this, path] {
        const auto it = m_hosts.find(path);
        if (it != m_hosts.end() && !it->second.host->isBusy()
            && it->second.host->state() == LlamaModelHost::State::Loaded) {
            evict(path, UnloadReason::IdleTimeout);
        }
    });
    LlamaModelHost *host = entry.host.get();
    connect(host, &LlamaModelHost::loaded, this, [this, path] {
        onHostIdle(path);
    });
    connect(host, &LlamaModelHost::generationFinished, this, [this, path] {
        onHostIdle(path);
    });
    connect(host, &LlamaModelHost::generationFailed, this, [this, path] {
        onHostIdle(path);
    });
    return &entry;
}

void LocalLlamaProvider::touch(Slot &slot)
{
    slot.lastUse = ++m_useCounter;
    slot.idleTimer->stop();
}

bool LocalLlamaProvider::isResident(const Slot &slot) const
{
    const LlamaModelHost::State state = slot.host->state();
    return state == LlamaModelHost::State::Loaded || state == LlamaModelHost::State::Loading;
}

qint64 LocalLlamaProvider::bytesOf(const Slot &slot) const
{
    switch (slot.host->state()) {
    case LlamaModelHost::State::Loaded:
        return slot.host->loadedBytes();
    case LlamaModelHost::State::Loading:
        return slot.estimatedBytes;
    default:
        return 0;
    }
}

QStringList LocalLlamaProvider::loadedModels() const
{
    QStringList paths;
    for (const auto &[path, entry] : m_hosts) {
        if (isResident(entry)) {
            paths.append(path);
        }
    }
    return paths;
}

qint64 LocalLlamaProvider::loadedBytes() const
{
    qint64 bytes = 0;
    for (const auto &[path, entry] : m_hosts) {
        bytes += bytesOf(entry);
    }
    return bytes;
}

void LocalLlamaProvider::setMemoryPolicy(const LocalMemoryPolicy &policy)
{
    m_policy = policy;
    for (auto &[path, entry] : m_hosts) {
        entry.idleTimer->stop();
        if (!entry.host->isBusy() && entry.host->state() == LlamaModelHost::State::Loaded) {
            onHostIdle(path);
        }
    }
    enforcePolicy();
}

void LocalLlamaProvider::makeRoom(const QString &path, qint64 bytes)
{
    for (;;) {
        qint64 used = 0;
        int count = 0;
        const Slot *victim = nullptr;
        QString victimPath;
        for (const auto &[otherPath, other] : m_hosts) {
            if (otherPath == path || !isResident(other)) {
                continue;
            }
            used += bytesOf(other);
            ++count;
            // Only a loaded model with nothing queued may go; a loading one is about to be used.
            if (!other.host->isBusy() && other.host->state() == LlamaModelHost::State::Loaded
                && (!victim || other.lastUse < victim->lastUse)) {
                victim = &other;
                victimPath = otherPath;
            }
        }
        const bool overCount = m_policy.maxLoadedModels > 0 && count + 1 > m_policy.maxLoadedModels;
        const bool overBudget = m_policy.budgetBytes > 0 && used + bytes > m_policy.budgetBytes;
        if (!overCount && !overBudget) {
            return;
        }
        if (!victim) {
            // Only busy models are left (they go once idle, if still over), or none at all: a
            // model larger than the budget still loads, alone.
            if (count > 0) {
                qCInfo(lcLlama) << path << "goes over the memory policy while other models are busy";
            }
            return;
        }
        evict(victimPath, overCount ? UnloadReason::ModelLimit : UnloadReason::MemoryBudget);
    }
}

void LocalLlamaProvider::enforcePolicy()
{
    const Slot *newest = nullptr;
    QString newestPath;
    for (const auto &[path, entry] : m_hosts) {
        if (isResident(entry) && (!newest || entry.lastUse > newest->lastUse)) {
            newest = &entry;
            newestPath = path;
        }
    }
    if (newest) {
        makeRoom(newestPath, bytesOf(*newest));
    }
}

// Hosts signal from inside their own emissions: the policy acts on the next turn of the loop.
void LocalLlamaProvider::scheduleEnforcePolicy()
{
    if (m_enforceQueued) {
        return;
    }
    m_enforceQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_enforceQueued = false;
        enforcePolicy();
    });
}

void LocalLlamaProvider::onHostIdle(const QString &path)
{
    const auto it = m_hosts.find(path);
    if (it == m_hosts.end() || it->second.host->isBusy()) {
        return;
    }
    if (m_policy.idleUnloadMs > 0 && it->second.host->state() == LlamaModelHost::State::Loaded) {
        it->second.idleTimer->start(m_policy.idleUnloadMs);
    }
    scheduleEnforcePolicy();
}

void LocalLlamaProvider::evict(const QString &model, UnloadReason reason)
{
    // A copy: @p model may be the key of the entry erased below.
    const QString path = model;
    const auto it = m_hosts.find(path);
    if (it == m_hosts.end()) {
        return;
    }
    const bool resident = isResident(it->second);
    retire(it);
    if (resident) {
        qCInfo(lcLlama) << "unloaded" << path << reason;
        Q_EMIT modelUnloaded(path, reason);
    }
}

void LocalLlamaProvider::retire(std::map<QString, Slot>::iterator it)
{
    it->second.idleTimer->stop();
    std::unique_ptr<LlamaModelHost> host = std::move(it->second.host);
    m_hosts.erase(it);
    host->disconnect(this);
    // Its thread is joined and the weights freed when the host is destroyed, outside any of its signals.
    m_retired.push_back(std::move(host));
    QTimer::singleShot(0, this, [this] {
        m_retired.clear();
    });
}

bool LocalLlamaProvider::unload(const QString &model)
{
    const auto it = m_hosts.find(resolveModel(model, nullptr));
    if (it == m_hosts.end() || it->second.host->isBusy()) {
        return false;
    }
    // A host that never loaded (or failed to) holds no memory: it goes without a word.
    const bool resident = isResident(it->second);
    evict(it->first, UnloadReason::Requested);
    return resident;
}

ChatStream *LocalLlamaProvider::start(const ChatRequest &request)
{
    QString problem;
    const QString path = resolveModel(request.model, &problem);
    if (path.isEmpty()) {
        // Delivered on the next turn of the event loop, like every other answer.
        auto *stream = new ChatStream;
        QTimer::singleShot(0, stream, [stream, problem] {
            stream->reportFailed(ProviderError::make(ProviderError::Kind::NotFound, problem));
        });
        return stream;
    }
    Slot *entry = slot(path);
    touch(*entry);
    if (!isResident(*entry)) {
        // The header tells what the model will take before a byte of it is loaded.
        if (m_policy.budgetBytes > 0 && entry->estimatedBytes == 0) {
            if (const auto metadata = GgufMetadata::read(path, nullptr)) {
                const qint64 context = entry->host->settings().contextLength > 0 ? entry->host->settings().contextLength
                                                                                 : metadata->contextLength.value_or(0);
                // Weights, KV cache, and as much again for saved conversations (LlamaEngine).
                entry->estimatedBytes = metadata->fileSize + 2 * metadata->kvCacheBytes(context).value_or(0);
            }
        }
        makeRoom(path, entry->estimatedBytes);
    }
    return new LocalChatStream(entry->host.get(), request);
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
