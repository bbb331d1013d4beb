// SPDX-License-Identifier: GPL-3.0-or-later
// Cloud providers over real HTTP on loopback: recorded streams cut and delayed every way a
// network can, every HTTP error a provider sends, stalls, disconnects and cancellation.
#include "app/loopback/scriptedhttpserver.h"
#include "app/metrics/responserecorder.h"
#include "providers/chatstream.h"
#include "providers/http/httpprovider.h"
#include "providers/providerfactory.h"
#include "tests/fixtures/streamoutcome.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <tuple>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;
using namespace Juxta::Providers;
using Juxta::Testing::StreamOutcomeCollector;

namespace {

QByteArray transcript(const QString &name)
{
    QFile file(QStringLiteral(JUXTA_TEST_DATA) + u"/streams/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** A recorded stream served as a provider serves it: 200, text/event-stream, chunked. */
ScriptedResponse recorded(const QString &name)
{
    ScriptedResponse response = ScriptedResponse::sse({});
    response.pieces = {BodyPiece {transcript(name), 0}};
    return response;
}

ScriptedResponse recordedUpTo(const QByteArray &bytes)
{
    ScriptedResponse response = ScriptedResponse::sse({});
    response.pieces = {BodyPiece {bytes, 0}};
    return response;
}

ChatRequest hello()
{
    ChatRequest request;
    request.model = u"model-1"_s;
    request.messages = {{ChatMessage::Role::User, u"Hello"_s, {}, {}, {}}};
    return request;
}

} // namespace

class TestHttpChatStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void streamsOverHttp_data();
    void streamsOverHttp();
    void sendsTheRequestAProviderExpects();
    void mapsHttpErrors_data();
    void mapsHttpErrors();
    void refusedConnectionIsANetworkError();
    void disconnectMidStreamKeepsThePartialAnswer();
    void streamWithoutItsEndIsTruncated();
    void brokenJsonIsAMalformedStream();
    void silenceMidStreamTimesOut();
    void noResponseTimesOut();
    void slowAnswerHitsTheTotalDeadline();
    void cancelEndsAtOnceAndKeepsTheText();
    void readsATenMegabyteAnswer();
    void resendsWhenTheServerClosedBeforeAnswering();
    void givesUpOnAServerThatNeverAnswers();
    void listsModels();
    void modelListingDoesNotFollowRedirects();
    void eightPanesOnOneHostRunAtOnce();

private:
    std::unique_ptr<Provider> provider(const QString &family, const Timeouts &timeouts = {});
    /** Runs a stream to its end and returns it with everything it delivered. */
    Testing::StreamOutcome run(
        Provider &provider, const ChatRequest &request = hello(), std::optional<ProviderError> *error = nullptr);

    std::unique_ptr<ScriptedHttpServer> m_server;
    QNetworkAccessManager m_network;
};

void TestHttpChatStream::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_network.setProxy(QNetworkProxy::NoProxy);
}

void TestHttpChatStream::cleanup()
{
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    m_server.reset();
}

std::unique_ptr<Provider> TestHttpChatStream::provider(const QString &family, const Timeouts &timeouts)
{
    const QJsonObject json {{u"id"_s, u"test"_s},
        {u"family"_s, family},
        {u"baseUrl"_s, m_server->url(u"/v1"_s).toString()},
        {u"keyEnv"_s, u"TEST_KEY"_s},
        {u"headers"_s, QJsonObject {{u"anthropic-version"_s, u"2023-06-01"_s}}}};
    QString error;
    auto preset = ProviderPreset::fromJson(json, &error);
    if (!preset) {
        qFatal("%s", qPrintable(error));
    }
    preset->timeouts = timeouts;
    return ProviderFactory::create(*preset, m_network, u"sk-test-key-1234"_s);
}

Testing::StreamOutcome TestHttpChatStream::run(
    Provider &provider, const ChatRequest &request, std::optional<ProviderError> *error)
{
    std::unique_ptr<ChatStream> stream(provider.start(request));
    StreamOutcomeCollector collector(*stream);
    // A stream still open after this shows up as result "open" in the comparison that follows.
    std::ignore = QTest::qWaitFor(
        [&stream] {
            return stream->isEnded();
        },
        20000);
    if (error) {
        *error = collector.error();
    }
    return collector.outcome();
}

