// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "app/appinfo.h"
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/models/modellibrary.h"
#include "app/runs/runcapture.h"
#include "app/runs/runreopen.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "app/storage/runstore.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/paneactions.h"
#include "ui/panewidget.h"
#include "ui/parameterspopover.h"
#include "ui/theme/tintediconengine.h"
#include "ui/workspacepanels.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QThreadPool>

#include <utility>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {
constexpr QSize DefaultSize(1280, 800);
constexpr int StatusMessageMs = 6000;

namespace Keys {
const QString Geometry = u"window/geometry"_s;
const QString State = u"window/state"_s;
const QString Splitter = u"window/splitter"_s;
const QString Panes = u"workspace/panes"_s;
const QString Grid = u"workspace/grid"_s;
const QString SyncScrolling = u"workspace/syncScrolling"_s;
const QString SystemPrompt = u"composer/systemPrompt"_s;
const QString SystemPromptShown = u"composer/systemPromptShown"_s;
} // namespace Keys

} // namespace

MainWindow::MainWindow(const AppInfo &appInfo, const WorkspaceServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_appInfo(appInfo)
    , m_services(services)
    , m_baseCatalog(*services.catalog)
    , m_catalog(m_baseCatalog)
    , m_session(std::make_unique<CompareSession>(m_catalog, *services.network))
{
    Q_ASSERT(services.catalog && services.network && services.settings);
    // Everything the window makes (panes, side bar, dialogs) reads the live catalog.
    m_services.catalog = &m_catalog;
    if (m_services.appSettings) {
        m_services.appSettings->applyTo(m_catalog);
        connect(m_services.appSettings, &AppSettings::presetsChanged, this, &MainWindow::applyPresetSettings);
        connect(m_services.appSettings, &AppSettings::timeoutsChanged, this, &MainWindow::applyPresetSettings);
    }
    setWindowTitle(tr("Juxta"));
    setObjectName(u"mainWindow"_s);
    // Side bars (prompt library, history, providers) dock left or right of the workspace.
    setDockNestingEnabled(true);

    m_comparison = new ComparisonView(*m_session, m_catalog, this);
    m_composer = new Composer(this);
    auto *workspace = new QSplitter(Qt::Vertical, this);
    workspace->setObjectName(u"comparisonArea"_s);
    workspace->setChildrenCollapsible(false);
    workspace->addWidget(m_comparison);
    workspace->addWidget(m_composer);
    workspace->setStretchFactor(0, 1);
    workspace->setStretchFactor(1, 0);
    setCentralWidget(workspace);

    connect(m_composer, &Composer::sendRequested, this, &MainWindow::sendToAll);
    connect(m_composer, &Composer::stopRequested, m_comparison, &ComparisonView::stopAll);
    connect(m_composer, &Composer::readinessChanged, this, &MainWindow::updateCompareActions);
    connect(m_comparison, &ComparisonView::runningChanged, this, [this](bool running) {
        m_composer->setBusy(running);
        updateCompareActions();
    });
    connect(m_comparison, &ComparisonView::paneCountChanged, this, &MainWindow::updateCompareActions);
    connect(m_comparison, &ComparisonView::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, StatusMessageMs);
    });
    connect(m_session.get(), &CompareSession::turnEnded, this, [this] {
        if (m_recordTurn) {
            m_recordTurn = false;
            recordRun();
        }
        Q_EMIT turnEnded();
    });

    createMenus();
    setActionIcons();
    createStatusBar();
    resize(DefaultSize);
    restoreSettings();
    updateCompareActions();

    if (m_services.keyStore) {
        const auto rereadKey = [this](const QString &presetId, const KeyStoreResult &) {
            if (const Providers::ProviderPreset *preset = m_services.catalog->find(presetId);
                preset && m_services.apiKeys) {
                ++m_pendingKeys;
                m_services.apiKeys->resolve(preset->id, preset->keyEnvironmentVariable);
            }
        };
        connect(m_services.keyStore, &KeyStore::writeFinished, this, rereadKey);
        connect(m_services.keyStore, &KeyStore::removeFinished, this, rereadKey);
    }
    if (m_services.apiKeys) {
        connect(m_services.apiKeys, &ApiKeys::resolved, this, &MainWindow::keyResolved);
    }
    reloadApiKeys();
    if (m_services.scanLocalModels) {
        scanLocalModels();
    }
    m_panels = new WorkspacePanels(*this, m_services);
    // Again, now that the side bar's dock exists to be put back where it was.
    restoreState(m_services.settings->value(Keys::State).toByteArray());
}

