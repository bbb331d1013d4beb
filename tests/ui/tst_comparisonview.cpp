// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/appinfo.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "providers/local/llamaruntime.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/diffdialog.h"
#include "ui/mainwindow.h"
#include "ui/metricsstrip.h"
#include "ui/panewidget.h"
#include "ui/parameterspopover.h"
#include "workspacetesthelpers.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;
using namespace Juxta::Testing;
using Juxta::Ui::ConversationModel;
using Juxta::Ui::MainWindow;
using Juxta::Ui::PaneWidget;

namespace {

// A long answer, so a pane scrolls; the model's name is in it, so panes can be told apart.
QString longAnswer(const QString &model)
{
    QStringList lines;
    for (int i = 1; i <= 60; ++i) {
        lines.append(u"Line %1 from %2 with a few more words to wrap.\n"_s.arg(i).arg(model));
    }
    return lines.join(QString());
}

} // namespace

class TestComparisonView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void composerSendsToEveryIncludedPane();
    void stopAllThenRegenerateOnePane();
    void editAndResendAsksTheEditedQuestion();
    void panesAddedAndRemovedWhileStreaming();
    void anErrorInOnePaneLeavesTheOthersStreaming();
    void synchronisedScrolling();
    void copyRequestAsCurlHidesTheKey();
    void diffAgainstAnotherPane();
    void ignoredParametersAreMarked();
    void variablesMustBeFilledBeforeSending();
    void fastestAndCheapestAreMarked();
    void modelsListedByTheProviderAreOffered();

private:
    /** A window with one openai pane per model, a key set, and nothing restored. */
    std::unique_ptr<MainWindow> window(Workspace &workspace, const QStringList &models)
    {
        auto window = std::make_unique<MainWindow>(m_appInfo, workspace.services);
        QJsonArray panes;
        for (const QString &model : models) {
            panes.append(QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, model}});
        }
        window->comparisonView()->restoreLayoutState(panes);
        window->session().setApiKey(u"openai"_s, u"sk-test-key-0123456789"_s);
        window->show();
        // Shortcuts (Ctrl+Enter, Esc) reach only the active window.
        if (!QTest::qWaitForWindowActive(window.get())) {
            qWarning("the main window did not become active");
        }
        return window;
    }

    static ConversationModel *conversation(MainWindow &window, int pane)
    {
        return window.comparisonView()->pane(pane)->conversation();
    }

    static QAction *paneAction(MainWindow &window, int pane, const QString &name)
    {
        return window.comparisonView()->pane(pane)->findChild<QAction *>(name);
    }

    Providers::LlamaRuntime m_runtime;
    AppInfo m_appInfo {m_runtime};
};

void TestComparisonView::composerSendsToEveryIncludedPane()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        return streamedAnswer(u"# Hello\n\nThis is **%1**."_s.arg(requestedModel(request)), 5);
    });
    auto w = window(workspace, {u"m-one"_s, u"m-two"_s, u"m-three"_s});
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    w->comparisonView()->pane(1)->findChild<QCheckBox *>(u"includeToggle"_s)->setChecked(false);
    QVERIFY(!w->session().isIncluded(1));

    auto *prompt = w->composer()->findChild<QPlainTextEdit *>(u"prompt"_s);
    w->composer()->setSystemPromptShown(true);
    w->composer()->findChild<QPlainTextEdit *>(u"systemPrompt"_s)->setPlainText(u"Be brief."_s);
    prompt->setFocus();
    QTest::keyClicks(prompt, u"Say hello"_s);
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(ended.wait(10000));

    QStringList asked;
    for (const RecordedRequest &request : workspace.server.requests()) {
        asked.append(requestedModel(request));
        const QJsonArray messages = QJsonDocument::fromJson(request.body).object().value("messages"_L1).toArray();
        QCOMPARE(messages.first().toObject().value("content"_L1).toString(), u"Be brief."_s);
        QCOMPARE(messages.last().toObject().value("content"_L1).toString(), u"Say hello"_s);
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test-key-0123456789"));
    }
    asked.sort();
    QCOMPARE(asked, (QStringList {u"m-one"_s, u"m-three"_s}));
    QCOMPARE(conversation(*w, 0)->rowCount(), 2);
    QCOMPARE(conversation(*w, 0)->answerText(1), u"# Hello\n\nThis is **m-one**."_s);
    QCOMPARE(conversation(*w, 0)->state(1), ConversationModel::State::Done);
    QCOMPARE(conversation(*w, 1)->rowCount(), 0);
    QCOMPARE(conversation(*w, 2)->answerText(1), u"# Hello\n\nThis is **m-three**."_s);
    QVERIFY(w->comparisonView()->pane(0)->metricsStrip()->text().contains(u"stop"_s));

    // A follow-up goes to the same panes, each with its own history.
    w->composer()->setPrompt(u"And again"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().size(), 4);
    QCOMPARE(conversation(*w, 2)->rowCount(), 4);
    const QJsonArray messages =
        QJsonDocument::fromJson(workspace.server.requests().last().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 4);
}

