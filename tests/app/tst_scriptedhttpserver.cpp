// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/loopback/scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta::Loopback;

Q_DECLARE_METATYPE(Juxta::Loopback::Framing)
Q_DECLARE_METATYPE(Juxta::Loopback::Ending)

namespace {

constexpr int LongWaitMs = 30000;
// Every request gives up on its own when nothing arrives, so a broken server fails fast.
constexpr int DefaultTransferTimeoutMs = 10000;

/** What a QNetworkReply delivered, one entry per readyRead, and how it ended. */
struct Fetch
{
    QNetworkReply *reply = nullptr;
    QList<QByteArray> batches;
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QByteArray body() const { return batches.join(); }
    int status() const { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }
};

std::shared_ptr<Fetch> watch(QNetworkReply *reply)
{
    auto fetch = std::make_shared<Fetch>();
    fetch->reply = reply;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [fetch] {
        fetch->batches.append(fetch->reply->readAll());
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [fetch] {
        // An aborted reply is closed and has nothing left to read.
        const QByteArray rest = fetch->reply->isOpen() ? fetch->reply->readAll() : QByteArray();
        if (!rest.isEmpty()) {
            fetch->batches.append(rest);
        }
        fetch->error = fetch->reply->error();
        fetch->finished = true;
    });
    return fetch;
}

QNetworkRequest requestFor(const QUrl &url, int transferTimeoutMs = DefaultTransferTimeoutMs)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(transferTimeoutMs);
    return request;
}

/** A bare socket for what QNetworkAccessManager hides: framing, chunk boundaries, silence. */
class RawClient
{
public:
    RawClient(quint16 port, const QByteArray &request)
    {
        QObject::connect(&socket, &QTcpSocket::connected, &socket, [this, request] {
            socket.write(request);
        });
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] {
            reads.append(socket.readAll());
        });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] {
            closed = true;
        });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    Q_DISABLE_COPY_MOVE(RawClient)

    QByteArray received() const { return reads.join(); }

    QTcpSocket socket;
    QList<QByteArray> reads;
    bool closed = false;
};

struct ChunkedResponse
{
    QByteArray head;
    QList<QByteArray> chunks;
    bool terminated = false;
};

/** Splits a raw chunked response into its head and its chunks, exactly as framed. */
ChunkedResponse parseChunked(const QByteArray &raw)
{
    ChunkedResponse result;
    const qsizetype headEnd = raw.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        return result;
    }
    result.head = raw.left(headEnd + 2);
    qsizetype offset = headEnd + 4;
    while (offset < raw.size()) {
        const qsizetype lineEnd = raw.indexOf("\r\n", offset);
        if (lineEnd < 0) {
            break;
        }
        bool ok = false;
        const qsizetype size = raw.mid(offset, lineEnd - offset).toLongLong(&ok, 16);
        if (!ok || raw.size() < lineEnd + 2 + size + 2) {
            break;
        }
        if (size == 0) {
            result.terminated = raw.mid(lineEnd, 4) == "\r\n\r\n";
            break;
        }
        result.chunks.append(raw.mid(lineEnd + 2, size));
        offset = lineEnd + 2 + size + 2;
    }
    return result;
}

QList<QByteArray> pieceBytes(const ScriptedResponse &response)
{
    QList<QByteArray> bytes;
    for (const BodyPiece &piece : response.pieces) {
        bytes.append(piece.bytes);
    }
    return bytes;
}

QByteArray openAiChunk(qint64 index)
{
    return R"({"choices":[{"index":0,"delta":{"content":"token )" + QByteArray::number(index) + R"("}}]})";
}

const QList<QByteArray> ThreeEvents = {R"({"delta":"Hel"})", R"({"delta":"lo"})", "[DONE]"};

} // namespace

class TestScriptedHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnLoopbackOnly();
    void recordsRequests();
    void recordsChunkedRequestBodies();
    void rejectsMalformedRequests();
    void answersQueuedResponsesInOrder();
    void handlerAnswersEveryRequest();
    void chunkedFramingKeepsPieceBoundaries();
    void deliversTransformedBodiesIntact_data();
    void deliversTransformedBodiesIntact();
    void otherFramingsDeliverIntact_data();
    void otherFramingsDeliverIntact();
    void bytePiecesArriveSeparately();
    void headDelayHoldsBackTheStatusLine();
    void errorStatusCarriesJsonBody();
    void midStreamDisconnectIsAnError();
    void stallKeepsTheConnectionSilent_data();
    void stallKeepsTheConnectionSilent();
    void closeWithoutResponseSendsNothing();
    void destroyingTheServerEndsStalledConnections();
    void concurrentLongStreamsArriveWhole();
    void earlyAbortDoesNotDisturbOthers();
    void streamsTenMegabytes();
    void faultTransformsKeepOrReshapeBytes();
    void factoriesWriteWireFormats();

private:
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_manager;
};

void TestScriptedHttpServer::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
}

void TestScriptedHttpServer::cleanup()
{
    m_manager.reset();
    // Every socket is cleaned up once its client is gone, whatever the test did to it.
    if (m_server) {
        QTRY_COMPARE(m_server->openConnectionCount(), 0);
    }
    m_server.reset();
}

void TestScriptedHttpServer::listensOnLoopbackOnly()
{
    QVERIFY(m_server->isListening());
    QVERIFY(m_server->port() > 0);
    QCOMPARE(m_server->baseUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->port())));
    QCOMPARE(m_server->url(u"/v1/models?limit=2"_s),
        QUrl(u"http://127.0.0.1:%1/v1/models?limit=2"_s.arg(m_server->port())));

    // The IPv6 loopback is a different address: nothing may answer there.
    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    socket.connectToHost(QHostAddress::LocalHostIPv6, m_server->port());
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(socket.state() != QAbstractSocket::ConnectedState);
}

void TestScriptedHttpServer::recordsRequests()
{
    QSignalSpy received(m_server.get(), &ScriptedHttpServer::requestReceived);
    m_server->enqueue(ScriptedResponse::json(200, "{}"));

    QNetworkRequest request = requestFor(m_server->url(u"/v1/chat/completions?api-version=2024-10-21&q=a%20b"_s));
    request.setRawHeader("Authorization", "Bearer sk-test");
    request.setRawHeader("X-Custom-Thing", "  Mixed Case  ");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    const QByteArray body = R"({"model":"m","stream":true})";
    const auto fetch = watch(m_manager->post(request, body));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->error, QNetworkReply::NoError);

    QCOMPARE(received.count(), 1);
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    const RecordedRequest &recorded = requests.first();
    QCOMPARE(recorded.method, "POST");
    QCOMPARE(recorded.path, "/v1/chat/completions");
    QCOMPARE(recorded.target, "/v1/chat/completions?api-version=2024-10-21&q=a%20b");
    QCOMPARE(recorded.query.queryItemValue(u"api-version"_s), u"2024-10-21"_s);
    QCOMPARE(recorded.query.queryItemValue(u"q"_s, QUrl::FullyDecoded), u"a b"_s);
    QCOMPARE(recorded.header("authorization"), "Bearer sk-test");
    QCOMPARE(recorded.header("X-CUSTOM-THING"), "Mixed Case");
    QCOMPARE(recorded.header("content-type"), "application/json");
    QCOMPARE(recorded.header("content-length"), QByteArray::number(body.size()));
    QVERIFY(!recorded.hasHeader("x-absent"));
    QVERIFY(recorded.header("x-absent").isNull());
    for (const auto &[name, value] : recorded.headers) {
        QCOMPARE(name, name.toLower());
    }
    QCOMPARE(recorded.body, body);
    QCOMPARE(received.first().first().value<RecordedRequest>().path, "/v1/chat/completions");

    m_server->clearRequests();
    QVERIFY(m_server->requests().isEmpty());
}

