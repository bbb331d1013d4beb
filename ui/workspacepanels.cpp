// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/workspacepanels.h"

#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/compare/paneconfigcodec.h"
#include "app/models/modellibrary.h"
#include "app/runs/runreopen.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keyoverview.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "app/storage/runstore.h"
#include "providers/local/localllamaprovider.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/dialoglauncher.h"
#include "ui/mainwindow.h"
#include "ui/sidebar/historypanel.h"
#include "ui/sidebar/promptlibrarypanel.h"
#include "ui/sidebar/providerspanel.h"
#include "ui/sidebar/sidebar.h"
#include "ui/theme/tintediconengine.h"
#include "ui/welcome/welcomeview.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonArray>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int StatusMessageMs = 6000;

namespace Keys {
/** Whether the welcome view was showing when the last run ended: the next start begins there. */
const QString WelcomeShown = u"welcome/shown"_s;
/** The user chose to start with the keys found in the environment. */
const QString WelcomeDismissed = u"welcome/dismissed"_s;
} // namespace Keys

} // namespace

WorkspacePanels::WorkspacePanels(MainWindow &window, const WorkspaceServices &services)
    : QObject(&window)
    , m_window(window)
    , m_services(services)
    , m_library(std::make_unique<ModelLibrary>(services.modelsFolder))
{
    // Resolutions of their own, so the window's count of answered key lookups is not disturbed.
    if (services.keyStore) {
        m_keys = std::make_unique<ApiKeys>(services.keyStore);
        m_overview = new KeyOverview(*m_keys, this);
        m_overview->setPresets(services.catalog->presets());
        // A key stored or forgotten anywhere (the Providers dialog, another window) shows at once.
        connect(services.keyStore, &KeyStore::writeFinished, m_overview, &KeyOverview::refresh);
        connect(services.keyStore, &KeyStore::removeFinished, m_overview, &KeyOverview::refresh);
        connect(&window, &MainWindow::catalogChanged, m_overview, [this] {
            m_overview->setPresets(m_window.catalog().presets());
        });
    }

    if (services.promptStore && services.runStore && m_overview) {
        m_sideBar = new SideBar(*services.promptStore, *services.runStore, *m_overview, &window);
        m_dock = new QDockWidget(tr("Side Bar"), &window);
        m_dock->setObjectName(u"sideBarDock"_s);
        m_dock->setWidget(m_sideBar);
        m_dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
        window.addDockWidget(Qt::LeftDockWidgetArea, m_dock);
        // Closed on a first start so the panes get the whole window; F9 or View ▸ Prompt Library
        // opens it, and the window's saved state brings it back as the user left it.
        m_dock->hide();
        PromptLibraryPanel *prompts = m_sideBar->promptLibrary();
        prompts->setDraftSource([this] {
            return composerDraft();
        });
        connect(prompts, &PromptLibraryPanel::insertRequested, this, [this](const PromptVersion &version) {
            insertPrompt(version);
        });
        HistoryPanel *history = m_sideBar->history();
        connect(history, &HistoryPanel::reopenRequested, this, [this](qint64 runId) {
            reopenRun(runId, false);
        });
        connect(history, &HistoryPanel::rerunRequested, this, [this](qint64 runId) {
            reopenRun(runId, true);
        });
        connect(&window, &MainWindow::runRecorded, history, &HistoryPanel::refresh);
    }

    if (services.appSettings && services.keyStore && services.apiKeys && services.network) {
        DialogLauncher::Services dialogServices;
        dialogServices.catalog = PresetCatalog::builtIn();
        dialogServices.settings = services.appSettings;
        dialogServices.keyStore = services.keyStore;
        dialogServices.apiKeys = m_keys.get();
        dialogServices.network = services.network;
        dialogServices.library = m_library.get();
        dialogServices.engine = window.session().localEngine();
        if (Providers::LocalLlamaProvider *engine = dialogServices.engine) {
            engine->setSettings(services.appSettings->localEngineSettings());
            connect(services.appSettings, &AppSettings::localEngineSettingsChanged, engine, [engine, this] {
                engine->setSettings(m_services.appSettings->localEngineSettings());
            });
            const QHash<QString, Providers::LocalEngineSettings> own = services.appSettings->allModelEngineSettings();
            for (auto it = own.cbegin(); it != own.cend(); ++it) {
                engine->setModelSettings(it.key(), it.value());
            }
            connect(services.appSettings,
                &AppSettings::modelEngineSettingsChanged,
                engine,
                [engine, this](const QString &path) {
                    engine->setModelSettings(path, m_services.appSettings->modelEngineSettings(path));
                });
            engine->setMemoryPolicy(services.appSettings->localMemoryPolicy());
            connect(services.appSettings, &AppSettings::localMemoryPolicyChanged, engine, [engine, this] {
                engine->setMemoryPolicy(m_services.appSettings->localMemoryPolicy());
            });
        }
        m_dialogs = new DialogLauncher(dialogServices, &window);
        connect(m_dialogs, &DialogLauncher::libraryChanged, this, &WorkspacePanels::libraryChanged);
        if (m_sideBar) {
            connect(m_sideBar->providers(),
                &ProvidersPanel::manageRequested,
                m_dialogs,
                &DialogLauncher::showProviders);
        }
    }

    if (services.firstRunWelcome && m_overview) {
        m_welcome = new WelcomeView(*m_overview, *m_library, &window);
        m_workspace = window.takeCentralWidget();
        m_centre = new QStackedWidget(&window);
        m_centre->setObjectName(u"centre"_s);
        m_centre->addWidget(m_workspace);
        m_centre->addWidget(m_welcome);
        window.setCentralWidget(m_centre);
        // Decided before the window is first shown, so the workspace never flashes up in front of
        // the welcome: where the last run ended, or on the very first one, whether the library has a
        // model yet (keys are not known until the keychain answers, which corrects this if need be).
        QSettings &settings = *m_services.settings;
        m_welcomeDismissed = settings.value(Keys::WelcomeDismissed, false).toBool();
        const bool welcome = !m_welcomeDismissed
            && (settings.contains(Keys::WelcomeShown) ? settings.value(Keys::WelcomeShown).toBool()
                                                      : m_welcome->isNeeded());
        m_centre->setCurrentWidget(welcome ? static_cast<QWidget *>(m_welcome) : m_workspace);
        connect(m_overview, &KeyOverview::refreshed, this, &WorkspacePanels::updateWelcome);
        connect(m_welcome, &WelcomeView::startRequested, this, [this] {
            m_welcomeDismissed = true;
            m_services.settings->setValue(Keys::WelcomeDismissed, true);
            updateWelcome();
        });
        if (m_dialogs) {
            connect(m_welcome, &WelcomeView::addKeyRequested, m_dialogs, [this] {
                m_dialogs->showProviders(u"openai"_s);
            });
            connect(m_welcome, &WelcomeView::downloadModelRequested, m_dialogs, &DialogLauncher::showLocalModels);
            connect(m_welcome, &WelcomeView::openModelRequested, m_dialogs, &DialogLauncher::openModelFile);
        }
    }
    createMenus();
}

