// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
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

QTEST_GUILESS_MAIN(TestCompareSession)
#include "tst_comparesession.moc"