void TestScriptedHttpServer::recordsChunkedRequestBodies()
{
    m_server->enqueue(ScriptedResponse::text(200, "ok"));
    RawClient client(m_server->port(),
        "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\n6;note=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QVERIFY(client.received().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(client.received().endsWith("\r\n\r\nok"));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().body, "hello world");
}

void TestScriptedHttpServer::rejectsMalformedRequests()
{
    m_server->enqueue(ScriptedResponse::text(200, "never sent"));
    QTest::ignoreMessage(QtWarningMsg, R"(rejecting a request: "malformed request line")");
    RawClient client(m_server->port(), "NONSENSE\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QVERIFY2(client.received().startsWith("HTTP/1.1 400 Bad Request\r\n"), client.received().constData());
    QVERIFY(m_server->requests().isEmpty());
    QCOMPARE(m_server->pendingResponseCount(), 1);
}

void TestScriptedHttpServer::answersQueuedResponsesInOrder()
{
    m_server->enqueue(ScriptedResponse::json(200, R"({"n":1})"));
    m_server->enqueue(ScriptedResponse::sse({"two"}));
    m_server->enqueue(ScriptedResponse::json(404, R"({"n":3})"));
    QCOMPARE(m_server->pendingResponseCount(), 3);

    const QList<std::pair<int, QByteArray>> expected = {
        {200, R"({"n":1})"},
        {200, "data: two\n\n"},
        {404, R"({"n":3})"},
    };
    for (const auto &[status, body] : expected) {
        const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/next"_s))));
        QTRY_VERIFY(fetch->finished);
        QCOMPARE(fetch->status(), status);
        QCOMPARE(fetch->body(), body);
    }
    QCOMPARE(m_server->pendingResponseCount(), 0);

    const auto unscripted = watch(m_manager->get(requestFor(m_server->url(u"/fourth?x=1"_s))));
    QTRY_VERIFY(unscripted->finished);
    QCOMPARE(unscripted->status(), 500);
    QVERIFY2(unscripted->body().contains("no scripted response left for GET /fourth?x=1"),
        unscripted->body().constData());
    QCOMPARE(m_server->requests().size(), 4);
}

void TestScriptedHttpServer::handlerAnswersEveryRequest()
{
    m_server->enqueue(ScriptedResponse::text(200, "from the queue"));
    m_server->setHandler([](const RecordedRequest &request) {
        return ScriptedResponse::text(200, request.method + ' ' + request.path);
    });
    for (const QString &path : {u"/a"_s, u"/b/c"_s}) {
        const auto fetch = watch(m_manager->get(requestFor(m_server->url(path))));
        QTRY_VERIFY(fetch->finished);
        QCOMPARE(fetch->body(), "GET " + path.toUtf8());
    }
    QCOMPARE(m_server->pendingResponseCount(), 1);

    m_server->setHandler({});
    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/d"_s))));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->body(), "from the queue");
}

void TestScriptedHttpServer::chunkedFramingKeepsPieceBoundaries()
{
    const ScriptedResponse response = ScriptedResponse::sse(ThreeEvents).rechunked(7);
    m_server->enqueue(response);
    RawClient client(m_server->port(), "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(client.closed);

    const ChunkedResponse parsed = parseChunked(client.received());
    QVERIFY2(parsed.head.startsWith("HTTP/1.1 200 OK\r\n"), parsed.head.constData());
    QVERIFY(parsed.head.contains("\r\nContent-Type: text/event-stream\r\n"));
    QVERIFY(parsed.head.contains("\r\nTransfer-Encoding: chunked\r\n"));
    QVERIFY(parsed.head.contains("\r\nConnection: close\r\n"));
    QVERIFY(!parsed.head.contains("Content-Length"));
    QCOMPARE(parsed.chunks, pieceBytes(response));
    QVERIFY(parsed.terminated);
}

void TestScriptedHttpServer::deliversTransformedBodiesIntact_data()
{
    QTest::addColumn<QString>("transform");
    QTest::newRow("as scripted") << u"none"_s;
    QTest::newRow("single bytes") << u"bytes"_s;
    QTest::newRow("random split") << u"random"_s;
    QTest::newRow("rechunked") << u"rechunk"_s;
    QTest::newRow("CRLF line ends") << u"crlf"_s;
    QTest::newRow("SSE comments") << u"comments"_s;
    QTest::newRow("paced") << u"delay"_s;
    QTest::newRow("named events") << u"named"_s;
    QTest::newRow("ndjson") << u"ndjson"_s;
}

void TestScriptedHttpServer::deliversTransformedBodiesIntact()
{
    QFETCH(QString, transform);
    const ScriptedResponse base = ScriptedResponse::sse(ThreeEvents);
    ScriptedResponse response = base;
    if (transform == "bytes"_L1) {
        response = base.splitIntoBytes();
    } else if (transform == "random"_L1) {
        response = base.splitRandomly(42, 3);
    } else if (transform == "rechunk"_L1) {
        response = base.rechunked(5);
    } else if (transform == "crlf"_L1) {
        response = base.withCrlfLineEnds();
    } else if (transform == "comments"_L1) {
        response = base.withSseComments();
    } else if (transform == "delay"_L1) {
        response = base.withPieceDelay(5);
    } else if (transform == "named"_L1) {
        response = ScriptedResponse::sseEvents({{"message_start", "{}"}, {"ping", "{}"}, {"message_stop", "{}"}});
    } else if (transform == "ndjson"_L1) {
        response = ScriptedResponse::ndjson({R"({"done":false})", R"({"done":true})"});
    }
    m_server->enqueue(response);

    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s))));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->error, QNetworkReply::NoError);
    QCOMPARE(fetch->status(), 200);
    QCOMPARE(fetch->body(), response.fullBody());
}

