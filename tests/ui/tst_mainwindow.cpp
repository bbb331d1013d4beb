// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/appinfo.h"
#include "app/compare/comparesession.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "app/storage/database.h"
#include "app/storage/runstore.h"
#include "providers/local/llamaruntime.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/mainwindow.h"
#include "ui/panewidget.h"
#include "workspacetesthelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTest>
#include <QVBoxLayout>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Testing;
using Juxta::Ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWithMenusAndStatusBar();
    void aboutNamesTheVersions();
    void editActionsFollowTheFocusedField();
    void startsWithTwoPanesTheFirstTime();
    void settingsAreRestoredInANewWindow();
    void everyActionHasItsShortcutInAMenu();
    void controlsHaveAccessibleNames();
    void keysComeFromTheSecretsLayer();
    void aTurnSentToAllIsRecorded();
    void paneMenuWorksFromTheKeyboard();
    void presetEditsReachTheNextRequest();

private:
    Providers::LlamaRuntime m_runtime;
    AppInfo m_appInfo {m_runtime};
};

void TestMainWindow::showsWithMenusAndStatusBar()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"Juxta"_s);

    QStringList menus;
    for (const QAction *action : window.menuBar()->actions()) {
        menus.append(action->text().remove(u'&'));
    }
    QCOMPARE(menus, (QStringList {u"File"_s, u"Edit"_s, u"Compare"_s, u"Pane"_s, u"View"_s, u"Tools"_s, u"Help"_s}));
    QVERIFY(window.toolsMenu() && window.viewMenu());

    QVERIFY(window.statusBar()->isVisible());
    const auto *engine = window.findChild<QLabel *>(u"engineStatus"_s);
    QVERIFY(engine);
    QVERIFY2(engine->text().contains(u"CPU"_s), qPrintable(engine->text()));
    QVERIFY(window.findChild<QWidget *>(u"comparisonArea"_s));
    QVERIFY(window.findChild<QWidget *>(u"composer"_s)->isVisible());
    QVERIFY(!window.grab().isNull());
}

void TestMainWindow::aboutNamesTheVersions()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    const QString about = window.aboutText();
    QVERIFY(about.contains(u"Juxta 0.1.0"_s));
    QVERIFY(about.contains(QLatin1StringView(qVersion())));
    QVERIFY(about.contains(u"KSyntaxHighlighting"_s));
    QVERIFY(about.contains(m_runtime.llamaVersion().toHtmlEscaped()));
}

void TestMainWindow::editActionsFollowTheFocusedField()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    auto *field = window.composer()->findChild<QPlainTextEdit *>(u"prompt"_s);
    field->setPlainText(u"some prompt text"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    QAction *selectAll = nullptr;
    QAction *cut = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == u"Select &All"_s) {
            selectAll = action;
        } else if (action->text() == u"Cu&t"_s) {
            cut = action;
        }
    }
    QVERIFY(selectAll && cut);

    field->setFocus();
    QTRY_VERIFY(selectAll->isEnabled());
    selectAll->trigger();
    QCOMPARE(field->textCursor().selectedText(), u"some prompt text"_s);
    cut->trigger();
    QCOMPARE(field->toPlainText(), QString());

    field->clearFocus();
    QTRY_VERIFY(!selectAll->isEnabled());
}

void TestMainWindow::startsWithTwoPanesTheFirstTime()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    QCOMPARE(window.comparisonView()->paneCount(), 2);
    QCOMPARE(window.session().paneCount(), 2);
    QCOMPARE(window.session().paneConfig(0).presetId, u"openai"_s);
    QCOMPARE(window.session().paneConfig(1).presetId, u"anthropic"_s);
    QVERIFY(!window.session().paneConfig(0).model.isEmpty());
}

