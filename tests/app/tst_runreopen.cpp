// SPDX-License-Identifier: GPL-3.0-or-later
// A recorded multi-turn run re-opened and continued, without widgets: real SQLite, real HTTP on loopback.
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/loopback/scriptedhttpserver.h"
#include "app/runs/parameterjson.h"
#include "app/runs/runcapture.h"
#include "app/runs/runreopen.h"
#include "app/storage/database.h"
#include "app/storage/runstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;
using namespace Juxta::Providers;

namespace {

QByteArray openAiChunk(const QString &text)
{
    return QJsonDocument(
        QJsonObject {{u"choices"_s,
            QJsonArray {QJsonObject {{u"index"_s, 0}, {u"delta"_s, QJsonObject {{u"content"_s, text}}}}}}})
        .toJson(QJsonDocument::Compact);
}

ScriptedResponse openAiAnswer(const QString &text)
{
    return ScriptedResponse::sse(
        {openAiChunk(text), R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})", "[DONE]"});
}

ScriptedResponse anthropicAnswer(const QString &text)
{
    const QByteArray delta =
        QJsonDocument(QJsonObject {{u"type"_s, u"content_block_delta"_s},
                          {u"index"_s, 0},
                          {u"delta"_s, QJsonObject {{u"type"_s, u"text_delta"_s}, {u"text"_s, text}}}})
            .toJson(QJsonDocument::Compact);
    return ScriptedResponse::sseEvents({
        {"message_start",
            R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-loopback","content":[],"usage":{"input_tokens":5,"output_tokens":1}}})"},
        {"content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"},
        {"content_block_delta", delta},
        {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
        {"message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}})"},
        {"message_stop", R"({"type":"message_stop"})"},
    });
}

/** "role:content" of each message of a request, whichever wire family sent it. */
QStringList turns(const RecordedRequest &request)
{
    QStringList result;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    for (const QJsonValue &value : body.value("messages"_L1).toArray()) {
        const QJsonObject message = value.toObject();
        QString content;
        if (message.value("content"_L1).isArray()) {
            // Anthropic may send content blocks.
            for (const QJsonValue &block : message.value("content"_L1).toArray()) {
                content += block.toObject().value("text"_L1).toString();
            }
        } else {
            content = message.value("content"_L1).toString();
        }
        result.append(message.value("role"_L1).toString() + u':' + content);
    }
    return result;
}

} // namespace

class TestRunReopen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void parameterJsonReads_data();
    void parameterJsonReads();
    void parameterJsonRoundTripsAndFillsUnset();
    void aReopenedRunContinuesEveryConversation();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ScriptedHttpServer> m_server;
    PresetCatalog m_catalog;
    QNetworkAccessManager m_network;
};

void TestRunReopen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"reopen"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_catalog = PresetCatalog::builtIn(QProcessEnvironment());
    for (const QString &id : {u"openai"_s, u"anthropic"_s}) {
        QVERIFY(m_catalog.overrideBaseUrl(id, m_server->url(u"/"_s + id)));
    }
}

void TestRunReopen::cleanup()
{
    m_server.reset();
    m_database.reset();
    m_dir.reset();
}

void TestRunReopen::parameterJsonReads_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("ignored");
    QTest::newRow("juxta names") << QByteArray(R"({"temperature":0.2,"top_p":0.9,"max_tokens":100,"seed":7})")
                                 << QByteArray(R"({"max_tokens":100,"seed":7,"temperature":0.2,"top_p":0.9})")
                                 << QStringList();
    QTest::newRow("numbers as text (yaml)") << QByteArray(R"({"temperature":"0.5","max_tokens":"64"})")
                                            << QByteArray(R"({"max_tokens":64,"temperature":0.5})") << QStringList();
    QTest::newRow("one stop string") << QByteArray(R"({"stop":"END"})") << QByteArray(R"({"stop":["END"]})")
                                     << QStringList();
    QTest::newRow("prompty response format") << QByteArray(R"({"response_format":{"type":"json_object"}})")
                                             << QByteArray(R"({"response_format":"json_object"})") << QStringList();
    QTest::newRow("json schema") << QByteArray(R"({"response_format":"json_schema","json_schema":{"type":"object"}})")
                                 << QByteArray(R"({"json_schema":{"type":"object"},"response_format":"json_schema"})")
                                 << QStringList();
    QTest::newRow("unknown and wrong types")
        << QByteArray(
               R"({"frequency_penalty":0.1,"temperature":"hot","max_tokens":1.5,"top_k":-1,"stop":[1],"seed":3})")
        << QByteArray(R"({"seed":3})")
        << QStringList {u"frequency_penalty"_s, u"max_tokens"_s, u"stop"_s, u"temperature"_s, u"top_k"_s};
}