MainWindow::~MainWindow()
{
    // Children are destroyed after this class's part of the object: nothing they emit on the
    // way out (focus moving, readiness) may reach it. The panes go before the session they show.
    disconnect(qApp, nullptr, this, nullptr);
    m_composer->disconnect(this);
    m_comparison->disconnect(this);
    m_session->disconnect(this);
    // The Pane menu follows the focus and the panes: it goes before they do.
    delete std::exchange(m_paneActions, nullptr);
    delete centralWidget();
}

QAction *MainWindow::addNamedAction(QMenu *menu, const QString &name, const QString &text, const QKeySequence &shortcut)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(name);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
    }
    m_actions.insert(name, action);
    return action;
}

void MainWindow::setActionIcons()
{
    const QHash<QString, QString> icons {
        {u"newComparison"_s, u"new"_s},
        {u"sendAll"_s, u"send"_s},
        {u"stopAll"_s, u"stop"_s},
        {u"showSystemPrompt"_s, u"system-prompt"_s},
        {u"addPane"_s, u"add-pane"_s},
        {u"gridLayout"_s, u"grid"_s},
        {u"reloadKeys"_s, u"refresh"_s},
    };
    for (auto it = icons.cbegin(); it != icons.cend(); ++it) {
        m_actions.value(it.key())->setIcon(TintedIconEngine::icon(it.value()));
    }
}