WorkspacePanels::~WorkspacePanels() = default;

void WorkspacePanels::createMenus()
{
    QMenu *tools = m_window.toolsMenu();
    QMenu *view = m_window.viewMenu();
    if (m_dialogs && tools) {
        tools->addSeparator();
        QAction *providers = tools->addAction(tr("&Providers…"));
        providers->setIcon(TintedIconEngine::icon(u"key"_s));
        providers->setObjectName(u"showProviders"_s);
        providers->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
        connect(providers, &QAction::triggered, m_dialogs, [this] {
            m_dialogs->showProviders();
        });
        QAction *models = tools->addAction(tr("&Local Models…"));
        models->setIcon(TintedIconEngine::icon(u"chip"_s));
        models->setObjectName(u"showLocalModels"_s);
        models->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
        connect(models, &QAction::triggered, m_dialogs, &DialogLauncher::showLocalModels);
        QAction *open = tools->addAction(tr("&Open a GGUF Model…"));
        open->setIcon(TintedIconEngine::icon(u"open"_s));
        open->setObjectName(u"openModelFile"_s);
        open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
        connect(open, &QAction::triggered, m_dialogs, &DialogLauncher::openModelFile);
        tools->addSeparator();
        QAction *preferences = tools->addAction(tr("P&references…"));
        preferences->setIcon(TintedIconEngine::icon(u"settings"_s));
        preferences->setObjectName(u"showPreferences"_s);
        preferences->setMenuRole(QAction::PreferencesRole);
        preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        connect(preferences, &QAction::triggered, m_dialogs, &DialogLauncher::showPreferences);
    }
    if (m_dock && view) {
        view->addSeparator();
        QAction *toggle = m_dock->toggleViewAction();
        toggle->setText(tr("Side &Bar"));
        toggle->setObjectName(u"toggleSideBar"_s);
        toggle->setIcon(TintedIconEngine::icon(u"sidebar"_s));
        toggle->setShortcut(QKeySequence(Qt::Key_F9));
        view->addAction(toggle);
        const auto showPanel = [this](SideBar::Panel panel) {
            m_dock->show();
            m_dock->raise();
            m_sideBar->showPanel(panel);
        };
        QAction *library = view->addAction(tr("Prompt &Library"));
        library->setObjectName(u"showPromptLibrary"_s);
        library->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        connect(library, &QAction::triggered, this, [showPanel] {
            showPanel(SideBar::Panel::Prompts);
        });
        QAction *history = view->addAction(tr("&History"));
        history->setObjectName(u"showHistory"_s);
        history->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
        connect(history, &QAction::triggered, this, [showPanel] {
            showPanel(SideBar::Panel::History);
        });
        QAction *keys = view->addAction(tr("P&roviders Panel"));
        keys->setObjectName(u"showProvidersPanel"_s);
        connect(keys, &QAction::triggered, this, [showPanel] {
            showPanel(SideBar::Panel::Providers);
        });
    }
}