void TestRunReopen::parameterJsonReads()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, ignored);
    QStringList left;
    const GenerationParams params = ParameterJson::read(QJsonDocument::fromJson(json).object(), &left);
    QCOMPARE(QJsonDocument(ParameterJson::write(params)).toJson(QJsonDocument::Compact), expected);
    left.sort();
    QCOMPARE(left, ignored);
}

void TestRunReopen::parameterJsonRoundTripsAndFillsUnset()
{
    GenerationParams all;
    all.temperature = 0.3;
    all.topP = 0.8;
    all.topK = 40;
    all.minP = 0.05;
    all.repeatPenalty = 1.1;
    all.maxTokens = 512;
    all.stop = {u"a"_s, u"b"_s};
    all.seed = 42;
    all.reasoningEffort = u"low"_s;
    all.thinkingBudget = 1024;
    all.responseFormat = GenerationParams::ResponseFormat::JsonObject;
    const QJsonObject json = ParameterJson::write(all);
    QStringList ignored;
    QCOMPARE(ParameterJson::write(ParameterJson::read(json, &ignored)), json);
    QVERIFY(ignored.isEmpty());

    // What is set stays; only what is unset is filled.
    GenerationParams explicitOnes;
    explicitOnes.temperature = 1.0;
    explicitOnes.stop = {u"mine"_s};
    ParameterJson::fillUnset(explicitOnes, all);
    QCOMPARE(explicitOnes.temperature, std::optional<double>(1.0));
    QCOMPARE(explicitOnes.stop, QStringList {u"mine"_s});
    QCOMPARE(explicitOnes.maxTokens, std::optional<int>(512));
    QCOMPARE(explicitOnes.reasoningEffort, u"low"_s);
    QCOMPARE(explicitOnes.responseFormat, GenerationParams::ResponseFormat::JsonObject);
}