void TestScriptedHttpServer::otherFramingsDeliverIntact_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::newRow("content-length") << Framing::ContentLength;
    QTest::newRow("close-delimited") << Framing::CloseDelimited;
    QTest::newRow("chunked") << Framing::Chunked;
}

void TestScriptedHttpServer::otherFramingsDeliverIntact()
{
    QFETCH(Framing, framing);
    const ScriptedResponse response = ScriptedResponse::sse(ThreeEvents).splitIntoBytes().withFraming(framing);
    m_server->enqueue(response);

    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s))));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->error, QNetworkReply::NoError);
    QCOMPARE(fetch->body(), response.fullBody());
    QCOMPARE(fetch->reply->hasRawHeader("Content-Length"), framing == Framing::ContentLength);
    if (framing == Framing::ContentLength) {
        QCOMPARE(fetch->reply->rawHeader("Content-Length"), QByteArray::number(response.fullBody().size()));
    }
}

void TestScriptedHttpServer::bytePiecesArriveSeparately()
{
    const ScriptedResponse response = ScriptedResponse::sse({"hello"}).splitIntoBytes().withPieceDelay(20);
    const qsizetype byteCount = response.fullBody().size();
    QCOMPARE(response.pieces.size(), byteCount);
    m_server->enqueue(response);
    m_server->enqueue(response);

    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s))));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->body(), response.fullBody());
    // The pauses make the split visible to the client; allow a few merges on a loaded machine.
    QVERIFY2(fetch->batches.size() >= byteCount / 2, qPrintable(QString::number(fetch->batches.size())));

    RawClient client(m_server->port(), "GET /raw HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QCOMPARE(parseChunked(client.received()).chunks, pieceBytes(response));
    QVERIFY2(client.reads.size() >= byteCount / 2, qPrintable(QString::number(client.reads.size())));
}