void TestHttpChatStream::streamsOverHttp_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("cutting");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("result");

    const QList<std::tuple<QString, QString, QString, QString>> streams = {
        {u"openai-chat"_s, u"openai-basic.sse"_s, u"Hello, wörld 🙂"_s, u"finished:stop"_s},
        {u"openai-chat"_s, u"deepseek-reasoning.sse"_s, u"4"_s, u"finished:stop"_s},
        {u"openai-chat"_s, u"azure-content-filter.sse"_s, u"I can"_s, u"finished:content_filter"_s},
        {u"anthropic"_s, u"anthropic-thinking-tools.sse"_s, u"Checking the weather."_s, u"finished:tool_calls"_s},
        {u"gemini"_s, u"gemini-thoughts-crlf.sse"_s, u"Bonjour le monde"_s, u"finished:stop"_s},
        {u"openai-responses"_s, u"responses-basic.sse"_s, u"Forty-two"_s, u"finished:stop"_s},
    };
    const QStringList cuttings = {u"whole"_s, u"bytes"_s, u"random"_s, u"crlf"_s, u"comments"_s};
    for (const auto &[family, file, text, result] : streams) {
        for (const QString &cutting : cuttings) {
            QTest::addRow("%s %s", qPrintable(file), qPrintable(cutting))
                << family << file << cutting << text << result;
        }
    }
}

void TestHttpChatStream::streamsOverHttp()
{
    QFETCH(QString, family);
    QFETCH(QString, file);
    QFETCH(QString, cutting);
    QFETCH(QString, text);
    QFETCH(QString, result);

    ScriptedResponse response = recorded(file);
    if (cutting == "bytes"_L1) {
        response = response.splitIntoBytes();
    } else if (cutting == "random"_L1) {
        response = response.splitRandomly(7).withPieceDelay(1);
    } else if (cutting == "crlf"_L1) {
        response = response.withCrlfLineEnds().splitRandomly(3);
    } else if (cutting == "comments"_L1) {
        response = response.rechunked(64).withSseComments();
    }
    m_server->enqueue(response);
    const auto outcome = run(*provider(family));
    QCOMPARE(outcome.text, text);
    QCOMPARE(outcome.result, result);
}

void TestHttpChatStream::sendsTheRequestAProviderExpects()
{
    m_server->enqueue(recorded(u"openai-basic.sse"_s));
    run(*provider(u"openai-chat"_s));
    QCOMPARE(m_server->requests().size(), 1);
    const RecordedRequest request = m_server->requests().constFirst();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.path, "/v1/chat/completions");
    QCOMPARE(request.header("authorization"), "Bearer sk-test-key-1234");
    QCOMPARE(request.header("content-type"), "application/json");
    QCOMPARE(request.header("accept"), "text/event-stream");
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    QCOMPARE(body.value("model"_L1).toString(), u"model-1"_s);
}

void TestHttpChatStream::mapsHttpErrors_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("serverMessage");

    const QByteArray openAi = R"({"error":{"message":"MESSAGE","type":"t","code":"c"}})";
    const auto row = [](const QString &family, int status, QByteArray body, const char *kind, const char *message) {
        body.replace("MESSAGE", message);
        QTest::addRow("%s %d", qPrintable(family), status)
            << family << status << body << QString::fromLatin1(kind) << QString::fromUtf8(message);
    };
    row(u"openai-chat"_s, 400, openAi, "bad_request", "Invalid 'temperature': must be at most 2");
    row(u"openai-chat"_s, 401, openAi, "auth", "Incorrect API key provided");
    row(u"openai-chat"_s, 403, openAi, "auth", "Country not supported");
    row(u"openai-chat"_s, 404, openAi, "not_found", "The model does not exist");
    row(u"openai-chat"_s, 408, openAi, "timeout", "Request timed out");
    row(u"openai-chat"_s, 413, openAi, "too_large", "Request too large");
    row(u"openai-chat"_s, 429, openAi, "rate_limited", "Rate limit reached");
    row(u"openai-chat"_s, 500, openAi, "server", "The server had an error");
    row(u"openai-chat"_s, 502, "<html><h1>502 Bad Gateway</h1></html>", "server", "502 Bad Gateway");
    row(u"openai-chat"_s, 503, openAi, "overloaded", "The engine is currently overloaded");
    row(u"openai-chat"_s, 504, openAi, "server", "Gateway timeout");
    row(u"anthropic"_s,
        529,
        R"({"type":"error","error":{"type":"overloaded_error","message":"MESSAGE"}})",
        "overloaded",
        "Overloaded");
    row(u"gemini"_s,
        400,
        R"({"error":{"code":400,"message":"MESSAGE","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}})",
        "auth",
        "API key not valid. Please pass a valid API key.");
}

