// SPDX-License-Identifier: GPL-3.0-or-later
// The side bar, the dialogs and the welcome view wired into the real main window: a SQLite file,
// the loopback server behind the presets, and a key store with no keychain (session memory).
#include "app/appinfo.h"
#include "app/compare/comparesession.h"
#include "app/runs/runhistorymodel.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keyoverview.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"
#include "providers/local/llamaruntime.h"
#include "providers/local/localllamaprovider.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/dialogs/localmodelsdialog.h"
#include "ui/dialogs/preferencesdialog.h"
#include "ui/dialogs/providersdialog.h"
#include "ui/mainwindow.h"
#include "ui/sidebar/historypanel.h"
#include "ui/sidebar/promptlibrarypanel.h"
#include "ui/sidebar/sidebar.h"
#include "ui/theme/themecontroller.h"
#include "ui/welcome/welcomeview.h"
#include "ui/workspacepanels.h"

#include "workspacetesthelpers.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Ui;

namespace {

constexpr int TimeoutMs = 15000;

/** The window's services with everything the panels need. */
struct PanelsWorkspace : Testing::Workspace
{
    PanelsWorkspace()
        : appSettings(directory.filePath(u"preferences.ini"_s))
        , apiKeys(&keyStore)
    {
        database.openAndMigrate(directory.filePath(u"juxta.sqlite"_s));
        promptStore = std::make_unique<PromptStore>(database.connection());
        runStore = std::make_unique<RunStore>(database.connection());
        services.appSettings = &appSettings;
        services.keyStore = &keyStore;
        services.apiKeys = &apiKeys;
        services.promptStore = promptStore.get();
        services.runStore = runStore.get();
        services.modelsFolder = directory.filePath(u"models"_s);
        services.firstRunWelcome = true;
    }

    Database database {u"workspace-panels"_s};
    AppSettings appSettings;
    KeyStore keyStore;
    ApiKeys apiKeys;
    std::unique_ptr<PromptStore> promptStore;
    std::unique_ptr<RunStore> runStore;
};

QAction *namedAction(MainWindow &window, const QString &name)
{
    return window.findChild<QAction *>(name);
}

} // namespace

class TestWorkspacePanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void menusOpenTheDialogs();
    void sideBarDocksWithItsPanels();
    void welcomeUntilThereIsAKey();
    void welcomeNoticesEnvironmentKeys();
    void welcomeIsDecidedBeforeTheFirstShow();
    void memoryLimitsReachTheEngine();
    void modelSettingsReachTheEngine();
    void promptLibraryFillsTheComposer();
    void historyReopensAndReruns();
    void screenshotsForPeople();

private:
    Providers::LlamaRuntime m_runtime;
    AppInfo m_appInfo {m_runtime};
};

void TestWorkspacePanels::init()
{
    qunsetenv("OPENAI_API_KEY");
    qunsetenv("ANTHROPIC_API_KEY");
    qunsetenv("GEMINI_API_KEY");
}

void TestWorkspacePanels::menusOpenTheDialogs()
{
    PanelsWorkspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<std::pair<QString, QKeySequence>> expected {
        {u"showProviders"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)},
        {u"showLocalModels"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M)},
        {u"showPreferences"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
        {u"openModelFile"_s, QKeySequence(Qt::CTRL | Qt::Key_O)},
        {u"toggleSideBar"_s, QKeySequence(Qt::Key_F9)},
        {u"showPromptLibrary"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)},
        {u"showHistory"_s, QKeySequence(Qt::CTRL | Qt::Key_H)},
    };
    for (const auto &[name, shortcut] : expected) {
        QAction *action = namedAction(window, name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->shortcut(), shortcut);
    }
    // No two actions of the window share a shortcut.
    QHash<QKeySequence, QString> seen;
    const auto actions = window.findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->shortcut().isEmpty()) {
            continue;
        }
        QVERIFY2(!seen.contains(action->shortcut()),
            qPrintable(action->text() + u" and "_s + seen.value(action->shortcut())));
        seen.insert(action->shortcut(), action->text());
    }

    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<ProvidersDialog *>()
            && window.findChild<ProvidersDialog *>()->isVisible(),
        TimeoutMs);
    namedAction(window, u"showProviders"_s)->trigger();
    QCOMPARE(window.findChildren<ProvidersDialog *>().size(), 1);

    namedAction(window, u"showLocalModels"_s)->trigger();
    auto *models = window.findChild<LocalModelsDialog *>();
    QVERIFY(models && models->isVisible());
    // The dialog drives the engine the panes use.
    QVERIFY(window.session().localEngine());
    bool loadVisible = false;
    const auto buttons = models->findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        loadVisible |= button->accessibleName() == u"Load the selected model"_s && !button->isHidden();
    }
    QVERIFY(loadVisible);

    namedAction(window, u"showPreferences"_s)->trigger();
    QVERIFY(window.findChild<PreferencesDialog *>());
}

