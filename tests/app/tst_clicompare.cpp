// SPDX-License-Identifier: GPL-3.0-or-later
// The real juxta-cli binary against loopback providers, as a script or a person would run it.
#include "app/loopback/scriptedhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Loopback;

namespace {

constexpr auto OpenAiKey = "sk-test-secret-openai-0001";
constexpr auto AnthropicKey = "sk-ant-test-secret-0002";

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void comparesPanesAndPrintsATable();
    void jsonDocumentHasTheStableNames();
    void allPanesSucceedingExitsZero();
    void readsThePromptFromStandardInput();
    void baseUrlOptionRedirectsOneRun();
    void usageErrors_data();
    void usageErrors();
    void providersSaysWhichHaveKeys();
    void keysAreReadFromStandardInputOnly();

private:
    Run run(const QStringList &arguments, const QByteArray &input = {});
    void serveProviders();

    std::unique_ptr<ScriptedHttpServer> m_server;
};

void TestCliCompare::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
}

Run TestCliCompare::run(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"OPENAI_API_KEY"_s, QLatin1StringView(OpenAiKey));
    environment.insert(u"ANTHROPIC_API_KEY"_s, QLatin1StringView(AnthropicKey));
    environment.remove(u"GEMINI_API_KEY"_s);
    environment.insert(u"JUXTA_OPENAI_BASE_URL"_s, m_server->url(u"/openai/v1"_s).toString());
    environment.insert(u"JUXTA_ANTHROPIC_BASE_URL"_s, m_server->url(u"/anthropic/v1"_s).toString());
    environment.insert(u"JUXTA_PROXY"_s, u"none"_s);
    // No keychain: keys come from the environment and nothing touches a real keyring.
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    environment.remove(u"DISPLAY"_s);
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
    process.write(input);
    process.closeWriteChannel();
    // The server answers from this process's event loop, so wait with it running.
    Run result;
    if (!finished.wait(30000)) {
        process.kill();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    // Whatever happened, a key never shows in what the tool prints.
    for (const char *key : {OpenAiKey, AnthropicKey}) {
        if (result.out.contains(QLatin1StringView(key)) || result.err.contains(QLatin1StringView(key))) {
            qWarning("a key leaked into the output");
            result.exitCode = -2;
        }
    }
    return result;
}

void TestCliCompare::serveProviders()
{
    m_server->setHandler([](const RecordedRequest &request) {
        if (request.path.startsWith("/anthropic")) {
            return ScriptedResponse::json(401,
                R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})");
        }
        return ScriptedResponse::sse(
            {R"({"model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"delta":{"content":"Paris"}}]})",
                R"({"choices":[{"index":0,"delta":{"content":" is the capital."}}]})",
                R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
                R"({"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":6}})",
                "[DONE]"})
            .withPieceDelay(5);
    });
}

void TestCliCompare::comparesPanesAndPrintsATable()
{
    serveProviders();
    const Run result = run({u"compare"_s,
        u"-p"_s,
        u"openai:gpt-4.1-mini"_s,
        u"-p"_s,
        u"anthropic:claude-haiku-4-5"_s,
        u"--temperature"_s,
        u"0.2"_s,
        u"What is the capital of France?"_s});
    QCOMPARE(result.exitCode, 2); // one pane failed
    QVERIFY2(result.out.contains(u"Paris is the capital."_s), qPrintable(result.out));
    QVERIFY(result.out.contains(u"── openai:gpt-4.1-mini"_s));
    QVERIFY(result.out.contains(u"invalid x-api-key"_s));
    const QStringList table = result.out.mid(result.out.indexOf(u"PANE"_s)).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(table.size() >= 3, qPrintable(result.out));
    QVERIFY(table[0].contains(u"TTFT"_s) && table[0].contains(u"COST"_s));
    QVERIFY2(table[1].startsWith(u"openai:gpt-4.1-mini"_s) && table[1].contains(u"stop"_s)
            && table[1].contains(u"$0.000018"_s),
        qPrintable(table[1])); // 20 × $0.40 + 6 × $1.60 per million
    QVERIFY2(table[2].contains(u"error: auth (HTTP 401)"_s), qPrintable(table[2]));
    const QJsonObject body = QJsonDocument::fromJson(m_server->requests().constFirst().body).object();
    QCOMPARE(body.value("temperature"_L1).toDouble(), 0.2);
}

