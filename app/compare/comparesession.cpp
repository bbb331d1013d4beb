// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compare/comparesession.h"

#include "app/metrics/responserecorder.h"
#include "providers/chatstream.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

struct CompareSession::Pane
{
    PaneConfig config;
    QList<ChatMessage> conversation;
    QStringList unsupported;
    qsizetype promptCharacters = 0;
    std::unique_ptr<Provider> provider;
    // The stream before the recorder: the recorder follows the stream and must go first.
    std::unique_ptr<ChatStream> stream;
    std::unique_ptr<ResponseRecorder> recorder = std::make_unique<ResponseRecorder>();
};

CompareSession::CompareSession(const PresetCatalog &catalog, QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_network(network)
{ }

CompareSession::~CompareSession()
{
    // Recorders must not report streams they outlive as a user's cancel.
    for (const auto &pane : m_panes) {
        pane->recorder->disconnect(this);
    }
}

int CompareSession::addPane(const PaneConfig &config)
{
    auto pane = std::make_unique<Pane>();
    pane->config = config;
    m_panes.push_back(std::move(pane));
    return int(m_panes.size()) - 1;
}

const PaneConfig &CompareSession::paneConfig(int pane) const
{
    return m_panes.at(pane)->config;
}

void CompareSession::setApiKey(const QString &presetId, const QString &key)
{
    m_keys.insert(presetId, key);
}

void CompareSession::setProvider(const QString &presetId, Provider *provider)
{
    m_providers.insert(presetId, provider);
}

Provider *CompareSession::providerFor(Pane &pane, const ProviderPreset &preset)
{
    if (Provider *provider = m_providers.value(preset.id)) {
        return provider;
    }
    if (preset.family == WireFamily::Local) {
        auto made = ProviderFactory::create(preset, m_network, QString());
        Provider *provider = made.get();
        m_sharedProviders.push_back(std::move(made));
        m_providers.insert(preset.id, provider);
        return provider;
    }
    if (!pane.provider || pane.provider->preset().id != preset.id) {
        pane.provider = ProviderFactory::create(preset, m_network, m_keys.value(preset.id));
    }
    return pane.provider.get();
}

bool CompareSession::isRunning() const
{
    return m_running > 0;
}

void CompareSession::send(const QString &prompt)
{
    Q_ASSERT_X(!isRunning(), "CompareSession::send", "a turn is still running");
    m_running = int(m_panes.size());
    for (int i = 0; i < int(m_panes.size()); ++i) {
        startPane(i, prompt);
    }
}

void CompareSession::cancel()
{
    for (const auto &pane : m_panes) {
        if (pane->stream) {
            pane->stream->cancel();
        }
    }
}

QStringList CompareSession::unsupportedParameters(int pane) const
{
    return m_panes.at(pane)->unsupported;
}

QList<ChatMessage> CompareSession::conversation(int pane) const
{
    return m_panes.at(pane)->conversation;
}

void CompareSession::setConversation(int pane, const QList<ChatMessage> &conversation)
{
    Q_ASSERT_X(!isRunning(), "CompareSession::setConversation", "a turn is still running");
    m_panes.at(pane)->conversation = conversation;
}

const ResponseRecorder &CompareSession::recorder(int pane) const
{
    return *m_panes.at(pane)->recorder;
}

ResponseMetrics CompareSession::metrics(int index) const
{
    const Pane &pane = *m_panes.at(index);
    const ProviderPreset *preset = m_catalog.find(pane.config.presetId);
    const ModelInfo *model = preset ? preset->findModel(pane.config.model) : nullptr;
    return ResponseMetrics::from(*pane.recorder, pane.promptCharacters, model);
}

ChatStream *CompareSession::failingStream(const ProviderError &error)
{
    // Delivered on the next turn of the event loop, like any provider's answer, so every
    // pane reports through the same path.
    auto *stream = new ChatStream;
    QTimer::singleShot(0, stream, [stream, error] {
        stream->reportFailed(error);
    });
    return stream;
}

void CompareSession::startPane(int index, const QString &prompt)
{
    Pane &pane = *m_panes[index];
    pane.conversation.append(ChatMessage {ChatMessage::Role::User, prompt, {}, {}, {}});

    ChatRequest request;
    request.model = pane.config.model;
    request.systemPrompt = pane.config.systemPrompt;
    request.messages = pane.conversation;
    request.params = pane.config.params;
    pane.promptCharacters = request.systemPrompt.size();
    for (const ChatMessage &message : std::as_const(request.messages)) {
        pane.promptCharacters += message.content.size();
    }

    // A new turn gets a new record. The old stream and recorder may be mid-signal (a slot on
    // turnEnded() can send the next turn), so they are retired, not deleted here.
    if (pane.stream) {
        pane.stream.release()->deleteLater();
    }
    pane.recorder->disconnect(this);
    pane.recorder.release()->deleteLater();
    pane.recorder = std::make_unique<ResponseRecorder>();
    connect(pane.recorder.get(), &ResponseRecorder::ended, this, [this, index] {
        onPaneEnded(index);
    });

    const ProviderPreset *preset = m_catalog.find(pane.config.presetId);
    ChatStream *stream = nullptr;
    if (!preset) {
        stream = failingStream(ProviderError::make(ProviderError::Kind::NotFound,
            tr("There is no provider preset \"%1\".").arg(pane.config.presetId)));
    } else if (preset->baseUrlIsTemplate) {
        stream = failingStream(ProviderError::make(ProviderError::Kind::BadRequest,
            tr("%1 needs its endpoint: set your resource's base URL (%2) first.")
                .arg(preset->displayName, PresetCatalog::baseUrlVariable(preset->id))));
    } else if (preset->keyRequired && m_keys.value(preset->id).isEmpty()) {
        stream = failingStream(ProviderError::make(ProviderError::Kind::Auth,
            preset->keyEnvironmentVariable.isEmpty()
                ? tr("%1 needs an API key: add one under Providers or with juxta-cli keys set %2.")
                      .arg(preset->displayName, preset->id)
                : tr("%1 needs an API key: set %2, or add one under Providers or with juxta-cli keys set %3.")
                      .arg(preset->displayName, preset->keyEnvironmentVariable, preset->id)));
    } else if (pane.config.model.isEmpty()) {
        stream = failingStream(ProviderError::make(ProviderError::Kind::BadRequest,
            tr("No model is chosen for %1.").arg(preset->displayName)));
    } else {
        Provider *provider = providerFor(pane, *preset);
        pane.unsupported = provider->unsupportedParameters(request);
        stream = provider->start(request);
    }
    pane.stream.reset(stream);
    pane.recorder->attach(stream);
}

void CompareSession::onPaneEnded(int index)
{
    Pane &pane = *m_panes[index];
    if (pane.recorder->finishReason()) {
        ChatMessage answer {ChatMessage::Role::Assistant,
            pane.recorder->text(),
            pane.recorder->reasoning(),
            pane.recorder->toolCalls(),
            {}};
        pane.conversation.append(answer);
    } else {
        // A failed turn leaves the conversation as it was, so a retry asks the same again.
        pane.conversation.removeLast();
    }
    --m_running;
    Q_EMIT paneEnded(index);
    if (m_running == 0) {
        Q_EMIT turnEnded();
    }
}

} // namespace Juxta
