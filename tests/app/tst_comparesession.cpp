// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/compare/curlcommand.h"
#include "app/loopback/scriptedhttpserver.h"
#include "app/metrics/responserecorder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;
using namespace Juxta::Providers;

namespace {

QByteArray chunk(const QString &text)
{
    return QJsonDocument(
        QJsonObject {{u"choices"_s,
            QJsonArray {QJsonObject {{u"index"_s, 0}, {u"delta"_s, QJsonObject {{u"content"_s, text}}}}}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray finish()
{
    return R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3}})";
}

} // namespace

class TestCompareSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void panesStreamInParallel();
    void aFailingPaneLeavesTheOthersAlone();
    void eachPaneKeepsItsOwnConversation();
    void aFailedTurnIsNotKeptInTheConversation();
    void aSetConversationIsContinued();
    void cancelStopsEveryPaneAndKeepsTheirText();
    void panesThatCannotStartSayWhy();
    void onlyIncludedPanesAreAsked();
    void deltasNameThePaneByItsCurrentIndex();
    void removingAStreamingPaneLeavesTheOthers();
    void regenerateAsksOnePaneAgain();
    void resendReplacesTheQuestion();
    void cancelPaneStopsOnlyThatPane();
    void rawExchangeHidesTheKey();

private:
    PaneConfig pane(const QString &model, const QString &preset = u"openai"_s) const
    {
        return PaneConfig {preset, model, u"Be brief."_s, {}};
    }

    std::unique_ptr<ScriptedHttpServer> m_server;
    PresetCatalog m_catalog;
    QNetworkAccessManager m_network;
};

void TestCompareSession::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_catalog = PresetCatalog::builtIn(QProcessEnvironment());
    for (const QString &id : {u"openai"_s, u"anthropic"_s, u"gemini"_s}) {
        QVERIFY(m_catalog.overrideBaseUrl(id, m_server->url(u"/"_s + id)));
    }
}

void TestCompareSession::panesStreamInParallel()
{
    // Each answer holds back its end until every pane has asked: only parallel panes finish.
    int asked = 0;
    m_server->setHandler([&asked](const RecordedRequest &request) {
        ++asked;
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        ScriptedResponse response = ScriptedResponse::sse({chunk(model + u" says hi"_s), finish(), "[DONE]"});
        response.pieces[1].delayMs = 300;
        return response;
    });
    CompareSession session(m_catalog, m_network);
    for (const QString &model : {u"a"_s, u"b"_s, u"c"_s}) {
        session.addPane(pane(model));
        session.setApiKey(u"openai"_s, u"k"_s);
    }
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    QElapsedTimer clock;
    clock.start();
    session.send(u"Hello"_s);
    QVERIFY(session.isRunning());
    QVERIFY(ended.wait(10000));
    QCOMPARE(asked, 3);
    QVERIFY2(clock.elapsed() < 850, qPrintable(QString::number(clock.elapsed()))); // not 3 × 300 ms in a row
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(session.recorder(i).text(), session.paneConfig(i).model + u" says hi"_s);
        QCOMPARE(session.metrics(i).outputTokens, std::optional<qint64>(3));
        QVERIFY(session.metrics(i).estimated.isEmpty());
    }
    QVERIFY(!session.isRunning());
}