void TestWorkspacePanels::sideBarDocksWithItsPanels()
{
    PanelsWorkspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<QDockWidget *>(u"sideBarDock"_s);
    QVERIFY(dock);
    // Closed on a first start, so the panes keep the whole window.
    QVERIFY(!dock->isVisible());
    auto *sideBar = window.findChild<SideBar *>();
    namedAction(window, u"showHistory"_s)->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(sideBar->currentWidget(), sideBar->history());
    namedAction(window, u"toggleSideBar"_s)->trigger();
    QVERIFY(!dock->isVisible());
    namedAction(window, u"showPromptLibrary"_s)->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(sideBar->currentWidget(), sideBar->promptLibrary());
}

void TestWorkspacePanels::welcomeUntilThereIsAKey()
{
    PanelsWorkspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    auto *panels = window.findChild<WorkspacePanels *>();
    QVERIFY(panels);
    QTRY_VERIFY_WITH_TIMEOUT(panels->isWelcomeShown(), TimeoutMs);
    QCOMPARE(window.centralWidget()->findChild<WelcomeView *>(), panels->welcomeView());

    // Add a key: the welcome asks the Providers dialog, and a stored key ends the first run.
    const auto buttons = panels->welcomeView()->findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->accessibleName() == u"Add an API key"_s) {
            button->click();
        }
    }
    auto *providers = window.findChild<ProvidersDialog *>();
    QVERIFY(providers);
    QCOMPARE(providers->currentPresetId(), u"openai"_s);
    workspace.keyStore.write(u"openai"_s, u"sk-panels-WorkspaceT3stK3y0000000000001"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!panels->isWelcomeShown(), TimeoutMs);
}

void TestWorkspacePanels::welcomeNoticesEnvironmentKeys()
{
    qputenv("OPENAI_API_KEY", "sk-env-WorkspaceT3stK3y000000000000002");
    PanelsWorkspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    auto *panels = window.findChild<WorkspacePanels *>();
    QTRY_VERIFY_WITH_TIMEOUT(panels->welcomeView()->detectedKeysText().contains(u"OPENAI_API_KEY"_s), TimeoutMs);
    QVERIFY(panels->isWelcomeShown());
    Q_EMIT panels->welcomeView()->startRequested();
    QVERIFY(!panels->isWelcomeShown());
    qunsetenv("OPENAI_API_KEY");
}

void TestWorkspacePanels::promptLibraryFillsTheComposer()
{
    PanelsWorkspace workspace;
    Prompt prompt;
    prompt.name = u"Explain"_s;
    PromptVersion version;
    version.systemText = u"Be brief."_s;
    version.userText = u"Explain {{topic}} simply."_s;
    version.variables.insert(u"topic"_s, u"monads"_s);
    const auto created = workspace.promptStore->create(prompt, version);
    QVERIFY(created);
    MainWindow window(m_appInfo, workspace.services);
    auto *library = window.findChild<SideBar *>()->promptLibrary();
    QVERIFY(library->selectPrompt(created->id));
    library->insertSelected();
    QCOMPARE(window.composer()->prompt(), u"Explain {{topic}} simply."_s);
    QCOMPARE(window.composer()->systemPrompt(), u"Be brief."_s);
    QCOMPARE(window.composer()->variableValues().value(u"topic"_s), u"monads"_s);

    window.composer()->setPrompt(u"Explain {{topic}} in one line."_s);
    QVERIFY(library->saveDraftAsVersion());
    const auto saved = workspace.promptStore->version(created->id);
    QCOMPARE(saved->number, 2);
    QCOMPARE(saved->userText, u"Explain {{topic}} in one line."_s);
    QCOMPARE(saved->variables.value(u"topic"_s).toString(), u"monads"_s);
}