void TestCliCompare::jsonDocumentHasTheStableNames()
{
    serveProviders();
    const Run result = run({u"compare"_s,
        u"--json"_s,
        u"-p"_s,
        u"openai:gpt-4.1-mini"_s,
        u"-p"_s,
        u"anthropic:claude-haiku-4-5"_s,
        u"Capital of France?"_s});
    QCOMPARE(result.exitCode, 2);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8(), &error);
    QVERIFY2(document.isObject(), qPrintable(error.errorString() + u'\n' + result.out));
    const QJsonArray panes = document.object().value("panes"_L1).toArray();
    QCOMPARE(panes.size(), 2);
    // The names the issue fixed, plus annotations (filter verdicts, engine figures).
    const QStringList paneKeys = {u"annotations"_s,
        u"error"_s,
        u"finish_reason"_s,
        u"metrics"_s,
        u"model"_s,
        u"model_answered"_s,
        u"preset"_s,
        u"reasoning"_s,
        u"text"_s};
    const QStringList metricKeys = {u"cost_usd"_s,
        u"estimated"_s,
        u"input_tokens"_s,
        u"output_tokens"_s,
        u"reasoning_tokens"_s,
        u"tokens_per_second"_s,
        u"total_ms"_s,
        u"ttfb_ms"_s,
        u"ttft_ms"_s};
    for (const QJsonValue &value : panes) {
        QCOMPARE(value.toObject().keys(), paneKeys);
        QCOMPARE(value.toObject().value("metrics"_L1).toObject().keys(), metricKeys);
    }
    const QJsonObject ok = panes[0].toObject();
    QCOMPARE(ok.value("preset"_L1).toString(), u"openai"_s);
    QVERIFY(ok.value("annotations"_L1).isArray());
    QCOMPARE(ok.value("model_answered"_L1).toString(), u"gpt-4.1-mini-2025-04-14"_s);
    QCOMPARE(ok.value("text"_L1).toString(), u"Paris is the capital."_s);
    QCOMPARE(ok.value("finish_reason"_L1).toString(), u"stop"_s);
    QVERIFY(ok.value("error"_L1).isNull());
    QCOMPARE(ok.value("metrics"_L1).toObject().value("output_tokens"_L1).toInt(), 6);
    QVERIFY(ok.value("metrics"_L1).toObject().value("ttft_ms"_L1).isDouble());

    const QJsonObject failed = panes[1].toObject();
    QVERIFY(failed.value("finish_reason"_L1).isNull());
    const QJsonObject failure = failed.value("error"_L1).toObject();
    QCOMPARE(failure.keys(), (QStringList {u"http_status"_s, u"kind"_s, u"message"_s, u"retry_after_s"_s}));
    QCOMPARE(failure.value("kind"_L1).toString(), u"auth"_s);
    QCOMPARE(failure.value("http_status"_L1).toInt(), 401);
}