bool WorkspacePanels::isWelcomeShown() const
{
    return m_centre && m_centre->currentWidget() == m_welcome;
}

void WorkspacePanels::updateWelcome()
{
    if (!m_centre) {
        return;
    }
    const bool welcome = !m_welcomeDismissed && m_welcome->isNeeded();
    m_centre->setCurrentWidget(welcome ? static_cast<QWidget *>(m_welcome) : m_workspace);
    m_services.settings->setValue(Keys::WelcomeShown, welcome);
}

void WorkspacePanels::libraryChanged()
{
    m_window.rescanLocalModels();
    updateWelcome();
}

void WorkspacePanels::insertPrompt(const PromptVersion &version)
{
    Composer *composer = m_window.composer();
    composer->setSystemPrompt(version.systemText);
    composer->setPrompt(version.userText);
    for (auto it = version.variables.constBegin(); it != version.variables.constEnd(); ++it) {
        composer->setVariableValue(it.key(), it.value().toString());
    }
    composer->focusPrompt();
}

PromptVersion WorkspacePanels::composerDraft() const
{
    const Composer *composer = m_window.composer();
    PromptVersion draft;
    draft.systemText = composer->systemPrompt();
    draft.userText = composer->prompt();
    const QHash<QString, QString> values = composer->variableValues();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        draft.variables.insert(it.key(), it.value());
    }
    return draft;
}

bool WorkspacePanels::reopenRun(qint64 runId, bool send)
{
    if (!send) {
        // The panes come back with their conversations; the next prompt continues them.
        return m_window.reopenRun(runId);
    }
    const auto run = m_services.runStore ? m_services.runStore->run(runId) : std::nullopt;
    if (!run) {
        m_window.statusBar()->showMessage(tr("That run is no longer in the history."), StatusMessageMs);
        return false;
    }
    // Run again: the same panes and prompt, as a fresh turn rather than a continuation.
    QJsonArray panes;
    for (const ReopenedPane &pane : RunReopen::panes(*run)) {
        panes.append(PaneConfigCodec::toJson(pane.config));
    }
    if (!panes.isEmpty()) {
        m_window.comparisonView()->restoreLayoutState(panes);
    }
    m_window.composer()->setSystemPrompt(run->systemText);
    m_window.composer()->setPrompt(run->promptText);
    return m_window.sendToAll();
}

} // namespace Juxta::Ui