void TestWorkspacePanels::historyReopensAndReruns()
{
    PanelsWorkspace workspace;
    RunRecord run;
    run.createdAt = QDateTime::currentDateTimeUtc();
    run.systemText = u"Answer in French."_s;
    run.promptText = u"Say hello."_s;
    for (const QString &model : {u"gpt-test-a"_s, u"gpt-test-b"_s}) {
        RunPane pane;
        pane.paneIndex = int(run.panes.size());
        pane.presetId = u"openai"_s;
        pane.modelRequested = model;
        pane.output = u"Bonjour"_s;
        run.panes.append(pane);
    }
    const auto id = workspace.runStore->save(run);
    QVERIFY(id);
    QSignalSpy written(&workspace.keyStore, &KeyStore::writeFinished);
    workspace.keyStore.write(u"openai"_s, u"sk-panels-WorkspaceT3stK3y0000000000003"_s);
    QVERIFY(written.wait(TimeoutMs));
    MainWindow window(m_appInfo, workspace.services);
    QTRY_VERIFY_WITH_TIMEOUT(window.areKeysResolved(), TimeoutMs);
    auto *history = window.findChild<SideBar *>()->history();
    QVERIFY(history->selectRun(*id));
    history->reopenSelected();
    QCOMPARE(window.comparisonView()->paneCount(), 2);
    QCOMPARE(window.composer()->systemPrompt(), u"Answer in French."_s);
    QCOMPARE(workspace.server.requests().size(), 0);

    workspace.server.enqueue(Testing::streamedAnswer(u"Bonjour tout le monde"_s, 0));
    workspace.server.enqueue(Testing::streamedAnswer(u"Salut"_s, 0));
    QSignalSpy turnEnded(&window, &MainWindow::turnEnded);
    history->rerunSelected();
    QVERIFY(turnEnded.wait(TimeoutMs));
    QCOMPARE(workspace.server.requests().size(), 2);
    QStringList models {Testing::requestedModel(workspace.server.requests().at(0)),
        Testing::requestedModel(workspace.server.requests().at(1))};
    models.sort();
    QCOMPARE(models, (QStringList {u"gpt-test-a"_s, u"gpt-test-b"_s}));
    // The new run is in the history at once.
    QTRY_COMPARE_WITH_TIMEOUT(history->model()->rowCount(), 2, TimeoutMs);
}

void TestWorkspacePanels::welcomeIsDecidedBeforeTheFirstShow()
{
    PanelsWorkspace workspace;
    {
        // A first run: the welcome is there before the window shows, and the key lookup ending
        // (nothing found) never switches to the workspace and back.
        MainWindow window(m_appInfo, workspace.services);
        auto *panels = window.findChild<WorkspacePanels *>();
        QVERIFY(panels->isWelcomeShown());
        auto *centre = window.findChild<QStackedWidget *>(u"centre"_s);
        QVERIFY(centre);
        QSignalSpy switched(centre, &QStackedWidget::currentChanged);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!panels->keyOverview()->isRefreshing(), TimeoutMs);
        QVERIFY(panels->isWelcomeShown());
        QCOMPARE(switched.size(), 0);

        // A key ends the first run...
        workspace.keyStore.write(u"openai"_s, u"sk-panels-WorkspaceT3stK3y0000000000003"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!panels->isWelcomeShown(), TimeoutMs);
    }
    // ...and the next start begins on the workspace, again with no switch once the keys are read.
    MainWindow window(m_appInfo, workspace.services);
    auto *panels = window.findChild<WorkspacePanels *>();
    QVERIFY(!panels->isWelcomeShown());
    QSignalSpy switched(window.findChild<QStackedWidget *>(u"centre"_s), &QStackedWidget::currentChanged);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(!panels->keyOverview()->isRefreshing(), TimeoutMs);
    QVERIFY(!panels->isWelcomeShown());
    QCOMPARE(switched.size(), 0);
}