void TestHttpChatStream::mapsHttpErrors()
{
    QFETCH(QString, family);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, kind);
    QFETCH(QString, serverMessage);

    m_server->enqueue(ScriptedResponse::json(status, body).withHeader("retry-after", "7"));
    std::optional<ProviderError> error;
    const auto outcome = run(*provider(family), hello(), &error);
    QCOMPARE(outcome.result, u"failed:"_s + kind);
    QVERIFY(!outcome.started);
    QCOMPARE(error->httpStatus, status);
    QCOMPARE(error->serverMessage, serverMessage);
    QCOMPARE(error->retryAfterSeconds, std::optional<double>(7));
    QVERIFY2(error->message.contains(serverMessage) && error->message.contains(u"Retry in 7 s"_s),
        qPrintable(error->message));
}

void TestHttpChatStream::refusedConnectionIsANetworkError()
{
    const quint16 port = m_server->port();
    m_server.reset(); // nobody listens there any more
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    QJsonObject json {{u"id"_s, u"x"_s},
        {u"family"_s, u"openai-chat"_s},
        {u"baseUrl"_s, u"http://127.0.0.1:%1/v1"_s.arg(port)}};
    const auto preset = ProviderPreset::fromJson(json, nullptr);
    const auto refused = ProviderFactory::create(*preset, m_network, {});
    std::optional<ProviderError> error;
    const auto outcome = run(*refused, hello(), &error);
    QCOMPARE(outcome.result, u"failed:network"_s);
    QVERIFY2(error->message.contains(u"refused"_s), qPrintable(error->message));
}

void TestHttpChatStream::disconnectMidStreamKeepsThePartialAnswer()
{
    QByteArray partial = transcript(u"openai-basic.sse"_s);
    partial.truncate(partial.indexOf("finish_reason\":\"stop"));
    partial.truncate(partial.lastIndexOf("\n\n") + 2);
    m_server->enqueue(recordedUpTo(partial).withPieceDelay(10).withEnding(Ending::Disconnect));
    std::optional<ProviderError> error;
    const auto outcome = run(*provider(u"openai-chat"_s), hello(), &error);
    QCOMPARE(outcome.text, u"Hello, wörld 🙂"_s);
    QCOMPARE(outcome.result, u"failed:network"_s);
    QVERIFY2(error->message.contains(u"closed the connection"_s), qPrintable(error->message));
}

void TestHttpChatStream::streamWithoutItsEndIsTruncated()
{
    m_server->enqueue(recorded(u"anthropic-truncated.sse"_s));
    const auto outcome = run(*provider(u"anthropic"_s));
    QCOMPARE(outcome.text, u"Cut"_s);
    QCOMPARE(outcome.result, u"failed:truncated"_s);
}

void TestHttpChatStream::brokenJsonIsAMalformedStream()
{
    m_server->enqueue(recorded(u"openai-malformed.sse"_s).splitIntoBytes());
    const auto outcome = run(*provider(u"openai-chat"_s));
    QCOMPARE(outcome.text, u"ok"_s);
    QCOMPARE(outcome.result, u"failed:malformed_stream"_s);
}