QAction *MainWindow::action(const QString &name) const
{
    QAction *own = m_actions.value(name);
    return own || !m_paneActions ? own : m_paneActions->action(name);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    connect(addNamedAction(fileMenu, u"newComparison"_s, tr("&New Comparison"), QKeySequence::New),
        &QAction::triggered,
        this,
        [this] {
            m_comparison->clearConversations();
            m_composer->focusPrompt();
        });
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
    quit->setMenuRole(QAction::QuitRole);

    // Edit actions work on whichever text field has focus, as in any native application.
    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    m_cutAction = editMenu->addAction(tr("Cu&t"), QKeySequence::Cut, this, [this] {
        forwardToFocusWidget("cut");
    });
    m_copyAction = editMenu->addAction(tr("&Copy"), QKeySequence::Copy, this, [this] {
        forwardToFocusWidget("copy");
    });
    m_pasteAction = editMenu->addAction(tr("&Paste"), QKeySequence::Paste, this, [this] {
        forwardToFocusWidget("paste");
    });
    editMenu->addSeparator();
    m_selectAllAction = editMenu->addAction(tr("Select &All"), QKeySequence::SelectAll, this, [this] {
        forwardToFocusWidget("selectAll");
    });
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateEditActions);
    updateEditActions();

    QMenu *compareMenu = menuBar()->addMenu(tr("&Compare"));
    connect(addNamedAction(compareMenu, u"sendAll"_s, tr("&Send to All"), QKeySequence(Qt::CTRL | Qt::Key_Return)),
        &QAction::triggered,
        this,
        &MainWindow::sendToAll);
    connect(addNamedAction(compareMenu, u"stopAll"_s, tr("S&top All"), QKeySequence(Qt::Key_Escape)),
        &QAction::triggered,
        m_comparison,
        &ComparisonView::stopAll);
    connect(addNamedAction(compareMenu, u"focusPrompt"_s, tr("&Focus the Prompt"), QKeySequence(Qt::CTRL | Qt::Key_L)),
        &QAction::triggered,
        m_composer,
        &Composer::focusPrompt);
    QAction *systemPrompt = addNamedAction(compareMenu,
        u"showSystemPrompt"_s,
        tr("S&ystem Prompt"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    systemPrompt->setCheckable(true);
    connect(systemPrompt, &QAction::toggled, m_composer, &Composer::setSystemPromptShown);
    compareMenu->addSeparator();
    connect(addNamedAction(compareMenu, u"addPane"_s, tr("&Add Pane"), QKeySequence(Qt::CTRL | Qt::Key_T)),
        &QAction::triggered,
        this,
        [this] {
            const int count = m_comparison->paneCount();
            PaneConfig config = count > 0 ? m_comparison->pane(count - 1)->config() : PaneConfig {};
            if (config.presetId.isEmpty() && !m_services.catalog->presets().isEmpty()) {
                config.presetId = m_services.catalog->presets().first().id;
                config.model = m_services.catalog->presets().first().defaultModel;
            }
            m_comparison->addPane(config);
        });

    QMenu *paneMenu = menuBar()->addMenu(tr("&Pane"));
    paneMenu->setObjectName(u"paneMenu"_s);
    m_paneActions = new PaneActions(*m_comparison, paneMenu, this);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *grid = addNamedAction(m_viewMenu, u"gridLayout"_s, tr("&Grid Layout"), QKeySequence(Qt::CTRL | Qt::Key_G));
    grid->setCheckable(true);
    connect(grid, &QAction::toggled, m_comparison, &ComparisonView::setGrid);
    QAction *sync = addNamedAction(m_viewMenu,
        u"syncScrolling"_s,
        tr("S&ynchronised Scrolling"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    sync->setCheckable(true);
    connect(sync, &QAction::toggled, m_comparison, &ComparisonView::setSyncScrolling);
    m_viewMenu->addSeparator();
    QAction *statusBarAction = m_viewMenu->addAction(tr("Show &Status Bar"));
    statusBarAction->setCheckable(true);
    statusBarAction->setChecked(true);
    connect(statusBarAction, &QAction::toggled, this, [this](bool visible) {
        statusBar()->setVisible(visible);
    });
    QAction *fullScreen = m_viewMenu->addAction(tr("&Full Screen"));
    fullScreen->setShortcut(QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen) : (windowState() & ~Qt::WindowFullScreen));
    });

    m_toolsMenu = menuBar()->addMenu(tr("&Tools"));
    connect(addNamedAction(m_toolsMenu,
                u"reloadKeys"_s,
                tr("&Reload API Keys"),
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)),
        &QAction::triggered,
        this,
        &MainWindow::reloadApiKeys);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Juxta"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    m_keysStatus = new QLabel(this);
    m_keysStatus->setObjectName(u"keysStatus"_s);
    statusBar()->addPermanentWidget(m_keysStatus);
    const QStringList devices = m_appInfo.computeDevices();
    auto *engine =
        new QLabel(tr("Local engine: %1").arg(devices.isEmpty() ? tr("no compute device") : devices.join(u", "_s)),
            this);
    engine->setObjectName(u"engineStatus"_s);
    statusBar()->addPermanentWidget(engine);
}

void MainWindow::updateCompareActions()
{
    const bool running = m_session->isRunning();
    const int panes = m_comparison->paneCount();
    m_actions.value(u"sendAll"_s)->setEnabled(m_composer->canSend() && panes > 0);
    m_actions.value(u"stopAll"_s)->setEnabled(running);
    m_actions.value(u"addPane"_s)->setEnabled(panes < ComparisonView::MaxPanes);
}

bool MainWindow::sendToAll()
{
    QStringList missing;
    const auto prompts = m_composer->renderedPrompts(&missing);
    if (!prompts) {
        statusBar()->showMessage(tr("Fill in the prompt's variables first: %1").arg(missing.join(u", "_s)),
            StatusMessageMs);
        return false;
    }
    if (!m_composer->canSend()) {
        return false;
    }
    if (!m_comparison->send(prompts->first, prompts->second)) {
        return false;
    }
    m_recordTurn = true;
    m_turnSystemPrompt = prompts->first;
    m_turnPrompt = prompts->second;
    m_turnVariables = m_composer->variableValues();
    return true;
}