void TestComparisonView::stopAllThenRegenerateOnePane()
{
    Workspace workspace;
    int served = 0;
    workspace.server.setHandler([&served](const RecordedRequest &request) {
        ++served;
        if (served <= 2) {
            return streamedAnswer(longAnswer(requestedModel(request)), 30, 1);
        }
        return streamedAnswer(u"Regenerated answer"_s, 0);
    });
    auto w = window(workspace, {u"a"_s, u"b"_s});
    w->composer()->setPrompt(u"Go"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(w->action(u"stopAll"_s)->isEnabled());
    QTRY_VERIFY(!conversation(*w, 0)->answerText(1).isEmpty() && !conversation(*w, 1)->answerText(1).isEmpty());
    QVERIFY(!w->action(u"sendAll"_s)->isEnabled());

    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    QTest::keyClick(w.get(), Qt::Key_Escape);
    QCOMPARE(ended.size(), 1);
    for (int pane = 0; pane < 2; ++pane) {
        QCOMPARE(conversation(*w, pane)->state(1), ConversationModel::State::Failed);
        QVERIFY(conversation(*w, pane)->answerText(1).startsWith(u"Line"_s)); // what arrived stays
    }
    QVERIFY(!w->action(u"stopAll"_s)->isEnabled());
    QTRY_COMPARE(workspace.server.openConnectionCount(), 0);

    QAction *regenerate = paneAction(*w, 1, u"regenerate"_s);
    QVERIFY(regenerate->isEnabled());
    regenerate->trigger();
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().size(), 3);
    QCOMPARE(requestedModel(workspace.server.requests().last()), u"b"_s);
    QCOMPARE(conversation(*w, 1)->rowCount(), 2);
    QCOMPARE(conversation(*w, 1)->answerText(1), u"Regenerated answer"_s);
    QCOMPARE(conversation(*w, 1)->state(1), ConversationModel::State::Done);
    // The other pane keeps its stopped answer.
    QCOMPARE(conversation(*w, 0)->state(1), ConversationModel::State::Failed);
}

void TestComparisonView::editAndResendAsksTheEditedQuestion()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        const QJsonArray messages = QJsonDocument::fromJson(request.body).object().value("messages"_L1).toArray();
        return streamedAnswer(u"re: "_s + messages.last().toObject().value("content"_L1).toString(), 0);
    });
    auto w = window(workspace, {u"a"_s});
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"First try"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    PaneWidget *pane = w->comparisonView()->pane(0);
    pane->editAndResend();
    auto *dialog = pane->findChild<QInputDialog *>(u"editResendDialog"_s);
    QVERIFY(dialog);
    QCOMPARE(dialog->textValue(), u"First try"_s);
    dialog->setTextValue(u"Second try"_s);
    dialog->accept();
    QVERIFY(ended.wait(10000));
    QCOMPARE(conversation(*w, 0)->rowCount(), 2);
    QCOMPARE(conversation(*w, 0)->answerText(1), u"re: Second try"_s);
    QCOMPARE(w->session().conversation(0).size(), 2);
}