void TestMainWindow::settingsAreRestoredInANewWindow()
{
    Workspace workspace;
    QRect geometry;
    {
        MainWindow window(m_appInfo, workspace.services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(1111, 777);
        Ui::ComparisonView *view = window.comparisonView();
        view->pane(1)->setConfig(PaneConfig {u"gemini"_s, u"gemini-2.5-flash"_s, {}, {}});
        Q_EMIT view->pane(1)->configChanged();
        Providers::GenerationParams params;
        params.temperature = 0.25;
        params.maxTokens = 321;
        params.stop = {u"END"_s};
        view->pane(0)->setConfig(PaneConfig {u"openai"_s, u"my-typed-model"_s, u"Answer in French."_s, params});
        window.action(u"addPane"_s)->trigger();
        view->pane(2)->setIncluded(false);
        window.action(u"gridLayout"_s)->setChecked(true);
        window.action(u"syncScrolling"_s)->setChecked(true);
        window.composer()->setSystemPrompt(u"You are terse."_s);
        window.composer()->setSystemPromptShown(true);
        QCoreApplication::processEvents();
        geometry = window.geometry();
        window.close();
    }
    MainWindow window(m_appInfo, workspace.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The window manager (here the offscreen platform) may adjust a frame by a few pixels.
    QVERIFY2(std::abs(window.width() - geometry.width()) <= 8 && std::abs(window.height() - geometry.height()) <= 8,
        qPrintable(u"%1x%2, saved %3x%4"_s.arg(window.width())
                .arg(window.height())
                .arg(geometry.width())
                .arg(geometry.height())));
    QVERIFY(window.size() != QSize(1280, 800)); // not the default size
    Ui::ComparisonView *view = window.comparisonView();
    QCOMPARE(view->paneCount(), 3);
    QCOMPARE(window.session().paneCount(), 3);
    const PaneConfig first = view->pane(0)->config();
    QCOMPARE(first.model, u"my-typed-model"_s);
    QCOMPARE(first.systemPrompt, u"Answer in French."_s);
    QCOMPARE(first.params.temperature, std::optional<double>(0.25));
    QCOMPARE(first.params.maxTokens, std::optional<int>(321));
    QCOMPARE(first.params.stop, QStringList {u"END"_s});
    QVERIFY(!first.params.seed);
    QCOMPARE(window.session().paneConfig(0).model, u"my-typed-model"_s);
    QCOMPARE(view->pane(1)->config().presetId, u"gemini"_s);
    QCOMPARE(view->pane(1)->config().model, u"gemini-2.5-flash"_s);
    QVERIFY(view->pane(0)->isIncluded());
    QVERIFY(!view->pane(2)->isIncluded());
    QVERIFY(!window.session().isIncluded(2));
    QVERIFY(view->isGrid());
    QVERIFY(view->findChild<QWidget *>(u"paneGrid"_s));
    QVERIFY(view->isSyncScrolling());
    QVERIFY(window.action(u"gridLayout"_s)->isChecked());
    QCOMPARE(window.composer()->systemPrompt(), u"You are terse."_s);
    QVERIFY(window.composer()->isSystemPromptShown());
}

void TestMainWindow::everyActionHasItsShortcutInAMenu()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    const QHash<QString, QKeySequence> expected {
        {u"sendAll"_s, QKeySequence(Qt::CTRL | Qt::Key_Return)},
        {u"stopAll"_s, QKeySequence(Qt::Key_Escape)},
        {u"addPane"_s, QKeySequence(Qt::CTRL | Qt::Key_T)},
        {u"removePane"_s, QKeySequence(Qt::CTRL | Qt::Key_W)},
        {u"gridLayout"_s, QKeySequence(Qt::CTRL | Qt::Key_G)},
        {u"newComparison"_s, QKeySequence(QKeySequence::New)},
    };
    QList<QKeySequence> seen;
    QList<QMenu *> menus;
    for (QAction *menuAction : window.menuBar()->actions()) {
        menus.append(menuAction->menu());
    }
    // Submenus too (Pane ▸ Go to Pane, Pane ▸ Diff Against): no shortcut is taken twice.
    while (!menus.isEmpty()) {
        for (QAction *action : menus.takeFirst()->actions()) {
            if (action->menu()) {
                menus.append(action->menu());
            }
            if (action->isSeparator() || action->shortcut().isEmpty()) {
                continue;
            }
            QVERIFY2(!seen.contains(action->shortcut()), qPrintable(action->shortcut().toString()));
            seen.append(action->shortcut());
        }
    }
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        QAction *action = window.action(it.key());
        QVERIFY2(action, qPrintable(it.key()));
        QCOMPARE(action->shortcut(), it.value());
        QVERIFY(!action->associatedObjects().isEmpty()); // it is in a menu, where the shortcut is listed
    }

    // Ctrl+T adds a pane, Ctrl+W removes the one holding the focus.
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.comparisonView()->paneCount(), 3);
    window.comparisonView()->pane(0)->findChild<QComboBox *>(u"modelPicker"_s)->setFocus();
    const QString second = window.comparisonView()->pane(1)->config().presetId;
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(window.comparisonView()->paneCount(), 2);
    QCOMPARE(window.comparisonView()->pane(0)->config().presetId, second);
}