void TestRunReopen::aReopenedRunContinuesEveryConversation()
{
    int turn = 0;
    m_server->setHandler([&turn](const RecordedRequest &request) {
        if (request.path.startsWith("/anthropic")) {
            return anthropicAnswer(u"claude answer %1"_s.arg(turn));
        }
        return openAiAnswer(u"gpt answer %1"_s.arg(turn));
    });

    // Record a two-turn run on two panes.
    GenerationParams params;
    params.temperature = 0.25;
    params.maxTokens = 200;
    RunStore runs(m_database->connection());
    qint64 id = 0;
    {
        CompareSession session(m_catalog, m_network);
        session.addPane(PaneConfig {u"openai"_s, u"gpt-x"_s, u"Answer briefly."_s, params});
        session.addPane(PaneConfig {u"anthropic"_s, u"claude-y"_s, u"Answer briefly."_s, params});
        session.setApiKey(u"openai"_s, u"k1"_s);
        session.setApiKey(u"anthropic"_s, u"k2"_s);
        QSignalSpy ended(&session, &CompareSession::turnEnded);
        session.send(u"What is a monad?"_s);
        QVERIFY(ended.wait(10000));
        turn = 1;
        session.send(u"Shorter, please."_s);
        QVERIFY(ended.wait(10000));
        RunRecord provenance;
        provenance.promptText = u"Shorter, please."_s;
        provenance.systemText = u"Answer briefly."_s;
        const auto saved = runs.save(RunCapture::fromSession(session, m_catalog, provenance));
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
        id = *saved;
    }

    // Re-open it from the database, as the workspace will.
    const auto stored = runs.run(id);
    QVERIFY(stored);
    const QList<ReopenedPane> panes = RunReopen::panes(*stored);
    QCOMPARE(panes.size(), 2);
    QCOMPARE(panes[0].config.presetId, u"openai"_s);
    QCOMPARE(panes[0].config.model, u"gpt-x"_s);
    QCOMPARE(panes[1].config.presetId, u"anthropic"_s);
    QCOMPARE(panes[1].config.model, u"claude-y"_s);
    for (const ReopenedPane &pane : panes) {
        QCOMPARE(pane.config.systemPrompt, u"Answer briefly."_s);
        QCOMPARE(pane.config.params.temperature, std::optional<double>(0.25));
        QCOMPARE(pane.config.params.maxTokens, std::optional<int>(200));
        QVERIFY(pane.ignoredParameters.isEmpty());
        QCOMPARE(pane.conversation.size(), 4);
        QCOMPARE(pane.conversation[0].role, ChatMessage::Role::User);
        QCOMPARE(pane.conversation[3].role, ChatMessage::Role::Assistant);
    }
    QCOMPARE(panes[0].conversation[3].content, u"gpt answer 1"_s);
    QCOMPARE(panes[1].conversation[1].content, u"claude answer 0"_s);

    // Continue it: the follow-up carries each pane's own earlier turns.
    m_server->clearRequests();
    turn = 2;
    CompareSession session(m_catalog, m_network);
    session.addPane(PaneConfig {u"openai"_s, u"unrelated"_s, QString(), {}});
    QCOMPARE(RunReopen::seed(session, panes), 1);
    QCOMPARE(session.paneCount(), 3);
    QCOMPARE(session.paneConfig(2).model, u"claude-y"_s);
    QVERIFY(session.conversation(0).isEmpty());
    QCOMPARE(session.conversation(1).size(), 4);
    session.setApiKey(u"openai"_s, u"k1"_s);
    session.setApiKey(u"anthropic"_s, u"k2"_s);
    QSignalSpy ended(&session, &CompareSession::turnEnded);
    session.send(u"And an example?"_s);
    QVERIFY(ended.wait(10000));
    QCOMPARE(m_server->requests().size(), 3);
    bool sawOpenAi = false;
    bool sawAnthropic = false;
    for (const RecordedRequest &request : m_server->requests()) {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        if (body.value("model"_L1).toString() == "unrelated"_L1) {
            QCOMPARE(turns(request), QStringList {u"user:And an example?"_s});
            continue;
        }
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.25);
        if (request.path.startsWith("/anthropic")) {
            sawAnthropic = true;
            QCOMPARE(body.value("model"_L1).toString(), u"claude-y"_s);
            QCOMPARE(body.value("system"_L1).toString(), u"Answer briefly."_s);
            QCOMPARE(body.value("max_tokens"_L1).toInt(), 200);
            QCOMPARE(turns(request),
                (QStringList {u"user:What is a monad?"_s,
                    u"assistant:claude answer 0"_s,
                    u"user:Shorter, please."_s,
                    u"assistant:claude answer 1"_s,
                    u"user:And an example?"_s}));
        } else {
            sawOpenAi = true;
            QCOMPARE(body.value("model"_L1).toString(), u"gpt-x"_s);
            QCOMPARE(turns(request),
                (QStringList {u"system:Answer briefly."_s,
                    u"user:What is a monad?"_s,
                    u"assistant:gpt answer 0"_s,
                    u"user:Shorter, please."_s,
                    u"assistant:gpt answer 1"_s,
                    u"user:And an example?"_s}));
        }
    }
    QVERIFY(sawOpenAi && sawAnthropic);
    QCOMPARE(session.conversation(2).size(), 6);
    QCOMPARE(session.conversation(2).last().content, u"claude answer 2"_s);

    // The follow-up is a new run; the re-opened one is unchanged.
    const auto followUp = runs.save(RunCapture::fromSession(session, m_catalog, {}));
    QVERIFY(followUp);
    QCOMPARE(runs.run(*followUp)->panes[1].conversation.size(), 6);
    QCOMPARE(runs.run(id)->panes[0].conversation.size(), 4);
}

QTEST_GUILESS_MAIN(TestRunReopen)
#include "tst_runreopen.moc"