void TestHttpChatStream::silenceMidStreamTimesOut()
{
    m_server->enqueue(ScriptedResponse::sse({R"({"choices":[{"index":0,"delta":{"content":"Thinking"}}]})"})
            .withEnding(Ending::Stall));
    Timeouts timeouts;
    timeouts.idleMs = 300;
    std::optional<ProviderError> error;
    QElapsedTimer clock;
    clock.start();
    const auto outcome = run(*provider(u"openai-chat"_s, timeouts), hello(), &error);
    QCOMPARE(outcome.text, u"Thinking"_s);
    QCOMPARE(outcome.result, u"failed:timeout"_s);
    QVERIFY2(error->message.contains(u"went silent for 0.3 s"_s), qPrintable(error->message));
    QVERIFY(clock.elapsed() >= 300);
}

void TestHttpChatStream::noResponseTimesOut()
{
    m_server->enqueue(ScriptedResponse::sse({}).withEnding(Ending::StallWithoutResponse));
    Timeouts timeouts;
    timeouts.firstByteMs = 300;
    std::optional<ProviderError> error;
    const auto outcome = run(*provider(u"gemini"_s, timeouts), hello(), &error);
    QCOMPARE(outcome.result, u"failed:timeout"_s);
    QVERIFY2(error->message.contains(u"sent no response within 0.3 s"_s), qPrintable(error->message));
}

void TestHttpChatStream::slowAnswerHitsTheTotalDeadline()
{
    QList<QByteArray> events;
    for (int i = 0; i < 40; ++i) {
        events.append(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})");
    }
    m_server->enqueue(ScriptedResponse::sse(events).withPieceDelay(50));
    Timeouts timeouts;
    timeouts.totalMs = 500;
    std::optional<ProviderError> error;
    const auto outcome = run(*provider(u"openai-chat"_s, timeouts), hello(), &error);
    QCOMPARE(outcome.result, u"failed:timeout"_s);
    QVERIFY(outcome.text.size() > 2 && outcome.text.size() < 40);
    QVERIFY2(error->message.contains(u"did not finish within 0.5 s"_s), qPrintable(error->message));
}