void TestCompareSession::aFailingPaneLeavesTheOthersAlone()
{
    m_server->setHandler([](const RecordedRequest &request) {
        if (request.path.startsWith("/anthropic")) {
            return ScriptedResponse::json(529,
                R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
        }
        if (request.path.startsWith("/gemini")) {
            // Dies halfway.
            return ScriptedResponse::sse({R"({"candidates":[{"content":{"parts":[{"text":"Half"}]}}]})"})
                .withPieceDelay(50)
                .withEnding(Ending::Disconnect);
        }
        return ScriptedResponse::sse({chunk(u"Fine"_s), finish(), "[DONE]"}).withPieceDelay(100);
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"gpt"_s));
    session.addPane(pane(u"claude"_s, u"anthropic"_s));
    session.addPane(pane(u"gemini-2.5-flash"_s, u"gemini"_s));
    for (const QString &id : {u"openai"_s, u"anthropic"_s, u"gemini"_s}) {
        session.setApiKey(id, u"k"_s);
    }
    QSignalSpy paneEnded(&session, &CompareSession::paneEnded);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hello"_s);
    QVERIFY(ended.wait(10000));
    QCOMPARE(paneEnded.size(), 3);
    QCOMPARE(session.recorder(0).text(), u"Fine"_s);
    QCOMPARE(session.recorder(0).finishReason(), std::optional<FinishReason>(FinishReason::Stop));
    QCOMPARE(session.recorder(1).error()->kind, ProviderError::Kind::Overloaded);
    QCOMPARE(session.recorder(2).text(), u"Half"_s);
    QCOMPARE(session.recorder(2).error()->kind, ProviderError::Kind::Network);
}

void TestCompareSession::eachPaneKeepsItsOwnConversation()
{
    int turn = 0;
    m_server->setHandler([&turn](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        return ScriptedResponse::sse({chunk(u"%1-answer-%2"_s.arg(model).arg(turn)), finish(), "[DONE]"});
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.addPane(pane(u"y"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"First"_s);
    QVERIFY(ended.wait());
    turn = 1;
    session.send(u"Second"_s);
    QVERIFY(ended.wait());

    // The second request of pane y carries y's own first answer, not x's.
    QList<QJsonArray> secondTurns;
    for (const RecordedRequest &request : m_server->requests()) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        if (body.value("messages"_L1).toArray().size() == 4) {
            secondTurns.append(body.value("messages"_L1).toArray());
        }
    }
    QCOMPARE(secondTurns.size(), 2);
    QStringList assistantTurns;
    for (const QJsonArray &messages : secondTurns) {
        QCOMPARE(messages[0].toObject().value("content"_L1).toString(), u"Be brief."_s);
        QCOMPARE(messages[1].toObject().value("content"_L1).toString(), u"First"_s);
        assistantTurns.append(messages[2].toObject().value("content"_L1).toString());
        QCOMPARE(messages[3].toObject().value("content"_L1).toString(), u"Second"_s);
    }
    assistantTurns.sort();
    QCOMPARE(assistantTurns, (QStringList {u"x-answer-0"_s, u"y-answer-0"_s}));
    QCOMPARE(session.conversation(1).size(), 4);
    QCOMPARE(session.conversation(1).last().content, u"y-answer-1"_s);
}

void TestCompareSession::aFailedTurnIsNotKeptInTheConversation()
{
    m_server->enqueue(ScriptedResponse::json(500, R"({"error":{"message":"boom"}})"));
    m_server->enqueue(ScriptedResponse::sse({chunk(u"ok"_s), finish(), "[DONE]"}));
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Try"_s);
    QVERIFY(ended.wait());
    QVERIFY(session.conversation(0).isEmpty());
    session.send(u"Try again"_s);
    QVERIFY(ended.wait());
    const QJsonArray messages =
        QJsonDocument::fromJson(m_server->requests().last().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 2); // the system prompt and this turn only
    QCOMPARE(session.conversation(0).size(), 2);
}

void TestCompareSession::aSetConversationIsContinued()
{
    m_server->setHandler([](const RecordedRequest &) {
        return ScriptedResponse::sse({chunk(u"Third answer"_s), finish(), "[DONE]"});
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    const QList<ChatMessage> earlier {
        {ChatMessage::Role::User, u"First question"_s, {}, {}, {}},
        {ChatMessage::Role::Assistant, u"First answer"_s, {}, {}, {}},
        {ChatMessage::Role::User, u"Second question"_s, {}, {}, {}},
        {ChatMessage::Role::Assistant, u"Second answer"_s, {}, {}, {}},
    };
    session.setConversation(0, earlier);
    QCOMPARE(session.conversation(0).size(), 4);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Third question"_s);
    QVERIFY(ended.wait());
    const QJsonArray messages =
        QJsonDocument::fromJson(m_server->requests().last().body).object().value("messages"_L1).toArray();
    QStringList sent;
    for (const QJsonValue &message : messages) {
        sent.append(
            message.toObject().value("role"_L1).toString() + u':' + message.toObject().value("content"_L1).toString());
    }
    QCOMPARE(sent,
        (QStringList {u"system:Be brief."_s,
            u"user:First question"_s,
            u"assistant:First answer"_s,
            u"user:Second question"_s,
            u"assistant:Second answer"_s,
            u"user:Third question"_s}));
    QCOMPARE(session.conversation(0).size(), 6);
    QCOMPARE(session.conversation(0).last().content, u"Third answer"_s);
}

void TestCompareSession::cancelStopsEveryPaneAndKeepsTheirText()
{
    m_server->setHandler([](const RecordedRequest &) {
        QList<QByteArray> events;
        for (int i = 0; i < 200; ++i) {
            events.append(chunk(u"w "_s));
        }
        return ScriptedResponse::sse(events).withPieceDelay(10);
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.addPane(pane(u"y"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Go"_s);
    QTRY_VERIFY(session.recorder(0).text().size() > 4 && session.recorder(1).text().size() > 4);
    session.cancel();
    QCOMPARE(ended.size(), 1); // at once, not after the answers would have ended
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(session.recorder(i).error()->kind, ProviderError::Kind::Cancelled);
        QVERIFY(session.recorder(i).text().startsWith(u"w w "_s));
    }
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestCompareSession::panesThatCannotStartSayWhy()
{
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s)); // no key set
    session.addPane(pane(u"gpt-4o"_s, u"azure-openai"_s));
    session.addPane(pane(u"m"_s, u"no-such-preset"_s));
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hello"_s);
    QVERIFY(ended.wait());
    QCOMPARE(session.recorder(0).error()->kind, ProviderError::Kind::Auth);
    QVERIFY(session.recorder(0).error()->message.contains(u"OPENAI_API_KEY"_s));
    QVERIFY(session.recorder(1).error()->message.contains(u"JUXTA_AZURE_OPENAI_BASE_URL"_s));
    QCOMPARE(session.recorder(2).error()->kind, ProviderError::Kind::NotFound);
    QVERIFY(m_server->requests().isEmpty());
}

void TestCompareSession::onlyIncludedPanesAreAsked()
{
    m_server->setHandler([](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        return ScriptedResponse::sse({chunk(model), finish(), "[DONE]"});
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"a"_s));
    session.addPane(pane(u"b"_s));
    session.addPane(pane(u"c"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    session.setIncluded(1, false);
    QVERIFY(!session.isIncluded(1));
    QSignalSpy started(&session, &CompareSession::paneTurnStarted);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hi"_s);
    QVERIFY(ended.wait());
    QCOMPARE(started.size(), 2);
    QStringList models;
    for (const RecordedRequest &request : m_server->requests()) {
        models.append(QJsonDocument::fromJson(request.body).object().value("model"_L1).toString());
    }
    models.sort();
    QCOMPARE(models, (QStringList {u"a"_s, u"c"_s}));
    QVERIFY(session.conversation(1).isEmpty());
    QCOMPARE(session.conversation(2).size(), 2);
}

void TestCompareSession::deltasNameThePaneByItsCurrentIndex()
{
    m_server->setHandler([](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        return ScriptedResponse::sse(
            {chunk(model + u"1 "_s), chunk(model + u"2 "_s), chunk(model + u"3"_s), finish(), "[DONE]"})
            .withPieceDelay(60);
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"a"_s));
    session.addPane(pane(u"b"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QHash<int, QString> received;
    connect(&session, &CompareSession::paneTextDelta, this, [&received](int pane, const QString &text) {
        received[pane] += text;
    });
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hi"_s);
    QTRY_VERIFY(!received.value(0).isEmpty() && !received.value(1).isEmpty());
    // Swapped while streaming: what follows arrives under the new indices.
    session.movePane(0, 1);
    QCOMPARE(session.paneConfig(0).model, u"b"_s);
    QVERIFY(ended.wait());
    QCOMPARE(session.recorder(0).text(), u"b1 b2 b3"_s);
    QCOMPARE(session.recorder(1).text(), u"a1 a2 a3"_s);
    // Each index got the beginning of one answer and the end of the other.
    QVERIFY(received.value(0).startsWith(u"a1"_s) && received.value(0).endsWith(u"b3"_s));
    QVERIFY(received.value(1).startsWith(u"b1"_s) && received.value(1).endsWith(u"a3"_s));
}

void TestCompareSession::removingAStreamingPaneLeavesTheOthers()
{
    m_server->setHandler([](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        QList<QByteArray> events;
        for (int i = 0; i < 20; ++i) {
            events.append(chunk(model));
        }
        events.append(finish());
        events.append("[DONE]");
        return ScriptedResponse::sse(events).withPieceDelay(20);
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"a"_s));
    session.addPane(pane(u"b"_s));
    session.addPane(pane(u"c"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy paneEnded(&session, &CompareSession::paneEnded);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hi"_s);
    QTRY_VERIFY(!session.recorder(1).text().isEmpty());
    session.removePane(1);
    QCOMPARE(session.paneCount(), 2);
    QVERIFY(paneEnded.isEmpty()); // the removed pane goes quietly
    QVERIFY(session.isRunning());
    QVERIFY(ended.wait());
    QCOMPARE(ended.size(), 1);
    QCOMPARE(paneEnded.size(), 2);
    QCOMPARE(session.recorder(0).text(), QString(20, u'a'));
    QCOMPARE(session.recorder(1).text(), QString(20, u'c'));
    QTRY_COMPARE(m_server->openConnectionCount(), 0);

    // Removing the last running pane ends the turn.
    session.send(u"Again"_s);
    QTRY_VERIFY(!session.recorder(0).text().isEmpty());
    session.removePane(1);
    session.removePane(0);
    QCOMPARE(ended.size(), 2);
    QVERIFY(!session.isRunning());
}

void TestCompareSession::regenerateAsksOnePaneAgain()
{
    int served = 0;
    m_server->setHandler([&served](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        return ScriptedResponse::sse({chunk(u"%1-%2"_s.arg(model).arg(++served)), finish(), "[DONE]"});
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.addPane(pane(u"y"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Question"_s);
    QVERIFY(ended.wait());
    const QString firstY = session.recorder(1).text();
    QSignalSpy started(&session, &CompareSession::paneTurnStarted);
    session.regenerate(0);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().at(0).toInt(), 0);
    QCOMPARE(started.first().at(1).toString(), u"Question"_s);
    QVERIFY(session.isPaneRunning(0));
    QVERIFY(!session.isPaneRunning(1));
    QVERIFY(ended.wait());
    QCOMPARE(m_server->requests().size(), 3);
    // Asked again with the same history, not with the answer it replaces.
    const QJsonArray messages =
        QJsonDocument::fromJson(m_server->requests().last().body).object().value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[1].toObject().value("content"_L1).toString(), u"Question"_s);
    QCOMPARE(session.conversation(0).size(), 2);
    QCOMPARE(session.conversation(0).last().content, u"x-3"_s);
    QCOMPARE(session.recorder(1).text(), firstY);
}

void TestCompareSession::resendReplacesTheQuestion()
{
    m_server->setHandler([](const RecordedRequest &request) {
        const QJsonArray messages = QJsonDocument::fromJson(request.body).object().value("messages"_L1).toArray();
        return ScriptedResponse::sse(
            {chunk(u"re: "_s + messages.last().toObject().value("content"_L1).toString()), finish(), "[DONE]"});
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"One"_s);
    QVERIFY(ended.wait());
    session.send(u"Two"_s);
    QVERIFY(ended.wait());
    session.resend(0, u"Two, edited"_s);
    QVERIFY(ended.wait());
    QCOMPARE(session.lastPrompt(0), u"Two, edited"_s);
    const QList<ChatMessage> conversation = session.conversation(0);
    QCOMPARE(conversation.size(), 4);
    QCOMPARE(conversation[1].content, u"re: One"_s);
    QCOMPARE(conversation[2].content, u"Two, edited"_s);
    QCOMPARE(conversation[3].content, u"re: Two, edited"_s);
}

void TestCompareSession::cancelPaneStopsOnlyThatPane()
{
    m_server->setHandler([](const RecordedRequest &) {
        QList<QByteArray> events;
        for (int i = 0; i < 15; ++i) {
            events.append(chunk(u"w "_s));
        }
        events.append(finish());
        return ScriptedResponse::sse(events).withPieceDelay(20);
    });
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"x"_s));
    session.addPane(pane(u"y"_s));
    session.setApiKey(u"openai"_s, u"k"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Go"_s);
    QTRY_VERIFY(!session.recorder(0).text().isEmpty());
    session.cancelPane(0);
    QCOMPARE(session.recorder(0).error()->kind, ProviderError::Kind::Cancelled);
    QVERIFY(session.isPaneRunning(1));
    QVERIFY(ended.wait());
    QCOMPARE(session.recorder(1).finishReason(), std::optional<FinishReason>(FinishReason::Stop));
    QCOMPARE(session.recorder(1).text(), QString(u"w "_s).repeated(15));
}

void TestCompareSession::rawExchangeHidesTheKey()
{
    m_server->setHandler([](const RecordedRequest &) {
        return ScriptedResponse::sse({chunk(u"Hello"_s), finish(), "[DONE]"});
    });
    const QString key = u"sk-secret-0123456789abcdef"_s;
    CompareSession session(m_catalog, m_network);
    session.addPane(pane(u"gpt-x"_s));
    session.addPane(pane(u"gemini-2.5-flash"_s, u"gemini"_s));
    session.setApiKey(u"openai"_s, key);
    session.setApiKey(u"gemini"_s, key);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"Hi"_s);
    QVERIFY(ended.wait());
    // The key did go over the wire…
    QCOMPARE(m_server->requests().size(), 2);
    for (const RecordedRequest &request : m_server->requests()) {
        QVERIFY(request.header("authorization").contains(key.toUtf8())
            || request.header("x-goog-api-key").contains(key.toUtf8()));
    }
    // …but never into what the pane shows or copies.
    for (int i = 0; i < 2; ++i) {
        const RawExchange exchange = session.rawExchange(i);
        QVERIFY(!exchange.isEmpty());
        const QString curl = CurlCommand::fromExchange(exchange);
        QVERIFY2(!curl.contains(key), qPrintable(curl));
        QVERIFY(!exchange.url.toString().contains(key));
        for (const auto &[name, value] : exchange.requestHeaders) {
            QVERIFY(!value.contains(key.toUtf8()));
        }
        QVERIFY(curl.startsWith(u"curl "_s));
        QVERIFY2(curl.contains(exchange.keyPlaceholder), qPrintable(curl));
        QVERIFY(curl.contains(u"--data-raw '"_s));
        QVERIFY(exchange.responseBody.contains("Hello"));
    }
    QCOMPARE(session.rawExchange(0).keyPlaceholder, u"$OPENAI_API_KEY"_s);
    // Double-quoted, so the shell fills the variable in.
    QVERIFY(CurlCommand::fromExchange(session.rawExchange(0))
            .contains(u"-H \"authorization: Bearer $OPENAI_API_KEY\""_s, Qt::CaseInsensitive));
    QCOMPARE(QJsonDocument::fromJson(session.rawExchange(0).requestBody).object().value("model"_L1).toString(),
        u"gpt-x"_s);
}

QTEST_GUILESS_MAIN(TestCompareSession)
#include "tst_comparesession.moc"