void TestComparisonView::panesAddedAndRemovedWhileStreaming()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        return streamedAnswer(
            u"one two three four five six seven eight nine ten from %1"_s.arg(requestedModel(request)),
            40,
            1);
    });
    auto w = window(workspace, {u"a"_s, u"b"_s});
    w->composer()->setPrompt(u"Count"_s);
    QVERIFY(w->sendToAll());
    QTRY_VERIFY(!conversation(*w, 1)->answerText(1).isEmpty());

    // A pane added mid-turn waits for the next prompt; removing a streaming one stops only it.
    w->action(u"addPane"_s)->trigger();
    QCOMPARE(w->comparisonView()->paneCount(), 3);
    QCOMPARE(w->session().paneCount(), 3);
    QCOMPARE(conversation(*w, 2)->rowCount(), 0);
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    paneAction(*w, 0, u"remove"_s)->trigger();
    QCOMPARE(w->comparisonView()->paneCount(), 2);
    QCOMPARE(w->session().paneCount(), 2);
    QCOMPARE(w->comparisonView()->pane(0)->number(), 1);
    QVERIFY(w->session().isRunning());
    QVERIFY(ended.wait(10000));
    QCOMPARE(conversation(*w, 0)->answerText(1), u"one two three four five six seven eight nine ten from b"_s);
    QCOMPARE(conversation(*w, 0)->state(1), ConversationModel::State::Done);
    QCOMPARE(w->session().paneConfig(1).model, u"b"_s); // the added pane copied the last one

    // Duplicate and reorder: the session follows the view.
    paneAction(*w, 0, u"duplicate"_s)->trigger();
    QCOMPARE(w->comparisonView()->paneCount(), 3);
    w->comparisonView()->pane(2)->setConfig(PaneConfig {u"openai"_s, u"c"_s, {}, {}});
    w->comparisonView()->pane(2)->configChanged();
    paneAction(*w, 2, u"moveLeft"_s)->trigger();
    QCOMPARE(w->session().paneConfig(1).model, u"c"_s);
    QCOMPARE(w->comparisonView()->pane(1)->config().model, u"c"_s);
    w->composer()->setPrompt(u"Again"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(conversation(*w, 1)->answerText(1), u"one two three four five six seven eight nine ten from c"_s);
    QTRY_COMPARE(workspace.server.openConnectionCount(), 0);
}

void TestComparisonView::anErrorInOnePaneLeavesTheOthersStreaming()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        const QString model = requestedModel(request);
        if (model == "limited"_L1) {
            return ScriptedResponse::json(429, R"({"error":{"message":"Slow down, please","type":"rate_limit"}})")
                .withHeader("retry-after", "7");
        }
        if (model == "broken"_L1) {
            return ScriptedResponse::sse({chunk(u"Half an "_s)}).withPieceDelay(20).withEnding(Ending::Disconnect);
        }
        return streamedAnswer(u"A calm and complete answer, word by word."_s, 30, 1);
    });
    auto w = window(workspace, {u"fine"_s, u"limited"_s, u"broken"_s});
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"Hello"_s);
    QVERIFY(w->sendToAll());
    // The rate-limited pane fails at once, while the healthy one is still streaming.
    QTRY_COMPARE(conversation(*w, 1)->state(1), ConversationModel::State::Failed);
    QVERIFY(w->session().isPaneRunning(0));
    QCOMPARE(conversation(*w, 0)->state(1), ConversationModel::State::Streaming);
    const auto error = conversation(*w, 1)
                           ->data(conversation(*w, 1)->index(1), ConversationModel::ErrorRole)
                           .value<Providers::ProviderError>();
    QCOMPARE(error.kind, Providers::ProviderError::Kind::RateLimited);
    QVERIFY2(error.message.contains(u"Slow down, please"_s), qPrintable(error.message));
    QVERIFY(ended.wait(10000));
    QCOMPARE(conversation(*w, 0)->state(1), ConversationModel::State::Done);
    QCOMPARE(conversation(*w, 0)->answerText(1), u"A calm and complete answer, word by word."_s);
    QCOMPARE(conversation(*w, 2)->state(1), ConversationModel::State::Failed);
    QCOMPARE(conversation(*w, 2)->answerText(1), u"Half an "_s);
    QVERIFY(w->comparisonView()->pane(1)->metricsStrip()->text().contains(u"rate_limited"_s));

    // The error card's Retry asks that pane again, alone.
    workspace.server.setHandler([](const RecordedRequest &) {
        return streamedAnswer(u"Better now"_s, 0);
    });
    Q_EMIT w->comparisonView()->pane(1)->view()->retryRequested(1);
    QVERIFY(ended.wait(10000));
    QCOMPARE(conversation(*w, 1)->answerText(1), u"Better now"_s);
    QCOMPARE(conversation(*w, 1)->state(1), ConversationModel::State::Done);
    QCOMPARE(conversation(*w, 0)->answerText(1), u"A calm and complete answer, word by word."_s);
}

