// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/catalog/presetcatalog.h"
#include "ui/workspaceservices.h"

#include <QHash>
#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;

namespace Juxta {
class AppInfo;
class CompareSession;
struct ResolvedKey;
} // namespace Juxta

namespace Juxta::Ui {

class ComparisonView;
class Composer;
class PaneActions;
class PaneWidget;
class WorkspacePanels;

/**
 * Juxta's main window: the compare workspace (panes side by side above one composer), its
 * menus with every action's shortcut, and the status bar. Side bars dock on the left or right
 * (QDockWidget); dialogs hang off the Tools menu.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(const AppInfo &appInfo, const WorkspaceServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    /** The text of the About box: the versions of Juxta and of what it is built on. */
    QString aboutText() const;

    CompareSession &session() const { return *m_session; }
    /**
     * The presets the workspace uses: the services' catalog with the user's preset changes
     * (AppSettings) applied, kept up to date as they are edited.
     */
    const PresetCatalog &catalog() const { return m_catalog; }
    ComparisonView *comparisonView() const { return m_comparison; }
    Composer *composer() const { return m_composer; }
    QMenu *toolsMenu() const { return m_toolsMenu; }
    QMenu *viewMenu() const { return m_viewMenu; }
    /** A menu action by its object name ("sendAll", "stopAll", "addPane", "gridLayout"…); null if none. */
    QAction *action(const QString &name) const;

    /** The pane the Pane menu acts on: the one holding the focus, else the last one that held it. */
    PaneWidget *currentPane() const;
    /** True once every preset's key lookup has answered. */
    bool areKeysResolved() const { return m_pendingKeys == 0; }
    /** Looks every preset's key up again (keychain, then environment). */
    void reloadApiKeys();
    /** Sends the composer's prompt to every included pane, as Ctrl+Enter does; false if it could not. */
    bool sendToAll();
    /**
     * Replaces the panes with those of stored run @p runId, each with its conversation, so the
     * next prompt continues them (recorded as a new run). False, and said in the status bar,
     * when there is no such run or panes are answering.
     */
    bool reopenRun(qint64 runId);
    /** Writes geometry, panes and composer state to the settings (also done on close). */
    void saveSettings() const;
    /** Reads the model library again for the local panes' picker (after a model was added). */
    void rescanLocalModels();
    /** The side bar, the dialogs and the welcome view around the workspace. */
    WorkspacePanels *panels() const { return m_panels; }

Q_SIGNALS:
    /** Every key lookup of reloadApiKeys() has answered. */
    void apiKeysResolved();
    /** The user's preset changes were applied to catalog(). */
    void catalogChanged();
    /** Every pane of a turn has ended. */
    void turnEnded();
    /** A turn sent to all panes was written to the history as run @p runId. */
    void runRecorded(qint64 runId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void setActionIcons();
    void createStatusBar();
    void restoreSettings();
    void showAbout();
    void updateEditActions();
    void updateCompareActions();
    void forwardToFocusWidget(const char *slot);
    void keyResolved(const QString &presetId, const ResolvedKey &key);
    /** Applies the user's preset changes anew: the next request of every pane goes where they say. */
    void applyPresetSettings();
    void scanLocalModels();
    void recordRun();
    QAction *addNamedAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut);

    const AppInfo &m_appInfo;
    WorkspaceServices m_services;
    /** What the services' catalog was given as, before the user's changes are applied. */
    const PresetCatalog m_baseCatalog;
    PresetCatalog m_catalog;
    std::unique_ptr<CompareSession> m_session;
    ComparisonView *m_comparison = nullptr;
    Composer *m_composer = nullptr;
    QLabel *m_keysStatus = nullptr;
    WorkspacePanels *m_panels = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    PaneActions *m_paneActions = nullptr;
    QHash<QString, QAction *> m_actions;
    QHash<QString, bool> m_presetHasKey;
    int m_pendingKeys = 0;
    /** Set by sendToAll(): the turn it started is recorded when it ends (a single pane's regenerate is not). */
    bool m_recordTurn = false;
    QString m_turnSystemPrompt;
    QString m_turnPrompt;
    QHash<QString, QString> m_turnVariables;
    QAction *m_cutAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_selectAllAction = nullptr;
};

} // namespace Juxta::Ui
