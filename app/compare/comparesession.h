// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/catalog/presetcatalog.h"
#include "app/compare/paneconfig.h"
#include "app/metrics/responsemetrics.h"
#include "providers/chatmessage.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace Juxta {

class ResponseRecorder;

namespace Providers {
class ChatStream;
class Provider;
struct ProviderError;
} // namespace Providers

/**
 * One prompt sent to several panes at once. Each pane is a provider preset, a model and its
 * parameters, with a conversation of its own; every turn streams into all panes in parallel,
 * and a pane that fails, even before it starts, fails alone.
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
    /** The API key used for every pane of a preset; an empty key sends none. */
    void setApiKey(const QString &presetId, const QString &key);
    /**
     * Serves every pane of @p presetId with @p provider instead of one the session makes
     * (e.g. the local engine with the user's context and thread settings). The session does
     * not own it; it must outlive the session's streams.
     */
    void setProvider(const QString &presetId, Providers::Provider *provider);

    /** Sends @p prompt as the next user turn to every pane. */
    void send(const QString &prompt);
    /** Stops every pane still streaming; what arrived is kept. */
    void cancel();
    bool isRunning() const;

    /** The latest turn of a pane, as recorded so far. */
    const ResponseRecorder &recorder(int pane) const;
    ResponseMetrics metrics(int pane) const;
    /** Parameters the pane's provider said it cannot honour for the latest turn. */
    QStringList unsupportedParameters(int pane) const;
    /** A pane's whole conversation, its latest answer included once the turn succeeded. */
    QList<Providers::ChatMessage> conversation(int pane) const;
    /**
     * Replaces a pane's conversation so far, e.g. with a stored run's (RunReopen), so that the
     * next send() continues it: the request carries these turns, then the new prompt. Only
     * between turns, never while isRunning().
     */
    void setConversation(int pane, const QList<Providers::ChatMessage> &conversation);

Q_SIGNALS:
    void paneEnded(int pane);
    /** Every pane of the turn has ended. */
    void turnEnded();

private:
    struct Pane;

    void startPane(int index, const QString &prompt);
    Providers::ChatStream *failingStream(const Providers::ProviderError &error);
    Providers::Provider *providerFor(Pane &pane, const Providers::ProviderPreset &preset);
    void onPaneEnded(int index);

    const PresetCatalog &m_catalog;
    QNetworkAccessManager &m_network;
    QHash<QString, QString> m_keys;
    QHash<QString, QPointer<Providers::Provider>> m_providers;
    // Local engines are shared by all panes of a preset, so two panes on one GGUF load it once.
    // Declared before the panes: their streams go first.
    std::vector<std::unique_ptr<Providers::Provider>> m_sharedProviders;
    std::vector<std::unique_ptr<Pane>> m_panes;
    int m_running = 0;
};

} // namespace Juxta