void TestMainWindow::controlsHaveAccessibleNames()
{
    Workspace workspace;
    MainWindow window(m_appInfo, workspace.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList unnamed;
    const auto check = [&unnamed](QWidget *widget, const QString &text) {
        if (widget->isVisibleTo(widget->window()) && widget->accessibleName().isEmpty() && text.isEmpty()) {
            unnamed.append(
                widget->objectName() + u" ("_s + QString::fromLatin1(widget->metaObject()->className()) + u")"_s);
        }
    };
    for (QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
        check(button, button->text());
    }
    for (QComboBox *box : window.findChildren<QComboBox *>()) {
        check(box, QString());
    }
    for (QPlainTextEdit *edit : window.findChildren<QPlainTextEdit *>()) {
        check(edit, QString());
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    QCOMPARE(window.comparisonView()->pane(0)->accessibleName().left(7), u"Pane 1:"_s);
}

void TestMainWindow::keysComeFromTheSecretsLayer()
{
    // No keychain here (the bus points nowhere): the key comes from the variable developers use.
    qputenv("OPENAI_API_KEY", "sk-from-the-environment-123456");
    Workspace workspace;
    workspace.server.setHandler([](const Loopback::RecordedRequest &) {
        return streamedAnswer(u"Keyed"_s, 0);
    });
    KeyStore keyStore;
    ApiKeys apiKeys(&keyStore);
    workspace.services.apiKeys = &apiKeys;
    workspace.services.keyStore = &keyStore;
    MainWindow window(m_appInfo, workspace.services);
    QJsonArray panes {QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"m"_s}}};
    window.comparisonView()->restoreLayoutState(panes);
    if (!window.areKeysResolved()) {
        QSignalSpy resolved(&window, &MainWindow::apiKeysResolved);
        QVERIFY(resolved.wait(20000));
    }
    const QString keysStatus = window.findChild<QLabel *>(u"keysStatus"_s)->text();
    QVERIFY2(keysStatus.startsWith(u"Providers with a key: "_s) && !keysStatus.endsWith(u": 0"_s),
        qPrintable(keysStatus));
    QVERIFY(window.findChild<QLabel *>(u"keysStatus"_s)->toolTip().contains(u"OpenAI"_s));
    QSignalSpy ended(&window, &MainWindow::turnEnded);
    window.composer()->setPrompt(u"Hi"_s);
    QVERIFY(window.sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().first().header("authorization"),
        QByteArray("Bearer sk-from-the-environment-123456"));
    qunsetenv("OPENAI_API_KEY");
}