void TestComparisonView::synchronisedScrolling()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        return streamedAnswer(longAnswer(requestedModel(request)), 0, 50);
    });
    auto w = window(workspace, {u"a"_s, u"b"_s});
    w->resize(1000, 600);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"Long, please"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    QScrollBar *first = w->comparisonView()->pane(0)->view()->verticalScrollBar();
    QScrollBar *second = w->comparisonView()->pane(1)->view()->verticalScrollBar();
    QTRY_VERIFY(first->maximum() > 0 && second->maximum() > 0);

    w->action(u"syncScrolling"_s)->setChecked(true);
    first->setValue(0);
    QCOMPARE(second->value(), 0);
    first->setValue(first->maximum());
    QCOMPARE(second->value(), second->maximum());
    first->setValue(first->maximum() / 2);
    QVERIFY(std::abs(second->value() - second->maximum() / 2) <= 2);

    w->action(u"syncScrolling"_s)->setChecked(false);
    const int before = second->value();
    first->setValue(0);
    QCOMPARE(second->value(), before);
}

void TestComparisonView::copyRequestAsCurlHidesTheKey()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &) {
        return streamedAnswer(u"Hi"_s, 0);
    });
    auto w = window(workspace, {u"gpt-test"_s});
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"It's a test"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    QCOMPARE(workspace.server.requests().first().header("authorization"), QByteArray("Bearer sk-test-key-0123456789"));

    QApplication::clipboard()->clear();
    paneAction(*w, 0, u"copyCurl"_s)->trigger();
    const QString curl = QApplication::clipboard()->text();
    QVERIFY2(curl.startsWith(u"curl "_s), qPrintable(curl));
    QVERIFY(!curl.contains(u"sk-test-key"_s));
    QVERIFY(curl.contains(u"-H \"authorization: Bearer $OPENAI_API_KEY\""_s, Qt::CaseInsensitive));
    QVERIFY(curl.contains(workspace.server.url(u"/openai"_s).toString()));
    QVERIFY(curl.contains(u"It'\\''s a test"_s)); // the body survives shell quoting

    paneAction(*w, 0, u"copyMarkdown"_s)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), u"Hi"_s);
}

void TestComparisonView::diffAgainstAnotherPane()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        return streamedAnswer(u"The answer from %1 is here"_s.arg(requestedModel(request)), 0);
    });
    auto w = window(workspace, {u"left"_s, u"right"_s});
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"Differ"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    auto *diff = w->comparisonView()->pane(0)->findChild<QAction *>(u"diff2"_s);
    QVERIFY(diff);
    QVERIFY(!w->comparisonView()->pane(0)->findChild<QAction *>(u"diff1"_s));
    diff->trigger();
    auto *dialog = w->findChild<Ui::DiffDialog *>(u"diffDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), u"Pane 1 against Pane 2"_s);
    dialog->close();
}

void TestComparisonView::ignoredParametersAreMarked()
{
    Workspace workspace;
    auto w = window(workspace, {u"gpt-test"_s});
    PaneWidget *pane = w->comparisonView()->pane(0);
    Providers::GenerationParams params;
    params.seed = 42;
    params.temperature = 0.3;
    pane->setConfig(PaneConfig {u"anthropic"_s, u"claude-x"_s, {}, params});
    Q_EMIT pane->configChanged();
    QCOMPARE(w->session().paneConfig(0).presetId, u"anthropic"_s);
    QCOMPARE(w->session().paneConfig(0).params.seed, std::optional<qint64>(42));
    QVERIFY(pane->parametersPopover()->ignored().contains(u"seed"_s));
    QVERIFY(!pane->parametersPopover()->ignored().contains(u"temperature"_s));
    QVERIFY(pane->parametersPopover()->findChild<QCheckBox *>(u"seed"_s)->text().contains(u"ignored"_s));
    QVERIFY(!pane->parametersPopover()->findChild<QCheckBox *>(u"temperature"_s)->text().contains(u"ignored"_s));
}

