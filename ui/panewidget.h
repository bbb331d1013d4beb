// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/compare/paneconfig.h"
#include "app/metrics/responsemetrics.h"
#include "providers/chatmessage.h"
#include "providers/providerpreset.h"

#include <QFrame>
#include <QHash>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QToolButton;

namespace Juxta {
class PresetCatalog;
class ResponseRecorder;
namespace Providers {
struct ToolCallDelta;
}
} // namespace Juxta

namespace Juxta::Ui {

class ConversationModel;
class ConversationView;
class MetricsStrip;
class ParametersPopover;

/**
 * One pane of a comparison: a header to pick the provider, model and parameters, the pane's
 * conversation as it streams, and its metrics strip. It shows what it is told and asks for what
 * the user wants through signals; the comparison view talks to the session.
 */
class PaneWidget : public QFrame
{
    Q_OBJECT

public:
    explicit PaneWidget(const PresetCatalog &catalog, QWidget *parent = nullptr);
    ~PaneWidget() override;
    Q_DISABLE_COPY_MOVE(PaneWidget)

    /** The pane's configuration; its system prompt is the override, empty when the composer's applies. */
    PaneConfig config() const;
    void setConfig(const PaneConfig &config);
    bool isIncluded() const;
    void setIncluded(bool included);
    /** The 1-based number the pane is shown and announced with; @p count is how many panes there are. */
    void setNumber(int number, int count);
    int number() const { return m_number; }
    /** Models to offer for @p presetId beyond the catalog's: a provider's listing or the local library. */
    void setExtraModels(const QString &presetId, const QList<Providers::ModelInfo> &models);
    void setIgnoredParameters(const QStringList &names);
    /** The catalog changed in place (a custom endpoint added or removed): the provider picker is filled anew. */
    void reloadPresets();

    ConversationModel *conversation() const { return m_conversation; }
    ConversationView *view() const { return m_view; }
    MetricsStrip *metricsStrip() const { return m_metrics; }
    ParametersPopover *parametersPopover() const { return m_parameters; }

    /** Shows a conversation that already happened (a re-opened run) in place of the pane's own. */
    void showConversation(const QList<Providers::ChatMessage> &conversation);
    void beginTurn(const QString &prompt);
    void appendText(const QString &text);
    void appendReasoning(const QString &text);
    void appendToolCall(const Providers::ToolCallDelta &delta);
    void endTurn(const ResponseRecorder &recorder, const ResponseMetrics &metrics);
    void updateMetrics(const ResponseMetrics &metrics);
    /** Removes the latest question and its answer, before they are asked again. */
    void dropLatestTurn();
    void clearConversation();
    bool isRunning() const { return m_running; }
    QString lastPrompt() const { return m_lastPrompt; }
    /** The latest answer's Markdown source; empty before the first. */
    QString latestAnswer() const;
    /** Puts the latest answer, as Markdown, on the clipboard. */
    void copyAnswerAsMarkdown() const;
    /** Opens the edit-and-resend dialog for the latest question. */
    void editAndResend();
    void showParameters();
    /** One of the pane's own actions by object name ("stop", "regenerate", "copyMarkdown"…); null if none. */
    QAction *action(const QString &name) const { return m_actions.value(name); }
    /** Whether this pane's latest answer can be compared with pane @p otherNumber's. */
    bool canDiffAgainst(int otherNumber) const;
    /** Asks for the diff of this pane's latest answer against pane @p otherNumber's, when it can be. */
    void diffAgainst(int otherNumber);
    /** Marks the pane the Pane menu acts on. */
    void setCurrent(bool current);
    bool isCurrent() const { return m_current; }
    /** Moves the keyboard focus to the pane's answers. */
    void focusConversation();

Q_SIGNALS:
    /** Which of the pane's actions are enabled may have changed. */
    void actionsChanged();
    void configChanged();
    void includedChanged(bool included);
    void stopRequested();
    void regenerateRequested();
    void resendRequested(const QString &prompt);
    void copyCurlRequested();
    void showRawRequested();
    /** Compare this pane's latest answer with pane number @p otherNumber's. */
    void diffRequested(int otherNumber);
    void duplicateRequested();
    void removeRequested();
    /** -1: one place to the left (up), +1: to the right. */
    void moveRequested(int delta);
    void listModelsRequested(const QString &presetId);

private:
    void buildHeader();
    void fillPresets();
    void buildActions();
    void fillModels();
    void onPresetChosen();
    void updateActions();
    void updateTitle();

    const PresetCatalog &m_catalog;
    QLabel *m_title;
    QComboBox *m_preset;
    QComboBox *m_model;
    QToolButton *m_listModels;
    QToolButton *m_parametersButton;
    QCheckBox *m_include;
    QToolButton *m_actionsButton;
    QMenu *m_actionsMenu;
    QMenu *m_diffMenu;
    ParametersPopover *m_parameters;
    ConversationModel *m_conversation;
    ConversationView *m_view;
    MetricsStrip *m_metrics;
    QHash<QString, QList<Providers::ModelInfo>> m_extraModels;
    QHash<QString, QAction *> m_actions;
    QString m_lastPrompt;
    int m_userRow = -1;
    int m_answerRow = -1;
    int m_number = 1;
    int m_paneCount = 1;
    bool m_running = false;
    bool m_loading = false;
    bool m_current = false;
};

} // namespace Juxta::Ui