void TestMainWindow::aTurnSentToAllIsRecorded()
{
    Workspace workspace;
    workspace.server.setHandler([](const Loopback::RecordedRequest &request) {
        return streamedAnswer(u"Answer of "_s + requestedModel(request), 0);
    });
    Database database(u"tst_mainwindow"_s);
    QVERIFY2(database.openAndMigrate(workspace.directory.filePath(u"juxta.sqlite"_s)),
        qPrintable(database.errorString()));
    RunStore runs(database.connection());
    workspace.services.runStore = &runs;
    MainWindow window(m_appInfo, workspace.services);
    window.comparisonView()->restoreLayoutState(QJsonArray {
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"kept"_s}},
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"left-out"_s}, {u"included"_s, false}},
    });
    window.session().setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy recorded(&window, &MainWindow::runRecorded);
    QSignalSpy ended(&window, &MainWindow::turnEnded);
    window.composer()->setPrompt(u"Remember {{what}}"_s);
    window.composer()->setVariableValue(u"what"_s, u"this"_s);
    QVERIFY(window.sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(recorded.size(), 1);
    const auto stored = runs.find();
    QVERIFY(stored);
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->first().promptText, u"Remember this"_s);
    QCOMPARE(stored->first().variables.value("what"_L1).toString(), u"this"_s);
    QCOMPARE(stored->first().panes.size(), 1); // the excluded pane was not asked
    QCOMPARE(stored->first().panes.first().modelRequested, u"kept"_s);

    // Regenerating one pane is not a new run.
    window.comparisonView()->pane(0)->regenerateRequested();
    QVERIFY(ended.wait(10000));
    QCOMPARE(recorded.size(), 1);

    // Re-opened in a new window, the run continues: the follow-up carries the earlier turn.
    window.close();
    const qint64 runId = recorded.first().first().toLongLong();
    MainWindow reopened(m_appInfo, workspace.services);
    reopened.session().setApiKey(u"openai"_s, u"k"_s);
    QVERIFY(!reopened.reopenRun(runId + 1000));
    QVERIFY(reopened.reopenRun(runId));
    QCOMPARE(reopened.comparisonView()->paneCount(), 1);
    Ui::ConversationModel *model = reopened.comparisonView()->pane(0)->conversation();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->answerText(0), u"Remember this"_s);
    QCOMPARE(model->answerText(1), u"Answer of kept"_s);
    QSignalSpy reopenedEnded(&reopened, &MainWindow::turnEnded);
    reopened.composer()->setPrompt(u"And then?"_s);
    QVERIFY(reopened.sendToAll());
    QVERIFY(reopenedEnded.wait(10000));
    const QJsonArray messages =
        QJsonDocument::fromJson(workspace.server.requests().last().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages[0].toObject().value("content"_L1).toString(), u"Remember this"_s);
    QCOMPARE(messages[2].toObject().value("content"_L1).toString(), u"And then?"_s);
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(runs.count(), 2); // the follow-up is a run of its own
}