void TestHttpChatStream::cancelEndsAtOnceAndKeepsTheText()
{
    QList<QByteArray> events;
    for (int i = 0; i < 100; ++i) {
        events.append(R"({"choices":[{"index":0,"delta":{"content":"word "}}]})");
    }
    m_server->enqueue(ScriptedResponse::sse(events).withPieceDelay(20));
    const auto chat = provider(u"openai-chat"_s);
    std::unique_ptr<ChatStream> stream(chat->start(hello()));
    ResponseRecorder recorder;
    recorder.attach(stream.get());
    QTRY_VERIFY(recorder.text().size() >= 15);

    QElapsedTimer clock;
    clock.start();
    stream->cancel();
    QVERIFY(stream->isEnded());
    QVERIFY(recorder.isEnded());
    QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(recorder.error()->kind, ProviderError::Kind::Cancelled);
    const QString kept = recorder.text();
    QVERIFY(kept.startsWith(u"word word word "_s));
    // Nothing arrives after the cancel, and the server sees the connection go.
    QTest::qWait(100);
    QCOMPARE(recorder.text(), kept);
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestHttpChatStream::readsATenMegabyteAnswer()
{
    // 100,000 events of about 100 bytes each.
    const QByteArray word = QByteArray(60, 'a') + ' ';
    m_server->enqueue(ScriptedResponse::generatedSse(100'001, [word](qint64 index) -> QByteArray {
        if (index == 100'000) {
            return "[DONE]";
        }
        return R"({"choices":[{"index":0,"delta":{"content":")" + word + R"("}}]})";
    }));
    const auto outcome = run(*provider(u"openai-chat"_s));
    QCOMPARE(outcome.result, u"finished:stop"_s);
    QCOMPARE(outcome.text.size(), qsizetype(100'000) * word.size());
}

void TestHttpChatStream::resendsWhenTheServerClosedBeforeAnswering()
{
    m_server->enqueue(ScriptedResponse::sse({}).withEnding(Ending::CloseWithoutResponse));
    m_server->enqueue(recorded(u"openai-basic.sse"_s));
    const auto outcome = run(*provider(u"openai-chat"_s));
    QCOMPARE(outcome.result, u"finished:stop"_s);
    QCOMPARE(outcome.text, u"Hello, wörld 🙂"_s);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests()[1].body, m_server->requests()[0].body);
}

void TestHttpChatStream::givesUpOnAServerThatNeverAnswers()
{
    for (int i = 0; i < 6; ++i) {
        m_server->enqueue(ScriptedResponse::sse({}).withEnding(Ending::CloseWithoutResponse));
    }
    const auto outcome = run(*provider(u"openai-chat"_s));
    QCOMPARE(outcome.result, u"failed:network"_s);
    QCOMPARE(m_server->requests().size(), 4); // the request and three resends, no more
}

void TestHttpChatStream::listsModels()
{
    m_server->enqueue(ScriptedResponse::json(200,
        R"({"object":"list","data":[{"id":"zeta","object":"model"},{"id":"alpha","object":"model"}]})"));
    m_server->enqueue(ScriptedResponse::json(401, R"({"error":{"message":"Invalid API key"}})"));
    const auto chat = provider(u"openai-chat"_s);
    std::unique_ptr<ModelListing> listing(chat->listModels());
    QSignalSpy finished(listing.get(), &ModelListing::finished);
    QVERIFY(finished.wait());
    const auto models = finished.constFirst().constFirst().value<QList<ModelInfo>>();
    QCOMPARE(models.size(), 2);
    QCOMPARE(models[0].id, u"alpha"_s);
    QCOMPARE(m_server->requests().constFirst().path, "/v1/models");
    QCOMPARE(m_server->requests().constFirst().method, "GET");

    std::unique_ptr<ModelListing> refused(chat->listModels());
    QSignalSpy failed(refused.get(), &ModelListing::failed);
    QVERIFY(failed.wait());
    QCOMPARE(failed.constFirst().constFirst().value<ProviderError>().kind, ProviderError::Kind::Auth);
}

void TestHttpChatStream::modelListingDoesNotFollowRedirects()
{
    // The listing request carries the key: a redirect must not take it to another host.
    ScriptedHttpServer elsewhere;
    QVERIFY(elsewhere.listen());
    const QByteArray target = elsewhere.url(u"/v1/models"_s).toEncoded();
    for (const int status : {301, 302, 307, 308}) {
        m_server->enqueue(ScriptedResponse::text(status, "moved").withHeader("Location", target));
        std::unique_ptr<ModelListing> listing(provider(u"openai-chat"_s)->listModels());
        QSignalSpy failed(listing.get(), &ModelListing::failed);
        QVERIFY(failed.wait());
        const auto error = failed.constFirst().constFirst().value<ProviderError>();
        QVERIFY2(error.message.contains(QString::fromUtf8(target)), qPrintable(error.message));
    }
    QCOMPARE(m_server->requests().size(), 4);
    QVERIFY(elsewhere.requests().isEmpty());
}

void TestHttpChatStream::eightPanesOnOneHostRunAtOnce()
{
    // Each answer takes 600 ms; with Qt's default of six connections per host two panes would
    // wait for a free one, and a short connect deadline would fail them.
    m_server->setHandler([](const RecordedRequest &) {
        QList<QByteArray> events;
        for (int i = 0; i < 6; ++i) {
            events.append(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})");
        }
        events.append(R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
        events.append("[DONE]");
        return ScriptedResponse::sse(events).withPieceDelay(75);
    });
    Timeouts timeouts;
    timeouts.connectMs = 200;
    const auto chat = provider(u"openai-chat"_s, timeouts);
    std::vector<std::unique_ptr<ChatStream>> streams;
    std::vector<std::unique_ptr<StreamOutcomeCollector>> outcomes;
    for (int i = 0; i < 8; ++i) {
        streams.emplace_back(chat->start(hello()));
        outcomes.push_back(std::make_unique<StreamOutcomeCollector>(*streams.back()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 8, 400); // all asked before any answer ended
    for (const auto &stream : streams) {
        QTRY_VERIFY_WITH_TIMEOUT(stream->isEnded(), 10000);
    }
    for (const auto &outcome : outcomes) {
        QCOMPARE(outcome->outcome().result, u"finished:stop"_s);
        QCOMPARE(outcome->outcome().text, u"xxxxxx"_s);
    }
}

QTEST_GUILESS_MAIN(TestHttpChatStream)
#include "tst_httpchatstream.moc"