void TestComparisonView::variablesMustBeFilledBeforeSending()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &) {
        return streamedAnswer(u"ok"_s, 0);
    });
    auto w = window(workspace, {u"a"_s});
    w->composer()->setPrompt(u"Translate {{text}} into {{language}}"_s);
    QVERIFY(!w->composer()->canSend());
    QVERIFY(!w->action(u"sendAll"_s)->isEnabled());
    QVERIFY(w->composer()->findChild<QLineEdit *>(u"variable:text"_s));
    w->composer()->setVariableValue(u"text"_s, u"good morning"_s);
    w->composer()->setVariableValue(u"language"_s, u"Welsh"_s);
    QVERIFY(w->action(u"sendAll"_s)->isEnabled());
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->action(u"sendAll"_s)->trigger();
    QVERIFY(ended.wait(10000));
    const QJsonArray messages =
        QJsonDocument::fromJson(workspace.server.requests().first().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.last().toObject().value("content"_L1).toString(), u"Translate good morning into Welsh"_s);
}

void TestComparisonView::fastestAndCheapestAreMarked()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        // gpt-4o-mini is priced in the catalog and answers at once; gpt-4o takes its time.
        return streamedAnswer(u"Same words"_s, requestedModel(request) == "gpt-4o-mini"_L1 ? 0 : 150);
    });
    auto w = window(workspace, {u"gpt-4o"_s, u"gpt-4o-mini"_s});
    QSignalSpy ended(w.get(), &MainWindow::turnEnded);
    w->composer()->setPrompt(u"Race"_s);
    QVERIFY(w->sendToAll());
    QVERIFY(ended.wait(10000));
    QVERIFY(w->comparisonView()->pane(1)->metricsStrip()->isFastest());
    QVERIFY(w->comparisonView()->pane(1)->metricsStrip()->isCheapest());
    QVERIFY(!w->comparisonView()->pane(0)->metricsStrip()->isFastest());
    QVERIFY(!w->comparisonView()->pane(0)->metricsStrip()->isCheapest());
    QVERIFY(w->comparisonView()->pane(1)->metricsStrip()->text().contains(u"fastest"_s));
}

void TestComparisonView::modelsListedByTheProviderAreOffered()
{
    Workspace workspace;
    workspace.server.setHandler([](const RecordedRequest &request) {
        if (request.method == "GET" && request.path.endsWith("/models")) {
            return ScriptedResponse::json(200, R"({"object":"list","data":[{"id":"listed-one"},{"id":"listed-two"}]})");
        }
        return ScriptedResponse::json(404, R"({"error":{"message":"no"}})");
    });
    auto w = window(workspace, {u"gpt-test"_s, u"other"_s});
    auto *picker = w->comparisonView()->pane(0)->findChild<QComboBox *>(u"modelPicker"_s);
    QCOMPARE(picker->findData(u"listed-one"_s), -1);
    QTest::mouseClick(w->comparisonView()->pane(0)->findChild<QToolButton *>(u"listModelsButton"_s), Qt::LeftButton);
    QTRY_VERIFY(picker->findData(u"listed-one"_s) >= 0);
    QVERIFY(picker->findData(u"listed-two"_s) >= 0);
    // Every pane on that provider is offered them, and no pane's choice changed.
    auto *other = w->comparisonView()->pane(1)->findChild<QComboBox *>(u"modelPicker"_s);
    QVERIFY(other->findData(u"listed-two"_s) >= 0);
    QCOMPARE(w->comparisonView()->pane(0)->config().model, u"gpt-test"_s);
    QCOMPARE(w->comparisonView()->pane(1)->config().model, u"other"_s);
    QCOMPARE(workspace.server.requests().first().header("authorization"), QByteArray("Bearer sk-test-key-0123456789"));
}

QTEST_MAIN(TestComparisonView)
#include "tst_comparisonview.moc"
