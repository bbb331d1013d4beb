// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compare/comparesession.h"

#include "app/metrics/responserecorder.h"
#include "providers/chatstream.h"
#include "providers/http/httpchatstream.h"
#include "providers/http/httpprovider.h"
#include "providers/local/localllamaprovider.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

namespace {
// A raw response is for looking at; a long answer's whole stream would only cost memory.
constexpr qsizetype MaxRawResponseBytes = 4 * 1024 * 1024;
} // namespace

struct CompareSession::Pane
{
    PaneConfig config;
    /** What the latest turn asked with: its metrics are priced by this, not by a later change. */
    PaneConfig turnConfig;
    bool included = true;
    bool running = false;
    QList<ChatMessage> conversation;
    /** The conversation's length before the latest turn's question: where regenerate cuts. */
    qsizetype turnStart = 0;
    QString lastPrompt;
    QStringList unsupported;
    qsizetype promptCharacters = 0;
    RawExchange exchange;
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
        if (pane->stream) {
            pane->stream->disconnect(this);
        }
    }
}

int CompareSession::addPane(const PaneConfig &config)
{
    auto pane = std::make_unique<Pane>();
    pane->config = config;
    pane->turnConfig = config;
    m_panes.push_back(std::move(pane));
    return int(m_panes.size()) - 1;
}

const PaneConfig &CompareSession::paneConfig(int pane) const
{
    return m_panes.at(pane)->config;
}

void CompareSession::setPaneConfig(int pane, const PaneConfig &config)
{
    m_panes.at(pane)->config = config;
}

void CompareSession::removePane(int index)
{
    Pane &pane = *m_panes.at(index);
    const bool wasRunning = pane.running;
    // The pane goes quietly: its cancel is no event anyone waits for.
    retireTurn(pane);
    m_panes.erase(m_panes.begin() + index);
    if (wasRunning && !isRunning()) {
        Q_EMIT turnEnded();
    }
}

void CompareSession::movePane(int from, int to)
{
    Q_ASSERT(from >= 0 && from < paneCount() && to >= 0 && to < paneCount());
    auto pane = std::move(m_panes[from]);
    m_panes.erase(m_panes.begin() + from);
    m_panes.insert(m_panes.begin() + to, std::move(pane));
}

bool CompareSession::isIncluded(int pane) const
{
    return m_panes.at(pane)->included;
}

void CompareSession::setIncluded(int pane, bool included)
{
    m_panes.at(pane)->included = included;
}

void CompareSession::setApiKey(const QString &presetId, const QString &key)
{
    m_keys.insert(presetId, key);
    // Panes made their HTTP provider with the old key; the next turn makes a new one.
    for (const auto &pane : m_panes) {
        if (pane->provider && pane->provider->preset().id == presetId && !pane->running) {
            pane->provider.reset();
        }
    }
}

void CompareSession::catalogChanged()
{
    for (const auto &pane : m_panes) {
        if (!pane->running) {
            pane->provider.reset();
        }
    }
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
    if (!pane.provider || pane.provider->preset().id != preset.id
        || pane.provider->preset().baseUrl != preset.baseUrl) {
        pane.provider = ProviderFactory::create(preset, m_network, m_keys.value(preset.id));
    }
    return pane.provider.get();
}

LocalLlamaProvider *CompareSession::localEngine()
{
    for (const ProviderPreset &preset : m_catalog.presets()) {
        if (preset.family != WireFamily::Local) {
            continue;
        }
        Provider *provider = m_providers.value(preset.id);
        if (!provider) {
            auto made = ProviderFactory::create(preset, m_network, QString());
            provider = made.get();
            m_sharedProviders.push_back(std::move(made));
            m_providers.insert(preset.id, provider);
        }
        return qobject_cast<LocalLlamaProvider *>(provider);
    }
    return nullptr;
}

ModelListing *CompareSession::listModels(const QString &presetId)
{
    const ProviderPreset *preset = m_catalog.find(presetId);
    if (!preset) {
        return nullptr;
    }
    if (Provider *shared = m_providers.value(presetId)) {
        return shared->listModels();
    }
    // A provider of its own, living exactly as long as the listing that needs it.
    std::unique_ptr<Provider> provider = ProviderFactory::create(*preset, m_network, m_keys.value(presetId));
    ModelListing *listing = provider->listModels();
    provider.release()->setParent(listing);
    return listing;
}