void TestScriptedHttpServer::headDelayHoldsBackTheStatusLine()
{
    m_server->enqueue(ScriptedResponse::json(200, "{}").withHeadDelay(300));
    QElapsedTimer timer;
    timer.start();
    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/slow"_s))));
    QTRY_VERIFY(fetch->finished);
    QVERIFY2(timer.elapsed() >= 250, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(fetch->body(), "{}");
}

void TestScriptedHttpServer::errorStatusCarriesJsonBody()
{
    const QByteArray body = R"({"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}})";
    m_server->enqueue(ScriptedResponse::json(429, body).withHeader("retry-after", "3"));
    m_server->enqueue(ScriptedResponse::json(529, R"({"type":"error"})"));

    const auto limited = watch(m_manager->get(requestFor(m_server->url(u"/v1/messages"_s))));
    QTRY_VERIFY(limited->finished);
    QVERIFY(limited->error != QNetworkReply::NoError);
    QCOMPARE(limited->status(), 429);
    QCOMPARE(limited->reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(), "Too Many Requests");
    QCOMPARE(limited->reply->rawHeader("retry-after"), "3");
    QCOMPARE(limited->reply->rawHeader("content-type"), "application/json");
    QCOMPARE(limited->body(), body);

    const auto overloaded = watch(m_manager->get(requestFor(m_server->url(u"/v1/messages"_s))));
    QTRY_VERIFY(overloaded->finished);
    QCOMPARE(overloaded->status(), 529);
    QCOMPARE(overloaded->body(), R"({"type":"error"})");
}

void TestScriptedHttpServer::midStreamDisconnectIsAnError()
{
    const ScriptedResponse complete = ScriptedResponse::sse(ThreeEvents);
    const qsizetype cut = complete.pieces.first().bytes.size() + 4;
    const ScriptedResponse response = complete.truncatedAt(cut).withEnding(Ending::Disconnect);
    QCOMPARE(response.scriptedBody(), complete.scriptedBody().left(cut));
    m_server->enqueue(response);

    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s))));
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(fetch->body(), complete.scriptedBody().left(cut));
    QCOMPARE(m_server->requests().size(), 1); // A broken body is not retried behind the client's back.
}

void TestScriptedHttpServer::stallKeepsTheConnectionSilent_data()
{
    QTest::addColumn<Ending>("ending");
    QTest::addColumn<QByteArray>("expectedBody");
    QTest::newRow("after the first event") << Ending::Stall << QByteArray("data: first\n\n");
    QTest::newRow("before the status line") << Ending::StallWithoutResponse << QByteArray();
}