bool MainWindow::reopenRun(qint64 runId)
{
    if (!m_services.runStore || m_session->isRunning()) {
        statusBar()->showMessage(tr("Stop the panes before re-opening a run."), StatusMessageMs);
        return false;
    }
    const std::optional<RunRecord> run = m_services.runStore->run(runId);
    if (!run) {
        statusBar()->showMessage(tr("There is no run %1 in the history.").arg(runId), StatusMessageMs);
        return false;
    }
    m_comparison->reopen(RunReopen::panes(*run));
    m_composer->setSystemPrompt(run->systemText);
    m_composer->setPrompt(QString());
    m_composer->focusPrompt();
    statusBar()->showMessage(tr("Re-opened run %1: the next prompt continues it.").arg(runId), StatusMessageMs);
    return true;
}

void MainWindow::recordRun()
{
    if (!m_services.runStore) {
        return;
    }
    RunRecord provenance;
    provenance.systemText = m_turnSystemPrompt;
    provenance.promptText = m_turnPrompt;
    for (auto it = m_turnVariables.cbegin(); it != m_turnVariables.cend(); ++it) {
        provenance.variables.insert(it.key(), it.value());
    }
    RunRecord run = RunCapture::fromSession(*m_session, *m_services.catalog, provenance);
    // Panes left out of the turn were not asked; the run holds the ones that answered it.
    run.panes.removeIf([this](const RunPane &pane) {
        return pane.paneIndex >= m_session->paneCount() || !m_session->isIncluded(pane.paneIndex);
    });
    const auto saved = m_services.runStore->save(run);
    if (!saved) {
        statusBar()->showMessage(tr("The run was not recorded: %1").arg(saved.error().message), StatusMessageMs);
        return;
    }
    Q_EMIT runRecorded(*saved);
}

PaneWidget *MainWindow::currentPane() const
{
    return m_paneActions ? m_paneActions->currentPane() : nullptr;
}

void MainWindow::applyPresetSettings()
{
    QStringList before;
    for (const Providers::ProviderPreset &preset : m_catalog.presets()) {
        before.append(preset.id);
    }
    // In place: the session, the panes and the side bar hold references to this catalog.
    m_catalog = m_baseCatalog;
    m_services.appSettings->applyTo(m_catalog);
    m_session->catalogChanged();
    m_comparison->catalogChanged();
    for (const Providers::ProviderPreset &preset : m_catalog.presets()) {
        if (!before.contains(preset.id) && m_services.apiKeys) {
            // A new custom endpoint may have a key stored already.
            ++m_pendingKeys;
            m_services.apiKeys->resolve(preset.id, preset.keyEnvironmentVariable);
        }
    }
    Q_EMIT catalogChanged();
}

void MainWindow::reloadApiKeys()
{
    if (!m_services.apiKeys) {
        return;
    }
    // Key-less servers (llama-server, a gateway) may still be given a key, so every preset is asked.
    for (const Providers::ProviderPreset &preset : m_services.catalog->presets()) {
        ++m_pendingKeys;
        m_services.apiKeys->resolve(preset.id, preset.keyEnvironmentVariable);
    }
    if (m_pendingKeys == 0) {
        Q_EMIT apiKeysResolved();
    }
}

void MainWindow::keyResolved(const QString &presetId, const ResolvedKey &key)
{
    m_session->setApiKey(presetId, key.key);
    m_presetHasKey.insert(presetId, !key.key.isEmpty());
    QStringList withKeys;
    for (auto it = m_presetHasKey.cbegin(); it != m_presetHasKey.cend(); ++it) {
        if (it.value()) {
            const Providers::ProviderPreset *preset = m_services.catalog->find(it.key());
            withKeys.append(preset ? preset->displayName : it.key());
        }
    }
    withKeys.sort();
    m_keysStatus->setText(tr("Providers with a key: %1").arg(withKeys.size()));
    m_keysStatus->setToolTip(withKeys.isEmpty() ? tr("No provider has an API key yet.") : withKeys.join(u", "_s));
    if (m_pendingKeys > 0 && --m_pendingKeys == 0) {
        Q_EMIT apiKeysResolved();
    }
}

void MainWindow::rescanLocalModels()
{
    if (m_services.scanLocalModels) {
        scanLocalModels();
    }
}

