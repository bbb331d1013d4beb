// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/promptversion.h"
#include "ui/workspaceservices.h"

#include <QObject>

#include <memory>

class QDockWidget;
class QStackedWidget;

namespace Juxta {
class ApiKeys;
class KeyOverview;
class ModelLibrary;
} // namespace Juxta

namespace Juxta::Ui {

class DialogLauncher;
class MainWindow;
class SideBar;
class ThemeController;
class WelcomeView;

/**
 * What the main window shows around its compare workspace: the side bar dock (prompt library,
 * history, providers), the Tools menu's dialogs (Providers, Local models, Preferences) with
 * their shortcuts, and the welcome view a first run shows in place of the workspace until there
 * is a key or a model. It talks to the workspace only through MainWindow's public interface.
 */
class WorkspacePanels : public QObject
{
    Q_OBJECT

public:
    /** Builds everything @p services allow (the side bar needs the stores, the dialogs the settings). */
    WorkspacePanels(MainWindow &window, const WorkspaceServices &services);
    ~WorkspacePanels() override;
    Q_DISABLE_COPY_MOVE(WorkspacePanels)

    SideBar *sideBar() const { return m_sideBar; }
    QDockWidget *sideBarDock() const { return m_dock; }
    WelcomeView *welcomeView() const { return m_welcome; }
    DialogLauncher *dialogs() const { return m_dialogs; }
    KeyOverview *keyOverview() const { return m_overview; }
    bool isWelcomeShown() const;

    /** Puts a prompt version into the composer: its texts and its variables' default values. */
    void insertPrompt(const PromptVersion &version);
    /** The composer's prompt as a draft version. */
    PromptVersion composerDraft() const;
    /**
     * Re-opens run @p runId (its panes with their conversations, to continue), or with @p send
     * runs it again: the same panes and prompt as a fresh turn.
     */
    bool reopenRun(qint64 runId, bool send);

private:
    void createMenus();
    void updateWelcome();
    void libraryChanged();

    MainWindow &m_window;
    WorkspaceServices m_services;
    std::unique_ptr<ApiKeys> m_keys;
    std::unique_ptr<ModelLibrary> m_library;
    KeyOverview *m_overview = nullptr;
    SideBar *m_sideBar = nullptr;
    QDockWidget *m_dock = nullptr;
    QStackedWidget *m_centre = nullptr;
    QWidget *m_workspace = nullptr;
    WelcomeView *m_welcome = nullptr;
    DialogLauncher *m_dialogs = nullptr;
    bool m_welcomeDismissed = false;
};

} // namespace Juxta::Ui