bool CompareSession::isRunning() const
{
    return std::ranges::any_of(m_panes, [](const auto &pane) {
        return pane->running;
    });
}

bool CompareSession::isPaneRunning(int pane) const
{
    return m_panes.at(pane)->running;
}

void CompareSession::send(const QString &prompt)
{
    Q_ASSERT_X(!isRunning(), "CompareSession::send", "a turn is still running");
    QList<Pane *> asked;
    for (const auto &pane : m_panes) {
        if (pane->included) {
            pane->turnStart = pane->conversation.size();
            asked.append(pane.get());
        }
    }
    // Every pane is marked running before any starts, so an early failure cannot end the turn.
    for (Pane *pane : std::as_const(asked)) {
        pane->running = true;
    }
    for (Pane *pane : std::as_const(asked)) {
        startPane(*pane, prompt);
    }
    if (asked.isEmpty()) {
        Q_EMIT turnEnded();
    }
}

void CompareSession::regenerate(int index)
{
    Pane &pane = *m_panes.at(index);
    if (pane.running || pane.lastPrompt.isEmpty()) {
        return;
    }
    resend(index, pane.lastPrompt);
}

void CompareSession::resend(int index, const QString &prompt)
{
    Pane &pane = *m_panes.at(index);
    if (pane.running) {
        return;
    }
    pane.conversation.resize(std::min(pane.turnStart, pane.conversation.size()));
    pane.running = true;
    startPane(pane, prompt);
}

QString CompareSession::lastPrompt(int pane) const
{
    return m_panes.at(pane)->lastPrompt;
}

void CompareSession::clearConversations()
{
    const bool wasRunning = isRunning();
    for (const auto &pane : m_panes) {
        retireTurn(*pane);
        pane->conversation.clear();
        pane->turnStart = 0;
        pane->lastPrompt.clear();
        pane->unsupported.clear();
        pane->exchange = {};
    }
    if (wasRunning) {
        Q_EMIT turnEnded();
    }
}

void CompareSession::cancel()
{
    // Cancelling ends streams synchronously and their slots may send again; walk a snapshot.
    QList<QPointer<ChatStream>> streams;
    for (const auto &pane : m_panes) {
        if (pane->stream) {
            streams.append(pane->stream.get());
        }
    }
    for (const QPointer<ChatStream> &stream : std::as_const(streams)) {
        if (stream) {
            stream->cancel();
        }
    }
}

void CompareSession::cancelPane(int pane)
{
    if (ChatStream *stream = m_panes.at(pane)->stream.get()) {
        stream->cancel();
    }
}

QStringList CompareSession::unsupportedParameters(int pane) const
{
    return m_panes.at(pane)->unsupported;
}

QStringList CompareSession::ignoredParameters(int index)
{
    Pane &pane = *m_panes.at(index);
    const ProviderPreset *preset = m_catalog.find(pane.config.presetId);
    if (!preset || preset->baseUrlIsTemplate) {
        return {};
    }
    ChatRequest request;
    request.model = pane.config.model;
    request.params = pane.config.params;
    return providerFor(pane, *preset)->unsupportedParameters(request);
}

QList<ChatMessage> CompareSession::conversation(int pane) const
{
    return m_panes.at(pane)->conversation;
}

RawExchange CompareSession::rawExchange(int pane) const
{
    return m_panes.at(pane)->exchange;
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
    const ProviderPreset *preset = m_catalog.find(pane.turnConfig.presetId);
    const ModelInfo *model = preset ? preset->findModel(pane.turnConfig.model) : nullptr;
    return ResponseMetrics::from(*pane.recorder, pane.promptCharacters, model);
}