void TestWorkspacePanels::memoryLimitsReachTheEngine()
{
    PanelsWorkspace workspace;
    const Providers::LocalMemoryPolicy stored {2LL * 1024 * 1024 * 1024, 2, 60'000};
    workspace.appSettings.setLocalMemoryPolicy(stored);
    MainWindow window(m_appInfo, workspace.services);
    Providers::LocalLlamaProvider *engine = window.session().localEngine();
    QVERIFY(engine);
    QCOMPARE(engine->memoryPolicy(), stored);
    // Preferences ▸ OK: the running engine follows at once.
    const Providers::LocalMemoryPolicy edited {0, 1, 0};
    workspace.appSettings.setLocalMemoryPolicy(edited);
    QCOMPARE(engine->memoryPolicy(), edited);
}

void TestWorkspacePanels::modelSettingsReachTheEngine()
{
    PanelsWorkspace workspace;
    const QString stored = workspace.directory.filePath(u"models/a.gguf"_s);
    Providers::LocalEngineSettings own;
    own.contextLength = 512;
    workspace.appSettings.setModelEngineSettings(stored, own);
    MainWindow window(m_appInfo, workspace.services);
    Providers::LocalLlamaProvider *engine = window.session().localEngine();
    QCOMPARE(engine->settingsFor(stored), own);
    // Edited later (the Local models dialog of another window, say), the engine follows.
    const QString other = workspace.directory.filePath(u"models/b.gguf"_s);
    own.threads = 3;
    workspace.appSettings.setModelEngineSettings(other, own);
    QCOMPARE(engine->settingsFor(other).threads, 3);
    workspace.appSettings.setModelEngineSettings(stored, std::nullopt);
    QCOMPARE(engine->settingsFor(stored), engine->settings());
}

// Not a comparison with golden images: PNGs of the welcome view, the side bar and the dialogs
// for people to look at (under the build tree), in the light and the dark palette.
void TestWorkspacePanels::screenshotsForPeople()
{
    const QString folder = QStringLiteral(JUXTA_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(folder));
    for (const auto theme : {AppSettings::Theme::Light, AppSettings::Theme::Dark}) {
        PanelsWorkspace workspace;
        const ThemeController themes(workspace.appSettings);
        workspace.appSettings.setTheme(theme);
        const QString suffix = AppSettings::themeName(theme) + u".png"_s;
        MainWindow window(m_appInfo, workspace.services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *panels = window.findChild<WorkspacePanels *>();
        QTRY_VERIFY_WITH_TIMEOUT(panels->isWelcomeShown(), TimeoutMs);
        QVERIFY(window.grab().save(folder + u"/panels-welcome-"_s + suffix));
        Q_EMIT panels->welcomeView()->startRequested();
        namedAction(window, u"showPromptLibrary"_s)->trigger();
        QVERIFY(window.grab().save(folder + u"/panels-sidebar-"_s + suffix));
        namedAction(window, u"showProviders"_s)->trigger();
        auto *providers = window.findChild<ProvidersDialog *>();
        QVERIFY(providers->grab().save(folder + u"/panels-providers-"_s + suffix));
        providers->close();
        namedAction(window, u"showLocalModels"_s)->trigger();
        QVERIFY(window.findChild<LocalModelsDialog *>()->grab().save(folder + u"/panels-localmodels-"_s + suffix));
        namedAction(window, u"showPreferences"_s)->trigger();
        QVERIFY(window.findChild<PreferencesDialog *>()->grab().save(folder + u"/panels-preferences-"_s + suffix));
    }
}

QTEST_MAIN(TestWorkspacePanels)
#include "tst_workspacepanels.moc"