void TestScriptedHttpServer::stallKeepsTheConnectionSilent()
{
    QFETCH(Ending, ending);
    QFETCH(QByteArray, expectedBody);
    m_server->enqueue(ScriptedResponse::sse({"first", "never"}).truncatedAt(13).withEnding(ending));

    constexpr int TimeoutMs = 400;
    QElapsedTimer timer;
    timer.start();
    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s), TimeoutMs)));
    QTRY_COMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->openConnectionCount(), 1);

    QTRY_VERIFY(fetch->finished);
    QVERIFY2(fetch->error == QNetworkReply::OperationCanceledError || fetch->error == QNetworkReply::TimeoutError,
        qPrintable(fetch->reply->errorString()));
    QVERIFY2(timer.elapsed() >= TimeoutMs - 50, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(fetch->body(), expectedBody);
    // The client gave up; the server notices and closes its side.
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestScriptedHttpServer::closeWithoutResponseSendsNothing()
{
    m_server->enqueue(ScriptedResponse::sse({"unsent"}).withEnding(Ending::CloseWithoutResponse));
    RawClient client(m_server->port(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY(client.closed);
    QCOMPARE(client.received(), QByteArray());
    QCOMPARE(m_server->requests().size(), 1);
}

void TestScriptedHttpServer::destroyingTheServerEndsStalledConnections()
{
    m_server->enqueue(ScriptedResponse::sse({"first"}).withEnding(Ending::Stall));
    const auto fetch = watch(m_manager->get(requestFor(m_server->url(u"/stream"_s))));
    QTRY_COMPARE(fetch->body(), "data: first\n\n");
    QVERIFY(!fetch->finished);

    m_server.reset();
    QTRY_VERIFY(fetch->finished);
    QCOMPARE(fetch->error, QNetworkReply::RemoteHostClosedError);
}

void TestScriptedHttpServer::concurrentLongStreamsArriveWhole()
{
    constexpr int Clients = 4;
    const ScriptedResponse response = ScriptedResponse::generatedSse(50'000, openAiChunk);
    const QByteArray expected = response.fullBody();
    QVERIFY(expected.endsWith("token 49999\"}}]}\n\n"));
    for (int i = 0; i < Clients; ++i) {
        m_server->enqueue(response);
    }

    int mostOpen = 0;
    connect(m_server.get(), &ScriptedHttpServer::requestReceived, this, [this, &mostOpen] {
        mostOpen = std::max(mostOpen, m_server->openConnectionCount());
    });
    QList<std::shared_ptr<Fetch>> fetches;
    for (int i = 0; i < Clients; ++i) {
        fetches.append(watch(m_manager->get(requestFor(m_server->url(u"/stream/%1"_s.arg(i))))));
    }
    for (const auto &fetch : std::as_const(fetches)) {
        QTRY_VERIFY_WITH_TIMEOUT(fetch->finished, LongWaitMs);
        QCOMPARE(fetch->error, QNetworkReply::NoError);
        QCOMPARE(fetch->body().size(), expected.size());
        QVERIFY(fetch->body() == expected);
    }
    QCOMPARE(m_server->requests().size(), Clients);
    QVERIFY2(mostOpen > 1, "the streams were not served side by side");
}

void TestScriptedHttpServer::earlyAbortDoesNotDisturbOthers()
{
    ScriptedResponse slow = ScriptedResponse::sse(QList<QByteArray>(200, "tick")).withPieceDelay(10);
    ScriptedResponse paced = ScriptedResponse::generatedSse(20'000, openAiChunk);
    paced.pieces = ScriptedResponse::sse(QList<QByteArray>(20, "warm-up")).withPieceDelay(5).pieces;
    m_server->setHandler([slow, paced](const RecordedRequest &request) {
        return request.path == "/slow" ? slow : paced;
    });

    QList<std::shared_ptr<Fetch>> others;
    for (int i = 0; i < 3; ++i) {
        others.append(watch(m_manager->get(requestFor(m_server->url(u"/paced"_s)))));
    }
    const auto quitter = watch(m_manager->get(requestFor(m_server->url(u"/slow"_s))));
    connect(quitter->reply, &QNetworkReply::readyRead, quitter->reply, [reply = quitter->reply] {
        reply->abort();
    });

    QTRY_VERIFY(quitter->finished);
    QCOMPARE(quitter->error, QNetworkReply::OperationCanceledError);
    QVERIFY(!quitter->body().isEmpty());
    QVERIFY(quitter->body().size() < slow.fullBody().size());

    const QByteArray expected = paced.fullBody();
    for (const auto &fetch : std::as_const(others)) {
        QTRY_VERIFY_WITH_TIMEOUT(fetch->finished, LongWaitMs);
        QCOMPARE(fetch->error, QNetworkReply::NoError);
        QVERIFY(fetch->body() == expected);
    }
    QTRY_COMPARE(m_server->openConnectionCount(), 0);

    // And the server goes on serving.
    const auto after = watch(m_manager->get(requestFor(m_server->url(u"/slow"_s))));
    QTRY_VERIFY_WITH_TIMEOUT(after->finished, LongWaitMs);
    QCOMPARE(after->body(), slow.fullBody());
}

void TestScriptedHttpServer::streamsTenMegabytes()
{
    constexpr qint64 Size = 10 * 1024 * 1024;
    const ScriptedResponse response = ScriptedResponse::generatedBytes(Size);
    m_server->enqueue(response);
    qint64 received = 0;
    QByteArray start;
    QNetworkReply *reply = m_manager->get(requestFor(m_server->url(u"/big"_s)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    connect(reply, &QNetworkReply::readyRead, reply, [&] {
        const QByteArray bytes = reply->readAll();
        if (start.size() < 128) {
            start += bytes.left(128 - start.size());
        }
        received += bytes.size();
    });
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, LongWaitMs);
    if (reply->isOpen()) {
        received += reply->readAll().size();
    }
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(received, Size);
    QCOMPARE(start, response.generated.piece(0).left(128));
}

void TestScriptedHttpServer::faultTransformsKeepOrReshapeBytes()
{
    const ScriptedResponse base = ScriptedResponse::sse({"one", "two"});
    const QByteArray body = "data: one\n\ndata: two\n\n";
    QCOMPARE(base.scriptedBody(), body);
    QCOMPARE(base.pieces.size(), 2);

    const ScriptedResponse bytes = base.splitIntoBytes();
    QCOMPARE(bytes.scriptedBody(), body);
    QCOMPARE(bytes.pieces.size(), body.size());

    // A delayed boundary survives re-splitting, and only the piece that starts there waits.
    const ScriptedResponse pacedBytes = base.withPieceDelay(5).splitIntoBytes();
    for (qsizetype i = 0; i < pacedBytes.pieces.size(); ++i) {
        QCOMPARE(pacedBytes.pieces.at(i).delayMs, (i == 0 || i == 11) ? 5 : 0);
    }

    const ScriptedResponse rechunked = base.rechunked(4);
    QCOMPARE(rechunked.scriptedBody(), body);
    QCOMPARE(pieceBytes(rechunked).first(), "data");
    QCOMPARE(rechunked.pieces.size(), (body.size() + 3) / 4);

    const ScriptedResponse random = base.splitRandomly(7, 4);
    QCOMPARE(random.scriptedBody(), body);
    QCOMPARE(random.pieces, base.splitRandomly(7, 4).pieces);
    QVERIFY(random.pieces != base.splitRandomly(8, 4).pieces);
    for (const BodyPiece &piece : random.pieces) {
        QVERIFY(piece.bytes.size() >= 1 && piece.bytes.size() <= 7);
    }

    const ScriptedResponse crlf = base.withCrlfLineEnds();
    QCOMPARE(crlf.scriptedBody(), "data: one\r\n\r\ndata: two\r\n\r\n");
    QCOMPARE(crlf.withCrlfLineEnds().scriptedBody(), crlf.scriptedBody());
    QCOMPARE(base.splitIntoBytes().withCrlfLineEnds().scriptedBody(), crlf.scriptedBody());

    QCOMPARE(base.withSseComments("ping").scriptedBody(), ": ping\n\ndata: one\n\n: ping\n\ndata: two\n\n");

    const ScriptedResponse truncated = base.truncatedAt(13);
    QCOMPARE(pieceBytes(truncated), (QList<QByteArray> {"data: one\n\n", "da"}));
    QCOMPARE(base.truncatedAt(0).scriptedBody(), QByteArray());
    QCOMPARE(base.truncatedAt(1000).scriptedBody(), body);

    const ScriptedResponse delayed = base.withPieceDelay(3).withPieceDelay(4);
    QCOMPARE(delayed.pieces.first().delayMs, 7);
}

void TestScriptedHttpServer::factoriesWriteWireFormats()
{
    QCOMPARE(ScriptedResponse::sse({"a\nb"}).scriptedBody(), "data: a\ndata: b\n\n");
    QCOMPARE(ScriptedResponse::sseEvents({{"message_stop", "{}"}, {"", "x"}}).scriptedBody(),
        "event: message_stop\ndata: {}\n\ndata: x\n\n");
    QCOMPARE(ScriptedResponse::ndjson({"{}", "[]"}).scriptedBody(), "{}\n[]\n");

    const ScriptedResponse json = ScriptedResponse::json(400, "{}");
    QCOMPARE(json.statusCode, 400);
    QCOMPARE(json.framing, Framing::ContentLength);
    QCOMPARE(ScriptedResponse::standardReasonPhrase(404), "Not Found");

    QCOMPARE(ScriptedResponse::generatedBytes(100, 16).fullBody().size(), 100);
    QCOMPARE(ScriptedResponse::generatedBytes(100, 16).generated.pieceCount, 7);
    QCOMPARE(ScriptedResponse::generatedSse(2,
                 [](qint64 i) {
                     return QByteArray::number(i);
                 })
                 .fullBody(),
        "data: 0\n\ndata: 1\n\n");
}

QTEST_GUILESS_MAIN(TestScriptedHttpServer)
#include "tst_scriptedhttpserver.moc"