void TestMainWindow::paneMenuWorksFromTheKeyboard()
{
    Workspace workspace;
    // Slow enough that a pane is still answering when the next key arrives.
    const QString longAnswer = QStringList(40, u"word"_s).join(u' ');
    workspace.server.setHandler([longAnswer](const Loopback::RecordedRequest &request) {
        const QString model = requestedModel(request);
        return model == u"slow"_s ? streamedAnswer(longAnswer, 100, 1) : streamedAnswer(u"Answer of "_s + model, 0);
    });
    MainWindow window(m_appInfo, workspace.services);
    window.comparisonView()->restoreLayoutState(QJsonArray {
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"first"_s}},
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"second"_s}},
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"third"_s}},
    });
    window.session().setApiKey(u"openai"_s, u"k"_s);
    Ui::ComparisonView *view = window.comparisonView();

    // Every action of a pane's own menu is in the menu bar's Pane menu, with its shortcut.
    auto *paneMenu = window.menuBar()->findChild<QMenu *>(u"paneMenu"_s);
    QVERIFY(paneMenu);
    const QStringList paneActions {u"stopPane"_s,
        u"regeneratePane"_s,
        u"editResendPane"_s,
        u"copyPaneMarkdown"_s,
        u"copyPaneCurl"_s,
        u"showPaneRaw"_s,
        u"diffPane1"_s,
        u"includePane"_s,
        u"paneParameters"_s,
        u"duplicatePane"_s,
        u"movePaneLeft"_s,
        u"movePaneRight"_s,
        u"removePane"_s,
        u"previousPane"_s,
        u"nextPane"_s,
        u"focusPane1"_s};
    for (const QString &name : paneActions) {
        QAction *action = window.action(name);
        QVERIFY2(action, qPrintable(name));
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(name));
        QVERIFY2(!action->associatedObjects().isEmpty(), qPrintable(name));
    }

    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const auto key = [&window](Qt::Key key, Qt::KeyboardModifiers modifiers) {
        QTest::keyClick(&window, key, modifiers);
    };
    const auto reactivate = [&window] {
        window.activateWindow();
        return QTest::qWaitForWindowActive(&window);
    };

    // Ctrl+2 goes to pane 2; Alt+Right and Alt+Left walk the panes, round the ends.
    key(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentPane(), view->pane(1));
    QVERIFY(view->pane(1)->view()->hasFocus());
    QVERIFY(view->pane(1)->isCurrent());
    QVERIFY(view->pane(1)->accessibleName().contains(u"current"_s));
    key(Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(window.currentPane(), view->pane(2));
    QVERIFY(!view->pane(1)->isCurrent());
    key(Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(window.currentPane(), view->pane(0));
    key(Qt::Key_Left, Qt::AltModifier);
    QCOMPARE(window.currentPane(), view->pane(2));

    // Typing in the composer, the Pane menu still acts on the pane last used: Ctrl+I leaves it out.
    key(Qt::Key_L, Qt::ControlModifier);
    QVERIFY(window.composer()->findChild<QPlainTextEdit *>(u"prompt"_s)->hasFocus());
    QCOMPARE(window.currentPane(), view->pane(2));
    key(Qt::Key_I, Qt::ControlModifier);
    QVERIFY(!view->pane(2)->isIncluded());
    key(Qt::Key_I, Qt::ControlModifier);
    QVERIFY(view->pane(2)->isIncluded());

    QSignalSpy ended(&window, &MainWindow::turnEnded);
    window.composer()->setPrompt(u"Hello"_s);
    key(Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(ended.wait(10000));

    // Ctrl+Shift+C copies the current pane's answer, Ctrl+Alt+C its request as curl.
    QGuiApplication::clipboard()->clear();
    key(Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"Answer of third"_s);
    key(Qt::Key_C, Qt::ControlModifier | Qt::AltModifier);
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(u"curl"_s));
    QVERIFY(QGuiApplication::clipboard()->text().contains(u"third"_s));

    // Ctrl+R asks the current pane again, and only it.
    const qsizetype asked = workspace.server.requests().size();
    key(Qt::Key_R, Qt::ControlModifier);
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().size(), asked + 1);
    QCOMPARE(requestedModel(workspace.server.requests().last()), u"third"_s);

    // Ctrl+Alt+1: the current pane's answer against pane 1's; Ctrl+Shift+J: its raw exchange.
    key(Qt::Key_1, Qt::ControlModifier | Qt::AltModifier);
    QWidget *diff = nullptr;
    QTRY_VERIFY((diff = view->findChild<QWidget *>(u"diffDialog"_s)) && diff->isVisible());
    diff->close();
    QVERIFY(reactivate());
    key(Qt::Key_J, Qt::ControlModifier | Qt::ShiftModifier);
    QWidget *raw = nullptr;
    QTRY_VERIFY((raw = view->findChild<QWidget *>(u"rawExchangeDialog"_s)) && raw->isVisible());
    raw->close();
    QVERIFY(reactivate());
    // Ctrl+E: edit the current pane's prompt and resend it.
    key(Qt::Key_E, Qt::ControlModifier);
    QInputDialog *edit = nullptr;
    QTRY_VERIFY((edit = view->pane(2)->findChild<QInputDialog *>(u"editResendDialog"_s)));
    QCOMPARE(edit->textValue(), u"Hello"_s);
    edit->reject();
    QVERIFY(reactivate());

    // Ctrl+Shift+PgUp moves the current pane left, and the focus goes with it.
    key(Qt::Key_PageUp, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(view->pane(1)->config().model, u"third"_s);
    QCOMPARE(window.currentPane(), view->pane(1));

    // Shift+Esc stops the current pane alone; Esc stops them all.
    view->pane(0)->setConfig(PaneConfig {u"openai"_s, u"slow"_s, {}, {}});
    view->pane(1)->setConfig(PaneConfig {u"openai"_s, u"slow"_s, {}, {}});
    key(Qt::Key_1, Qt::ControlModifier);
    key(Qt::Key_R, Qt::ControlModifier);
    key(Qt::Key_2, Qt::ControlModifier);
    key(Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY(view->pane(0)->isRunning() && view->pane(1)->isRunning());
    QTRY_VERIFY(window.action(u"stopPane"_s)->isEnabled());
    key(Qt::Key_Escape, Qt::ShiftModifier);
    QTRY_VERIFY(!view->pane(1)->isRunning());
    QVERIFY(view->pane(0)->isRunning());
    key(Qt::Key_Escape, Qt::NoModifier);
    QTRY_VERIFY(!view->pane(0)->isRunning());

    // Ctrl+W removes the current pane; the focus moves to the one taking its place.
    key(Qt::Key_2, Qt::ControlModifier);
    key(Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(view->paneCount(), 2);
    QCOMPARE(window.currentPane(), view->pane(1));
}

void TestMainWindow::presetEditsReachTheNextRequest()
{
    Workspace workspace;
    workspace.server.setHandler([](const Loopback::RecordedRequest &) {
        return streamedAnswer(u"from the first server"_s, 0);
    });
    Loopback::ScriptedHttpServer second;
    QVERIFY(second.listen());
    second.setHandler([](const Loopback::RecordedRequest &) {
        return streamedAnswer(u"from the second server"_s, 0);
    });
    AppSettings preferences(workspace.directory.filePath(u"preferences.ini"_s));
    preferences.setBaseUrlOverride(u"openai"_s, workspace.server.url(u"/openai"_s));
    workspace.services.appSettings = &preferences;
    MainWindow window(m_appInfo, workspace.services);
    window.comparisonView()->restoreLayoutState(QJsonArray {
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"m"_s}},
    });
    window.session().setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&window, &MainWindow::turnEnded);
    window.composer()->setPrompt(u"Where are you?"_s);
    QVERIFY(window.sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().size(), 1);

    // What the Providers dialog does on OK: the next request goes to the new base URL, no restart.
    preferences.setBaseUrlOverride(u"openai"_s, second.url(u"/v1"_s));
    QCOMPARE(window.catalog().find(u"openai"_s)->baseUrl, second.url(u"/v1"_s));
    window.composer()->setPrompt(u"And now?"_s);
    QVERIFY(window.sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().size(), 1);
    QCOMPARE(second.requests().size(), 1);
    QVERIFY(second.requests().first().path.startsWith("/v1/"));
    QCOMPARE(window.comparisonView()->pane(0)->latestAnswer(), u"from the second server"_s);

    // A custom endpoint added meanwhile is offered in the panes' provider pickers at once.
    const QString id = preferences.newCustomPresetId();
    preferences.setCustomPreset({id, u"My gateway"_s, second.url(u"/gateway"_s)});
    auto *picker = window.comparisonView()->pane(0)->findChild<QComboBox *>(u"presetPicker"_s);
    QVERIFY(picker->findData(id) >= 0);
    QCOMPARE(window.comparisonView()->pane(0)->config().presetId, u"openai"_s);
    preferences.removeCustomPreset(id);
    QCOMPARE(picker->findData(id), -1);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
