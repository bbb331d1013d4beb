// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/catalog/presetcatalog.h"
#include "app/compare/paneconfig.h"
#include "app/compare/rawexchange.h"
#include "app/metrics/responsemetrics.h"
#include "providers/chatmessage.h"
#include "providers/chatstream.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace Juxta {

class ResponseRecorder;

namespace Providers {
class LocalLlamaProvider;
class ModelListing;
class Provider;
struct ProviderError;
struct ChatRequest;
} // namespace Providers

/**
 * One prompt sent to several panes at once. Each pane is a provider preset, a model and its
 * parameters, with a conversation of its own; every turn streams into all included panes in
 * parallel, and a pane that fails, even before it starts, fails alone.
 *
 * Panes are addressed by their current index. Removing or moving a pane renumbers the others at
 * once, also while they stream; signals always carry the index the pane has when they are emitted.
 */
class CompareSession : public QObject
{
    Q_OBJECT

public:
    /** @p catalog and @p network must outlive the session. */
    CompareSession(const PresetCatalog &catalog, QNetworkAccessManager &network, QObject *parent = nullptr);
    ~CompareSession() override;
    Q_DISABLE_COPY_MOVE(CompareSession)

    /** Adds a pane and returns its index. */
    int addPane(const PaneConfig &config);
    int paneCount() const { return int(m_panes.size()); }
    const PaneConfig &paneConfig(int pane) const;
    /** Changes what a pane asks from its next turn on; its conversation is kept. */
    void setPaneConfig(int pane, const PaneConfig &config);
    /** Removes a pane, stopping its answer if it is streaming; turnEnded() follows if it was the last one running. */
    void removePane(int pane);
    /** Moves a pane to index @p to, the panes between shifting by one. */
    void movePane(int from, int to);
    /** Whether send() asks this pane (panes are included when added). */
    bool isIncluded(int pane) const;
    void setIncluded(int pane, bool included);
    /**
     * The catalog the session reads changed in place (a base URL, a timeout, a custom endpoint):
     * panes not answering make their provider anew for their next turn.
     */
    void catalogChanged();
    /** The API key used for every pane of a preset; an empty key sends none. */
    void setApiKey(const QString &presetId, const QString &key);
    /**
     * Serves every pane of @p presetId with @p provider instead of one the session makes
     * (e.g. the local engine with the user's context and thread settings). The session does
     * not own it; it must outlive the session's streams.
     */
    void setProvider(const QString &presetId, Providers::Provider *provider);

    /**
     * Asks @p presetId's provider, with the session's key, which models it serves. The caller
     * owns the listing; null when there is no such preset.
     */
    Providers::ModelListing *listModels(const QString &presetId);
    /**
     * The embedded engine every local pane shares, made now if no pane has used it yet, so the
     * Local models dialog loads and unloads the very copies panes answer from. Null when the
     * catalog has no local preset.
     */
    Providers::LocalLlamaProvider *localEngine();

    /** Sends @p prompt as the next user turn to every included pane. No pane may be running. */
    void send(const QString &prompt);
    /** Stops every pane still streaming; what arrived is kept. */
    void cancel();
    /** Stops one pane; what arrived is kept. */
    void cancelPane(int pane);
    bool isRunning() const;
    bool isPaneRunning(int pane) const;

    /**
     * Asks a pane its latest question again, in place of the answer it gave (Regenerate) or
     * could not give (Retry). Does nothing when the pane has not been asked anything yet or is running.
     */
    void regenerate(int pane);
    /** Replaces a pane's latest question with @p prompt and asks it (edit and resend). */
    void resend(int pane, const QString &prompt);
    /** The user text of a pane's latest turn; empty before the first. */
    QString lastPrompt(int pane) const;
    /** Forgets every pane's conversation (a new comparison); panes that stream are stopped first. */
    void clearConversations();

    /** The latest turn of a pane, as recorded so far. */
    const ResponseRecorder &recorder(int pane) const;
    ResponseMetrics metrics(int pane) const;
    /** Parameters the pane's provider said it cannot honour for the latest turn. */
    QStringList unsupportedParameters(int pane) const;
    /** Parameters of the pane's current configuration its provider would not honour ("seed"…). */
    QStringList ignoredParameters(int pane);
    /** A pane's whole conversation, its latest answer included once the turn succeeded. */
    QList<Providers::ChatMessage> conversation(int pane) const;
    /** The latest turn's HTTP request and response of a pane, the key replaced; empty for local panes. */
    RawExchange rawExchange(int pane) const;
    /**
     * Replaces a pane's conversation so far, e.g. with a stored run's (RunReopen), so that the
     * next send() continues it: the request carries these turns, then the new prompt. Only
     * between turns, never while isRunning().
     */
    void setConversation(int pane, const QList<Providers::ChatMessage> &conversation);

Q_SIGNALS:
    /** A pane began a turn asking @p prompt (send, regenerate or resend). */
    void paneTurnStarted(int pane, const QString &prompt);
    void paneTextDelta(int pane, const QString &text);
    void paneReasoningDelta(int pane, const QString &text);
    void paneToolCallDelta(int pane, const Juxta::Providers::ToolCallDelta &delta);
    /** A pane's answer ended, finished or failed: see recorder(). */
    void paneEnded(int pane);
    /** No pane is running any more. */
    void turnEnded();

private:
    struct Pane;

    void startPane(Pane &pane, const QString &prompt);
    void captureRequest(Pane &pane, Providers::Provider *provider, const Providers::ChatRequest &request);
    void followStream(Pane &pane);
    Providers::ChatStream *failingStream(const Providers::ProviderError &error);
    Providers::Provider *providerFor(Pane &pane, const Providers::ProviderPreset &preset);
    void retireTurn(Pane &pane);
    void onPaneEnded(Pane *pane);
    int indexOf(const Pane *pane) const;

    const PresetCatalog &m_catalog;
    QNetworkAccessManager &m_network;
    QHash<QString, QString> m_keys;
    QHash<QString, QPointer<Providers::Provider>> m_providers;
    // Local engines are shared by all panes of a preset, so two panes on one GGUF load it once.
    // Declared before the panes: their streams go first.
    std::vector<std::unique_ptr<Providers::Provider>> m_sharedProviders;
    std::vector<std::unique_ptr<Pane>> m_panes;
};

} // namespace Juxta