int CompareSession::indexOf(const Pane *pane) const
{
    const auto found = std::ranges::find_if(m_panes, [pane](const auto &candidate) {
        return candidate.get() == pane;
    });
    return found == m_panes.end() ? -1 : int(found - m_panes.begin());
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

void CompareSession::retireTurn(Pane &pane)
{
    // The old stream and recorder may be mid-signal (a slot on turnEnded() can send the next
    // turn), so they are retired, not deleted here. Disconnected first: a cancel they report
    // now belongs to no turn.
    pane.running = false;
    pane.recorder->disconnect(this);
    if (pane.stream) {
        pane.stream->disconnect(this);
        pane.stream->cancel();
        pane.stream.release()->deleteLater();
    }
    pane.recorder.release()->deleteLater();
    pane.recorder = std::make_unique<ResponseRecorder>();
}

void CompareSession::startPane(Pane &pane, const QString &prompt)
{
    pane.lastPrompt = prompt;
    pane.turnConfig = pane.config;
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

    pane.recorder->disconnect(this);
    if (pane.stream) {
        pane.stream->disconnect(this);
        pane.stream.release()->deleteLater();
    }
    pane.recorder.release()->deleteLater();
    pane.recorder = std::make_unique<ResponseRecorder>();
    pane.exchange = {};
    pane.unsupported.clear();
    Pane *panePointer = &pane;
    connect(pane.recorder.get(), &ResponseRecorder::ended, this, [this, panePointer] {
        onPaneEnded(panePointer);
    });
    Q_EMIT paneTurnStarted(indexOf(&pane), prompt);

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
        captureRequest(pane, provider, request);
        stream = provider->start(request);
    }
    pane.stream.reset(stream);
    pane.recorder->attach(stream);
    followStream(pane);
}

void CompareSession::captureRequest(Pane &pane, Provider *provider, const ChatRequest &request)
{
    const auto *http = qobject_cast<const HttpProvider *>(provider);
    if (!http) {
        return;
    }
    const QNetworkRequest networkRequest = http->chatNetworkRequest(request);
    const QString key = m_keys.value(provider->preset().id).trimmed();
    RawExchange &exchange = pane.exchange;
    exchange.requestBody = http->requestBody(request);
    exchange.url = networkRequest.url();
    if (!key.isEmpty()) {
        const QString variable = provider->preset().keyEnvironmentVariable;
        exchange.keyPlaceholder = u"$"_s + (variable.isEmpty() ? u"JUXTA_API_KEY"_s : variable);
    }
    const QByteArray keyBytes = key.toUtf8();
    const QByteArray placeholder = exchange.keyPlaceholder.toUtf8();
    for (const QByteArray &name : networkRequest.rawHeaderList()) {
        QByteArray value = networkRequest.rawHeader(name);
        if (!keyBytes.isEmpty()) {
            value.replace(keyBytes, placeholder);
        }
        exchange.requestHeaders.append({name, value});
    }
    if (!key.isEmpty()) {
        QUrlQuery query(exchange.url);
        QList<std::pair<QString, QString>> items = query.queryItems(QUrl::FullyDecoded);
        for (auto &[name, value] : items) {
            if (value == key) {
                value = exchange.keyPlaceholder;
            }
        }
        query.setQueryItems(items);
        exchange.url.setQuery(query);
    }
}

void CompareSession::followStream(Pane &pane)
{
    Pane *panePointer = &pane;
    ChatStream *stream = pane.stream.get();
    connect(stream, &ChatStream::textDelta, this, [this, panePointer](const QString &text) {
        Q_EMIT paneTextDelta(indexOf(panePointer), text);
    });
    connect(stream, &ChatStream::reasoningDelta, this, [this, panePointer](const QString &text) {
        Q_EMIT paneReasoningDelta(indexOf(panePointer), text);
    });
    connect(stream, &ChatStream::toolCallDelta, this, [this, panePointer](const ToolCallDelta &delta) {
        Q_EMIT paneToolCallDelta(indexOf(panePointer), delta);
    });
    if (auto *http = qobject_cast<HttpChatStream *>(stream)) {
        connect(http, &HttpChatStream::bodyReceived, this, [panePointer](const QByteArray &bytes) {
            RawExchange &exchange = panePointer->exchange;
            const qsizetype room = MaxRawResponseBytes - exchange.responseBody.size();
            exchange.responseBody += bytes.first(std::min(room, bytes.size()));
            exchange.responseTruncated = exchange.responseTruncated || bytes.size() > room;
        });
    }
}

void CompareSession::onPaneEnded(Pane *panePointer)
{
    Pane &pane = *panePointer;
    if (pane.recorder->finishReason()) {
        ChatMessage answer {ChatMessage::Role::Assistant,
            pane.recorder->text(),
            pane.recorder->reasoning(),
            pane.recorder->toolCalls(),
            {}};
        pane.conversation.append(answer);
    } else {
        // A failed turn leaves the conversation as it was, so a retry asks the same again.
        pane.conversation.resize(std::min(pane.turnStart, pane.conversation.size()));
    }
    pane.running = false;
    Q_EMIT paneEnded(indexOf(panePointer));
    if (!isRunning()) {
        Q_EMIT turnEnded();
    }
}

} // namespace Juxta