void MainWindow::scanLocalModels()
{
    // Reading every GGUF header touches the disk: done on a pool thread, answered on this one.
    const QPointer<MainWindow> self(this);
    const QString folder = m_services.modelsFolder;
    QThreadPool::globalInstance()->start([self, folder] {
        const QList<ModelLibrary::Entry> entries = ModelLibrary(folder).scan();
        QList<Providers::ModelInfo> models;
        for (const ModelLibrary::Entry &entry : entries) {
            if (entry.error.isEmpty()) {
                Providers::ModelInfo model;
                model.id = entry.path;
                model.displayName = entry.name;
                models.append(model);
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, models] {
                if (self) {
                    self->m_comparison->setLocalModels(models);
                }
            },
            Qt::QueuedConnection);
    });
}

void MainWindow::restoreSettings()
{
    QSettings &settings = *m_services.settings;
    restoreGeometry(settings.value(Keys::Geometry).toByteArray());
    restoreState(settings.value(Keys::State).toByteArray());
    if (auto *splitter = findChild<QSplitter *>(u"comparisonArea"_s)) {
        splitter->restoreState(settings.value(Keys::Splitter).toByteArray());
    }
    const QJsonDocument panes = QJsonDocument::fromJson(settings.value(Keys::Panes).toByteArray());
    if (panes.isArray() && !panes.array().isEmpty()) {
        m_comparison->restoreLayoutState(panes.array());
    } else {
        // A first start: two panes of well-known providers, ready for a key.
        for (const QString &id : {u"openai"_s, u"anthropic"_s}) {
            if (const Providers::ProviderPreset *preset = m_services.catalog->find(id)) {
                m_comparison->addPane(PaneConfig {preset->id, preset->defaultModel, {}, {}});
            }
        }
    }
    m_actions.value(u"gridLayout"_s)->setChecked(settings.value(Keys::Grid, false).toBool());
    m_actions.value(u"syncScrolling"_s)->setChecked(settings.value(Keys::SyncScrolling, false).toBool());
    m_composer->setSystemPrompt(settings.value(Keys::SystemPrompt).toString());
    m_actions.value(u"showSystemPrompt"_s)->setChecked(settings.value(Keys::SystemPromptShown, false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings &settings = *m_services.settings;
    settings.setValue(Keys::Geometry, saveGeometry());
    settings.setValue(Keys::State, saveState());
    if (auto *splitter = findChild<QSplitter *>(u"comparisonArea"_s)) {
        settings.setValue(Keys::Splitter, splitter->saveState());
    }
    settings.setValue(Keys::Panes, QJsonDocument(m_comparison->layoutState()).toJson(QJsonDocument::Compact));
    settings.setValue(Keys::Grid, m_comparison->isGrid());
    settings.setValue(Keys::SyncScrolling, m_comparison->isSyncScrolling());
    settings.setValue(Keys::SystemPrompt, m_composer->systemPrompt());
    settings.setValue(Keys::SystemPromptShown, m_composer->isSystemPromptShown());
    settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_comparison->stopAll();
    QMainWindow::closeEvent(event);
}

QString MainWindow::aboutText() const
{
    QString rows;
    for (const auto &[label, value] : m_appInfo.components()) {
        rows += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    }
    return tr("<h3>Juxta %1</h3><p>Compare language models side by side: one prompt, several models, "
              "answers streaming in parallel with honest metrics.</p>")
               .arg(AppInfo::version())
        + u"<table cellspacing=\"4\">%1</table>"_s.arg(rows);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Juxta"), aboutText());
}

void MainWindow::updateEditActions()
{
    const QWidget *focus = QApplication::focusWidget();
    const auto has = [focus](const char *slot) {
        return focus && focus->metaObject()->indexOfMethod(QMetaObject::normalizedSignature(slot).constData()) >= 0;
    };
    m_cutAction->setEnabled(has("cut()"));
    m_copyAction->setEnabled(has("copy()"));
    m_pasteAction->setEnabled(has("paste()"));
    m_selectAllAction->setEnabled(has("selectAll()"));
}

void MainWindow::forwardToFocusWidget(const char *slot)
{
    if (QWidget *focus = QApplication::focusWidget()) {
        QMetaObject::invokeMethod(focus, slot);
    }
}

} // namespace Juxta::Ui