void TestCliCompare::allPanesSucceedingExitsZero()
{
    serveProviders();
    const Run result = run({u"compare"_s, u"-p"_s, u"openai:a"_s, u"-p"_s, u"openai:b"_s, u"Hi"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(m_server->requests().size(), 2);
}

void TestCliCompare::readsThePromptFromStandardInput()
{
    serveProviders();
    const Run result = run({u"compare"_s, u"-p"_s, u"openai"_s}, "A prompt from a pipe\n");
    QCOMPARE(result.exitCode, 0);
    const QJsonObject body = QJsonDocument::fromJson(m_server->requests().constFirst().body).object();
    QCOMPARE(body.value("model"_L1).toString(), u"gpt-4.1-mini"_s); // the preset's default model
    QCOMPARE(body.value("messages"_L1).toArray().last().toObject().value("content"_L1).toString(),
        u"A prompt from a pipe"_s);
}

void TestCliCompare::baseUrlOptionRedirectsOneRun()
{
    serveProviders();
    const Run result = run({u"compare"_s,
        u"--base-url"_s,
        u"openai="_s + m_server->url(u"/elsewhere/v1"_s).toString(),
        u"-p"_s,
        u"openai:m"_s,
        u"Hi"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(m_server->requests().constFirst().path, "/elsewhere/v1/chat/completions");
}

void TestCliCompare::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("no pane") << QStringList {u"compare"_s, u"Hi"_s} << u"at least one pane"_s;
    QTest::newRow("unknown preset") << QStringList {u"compare"_s, u"-p"_s, u"nope:m"_s, u"Hi"_s} << u"\"nope\""_s;
    QTest::newRow("bad number")
        << QStringList {u"compare"_s, u"-p"_s, u"openai:m"_s, u"--temperature"_s, u"hot"_s, u"Hi"_s}
        << u"--temperature takes a number"_s;
    QTest::newRow("bad base url")
        << QStringList {u"compare"_s, u"--base-url"_s, u"openai"_s, u"-p"_s, u"openai"_s, u"Hi"_s} << u"PRESET=URL"_s;
    QTest::newRow("no prompt") << QStringList {u"compare"_s, u"-p"_s, u"openai"_s} << u"no prompt"_s;
    QTest::newRow("unknown option") << QStringList {u"compare"_s, u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("bad proxy") << QStringList {u"--proxy"_s, u"ftp://x"_s, u"providers"_s} << u"not a proxy"_s;
    QTest::newRow("unknown command") << QStringList {u"compere"_s} << u"unknown command 'compere'"_s;
}

void TestCliCompare::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, complaint);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(complaint), qPrintable(result.err));
    QVERIFY(m_server->requests().isEmpty());
}

void TestCliCompare::providersSaysWhichHaveKeys()
{
    const Run result = run({u"providers"_s, u"--json"_s});
    QCOMPARE(result.exitCode, 0);
    const QJsonArray providers = QJsonDocument::fromJson(result.out.toUtf8()).object().value("providers"_L1).toArray();
    QHash<QString, bool> configured;
    for (const QJsonValue &value : providers) {
        configured.insert(value.toObject().value("id"_L1).toString(),
            value.toObject().value("key_configured"_L1).toBool());
    }
    QVERIFY(configured.value(u"openai"_s));
    QVERIFY(configured.value(u"anthropic"_s));
    QVERIFY(!configured.value(u"gemini"_s, true));
    QVERIFY(configured.value(u"ollama"_s)); // needs none
}

void TestCliCompare::keysAreReadFromStandardInputOnly()
{
    // With no keychain reachable the key lives only as long as the command: said, and exit 2.
    const Run stored = run({u"keys"_s, u"set"_s, u"groq"_s}, "gsk_test_secret_value_99\n");
    QCOMPARE(stored.exitCode, 2);
    QVERIFY2(stored.out.contains(u"for this session only"_s), qPrintable(stored.out));
    QVERIFY(!stored.out.contains(u"gsk_test_secret_value_99"_s));
    QVERIFY2(stored.out.contains(u"…"_s), qPrintable(stored.out));

    const Run empty = run({u"keys"_s, u"set"_s, u"groq"_s});
    QCOMPARE(empty.exitCode, 1);
    QVERIFY(empty.err.contains(u"no key on standard input"_s));

    const Run misuse = run({u"keys"_s, u"set"_s, u"groq"_s, u"gsk_on_the_command_line"_s});
    QCOMPARE(misuse.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_clicompare.moc"
