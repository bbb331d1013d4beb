// SPDX-License-Identifier: GPL-3.0-or-later
// The streaming HTTP/1.1 reader on real loopback sockets: body framings, interim responses,
// malformed responses, redirects, an explicit HTTP proxy and a failed TLS handshake.
#include "app/loopback/scriptedhttpserver.h"
#include "providers/http/httpstreamreply.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta::Loopback;
using namespace Juxta::Providers;

Q_DECLARE_METATYPE(Juxta::Loopback::ScriptedResponse)

namespace {

const QNetworkProxy NoProxy(QNetworkProxy::NoProxy);

/** What one exchange produced, collected as a consumer of the reply sees it. */
struct Exchange
{
    QByteArray body;
    int readyReads = 0;
    int headersReceived = 0;
    int finished = 0;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
};

Exchange run(const QUrl &url, const QByteArray &body = "{}", const QNetworkProxy &proxy = NoProxy)
{
    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Authorization", "Bearer sk-test");
    HttpStreamReply reply(request, body, proxy);
    Exchange exchange;
    QObject::connect(&reply, &HttpStreamReply::headersReceived, &reply, [&] {
        ++exchange.headersReceived;
        exchange.status = reply.statusCode();
    });
    QObject::connect(&reply, &HttpStreamReply::readyRead, &reply, [&] {
        ++exchange.readyReads;
        exchange.body += reply.readAll();
    });
    QObject::connect(&reply, &HttpStreamReply::finished, &reply, [&] {
        ++exchange.finished;
        exchange.error = reply.error();
        exchange.errorString = reply.errorString();
    });
    std::ignore = QTest::qWaitFor(
        [&] {
            return exchange.finished > 0;
        },
        10000);
    return exchange;
}

} // namespace

class TestHttpStreamReply : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void readsEveryFraming_data();
    void readsEveryFraming();
    void sendsTheRequestAsGiven();
    void deliversWhatOneReadBroughtAtOnce();
    void skipsInterimResponses();
    void ignoresChunkExtensionsAndTrailers();
    void rejectsMalformedResponses_data();
    void rejectsMalformedResponses();
    void doesNotFollowRedirects();
    void aCloseMidBodyIsAnError();
    void sendsPlainRequestsToAnHttpProxyInAbsoluteForm();
    void aFailedTlsHandshakeIsATlsError();
    void abortEmitsNothing();

private:
    std::unique_ptr<ScriptedHttpServer> m_server;
};

void TestHttpStreamReply::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
}

void TestHttpStreamReply::cleanup()
{
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    m_server.reset();
}

void TestHttpStreamReply::readsEveryFraming_data()
{
    QTest::addColumn<ScriptedResponse>("response");
    const QByteArray text = "data: one\n\ndata: twö\n\n";
    const auto pieces = [&text](Framing framing) {
        ScriptedResponse response = ScriptedResponse::text(200, text).withFraming(framing);
        return response;
    };
    QTest::newRow("chunked") << pieces(Framing::Chunked);
    QTest::newRow("chunked, byte by byte") << pieces(Framing::Chunked).rechunked(3).splitIntoBytes();
    QTest::newRow("content-length") << pieces(Framing::ContentLength);
    QTest::newRow("content-length, byte by byte") << pieces(Framing::ContentLength).splitIntoBytes();
    QTest::newRow("until close") << pieces(Framing::CloseDelimited);
    QTest::newRow("until close, byte by byte") << pieces(Framing::CloseDelimited).splitIntoBytes();
}

void TestHttpStreamReply::readsEveryFraming()
{
    QFETCH(ScriptedResponse, response);
    m_server->enqueue(response);
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    QCOMPARE(exchange.finished, 1);
    QCOMPARE(exchange.headersReceived, 1);
    QCOMPARE(exchange.status, 200);
    QCOMPARE(exchange.body, "data: one\n\ndata: twö\n\n");
}

void TestHttpStreamReply::sendsTheRequestAsGiven()
{
    m_server->enqueue(ScriptedResponse::json(200, "{}"));
    const QByteArray body = R"({"model":"m","messages":[]})";
    const Exchange exchange = run(m_server->url(u"/v1/chat/completions?api-version=2024-10-21"_s), body);
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    const RecordedRequest request = m_server->requests().constFirst();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.target, "/v1/chat/completions?api-version=2024-10-21");
    QCOMPARE(request.body, body);
    QCOMPARE(request.header("content-length"), QByteArray::number(body.size()));
    QCOMPARE(request.header("content-type"), "application/json");
    QCOMPARE(request.header("authorization"), "Bearer sk-test");
    QCOMPARE(request.header("host"), "127.0.0.1:" + QByteArray::number(m_server->url(u"/"_s).port()));
    QCOMPARE(request.header("accept-encoding"), "identity");
    QVERIFY(!request.header("user-agent").isEmpty());
}

void TestHttpStreamReply::deliversWhatOneReadBroughtAtOnce()
{
    // 5,000 events, each its own HTTP chunk, written in large batches: a reader that hands
    // over every chunk on its own would signal 5,000 times.
    m_server->enqueue(ScriptedResponse::generatedSse(5000, [](qint64 index) {
        return QByteArray::number(index);
    }));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    QCOMPARE(exchange.body.count("data: "), 5000);
    QVERIFY(exchange.body.endsWith("data: 4999\n\n"));
    QVERIFY2(exchange.readyReads < 500, QByteArray::number(exchange.readyReads));
}

void TestHttpStreamReply::skipsInterimResponses()
{
    m_server->enqueue(ScriptedResponse::raw({"HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"}));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    QCOMPARE(exchange.headersReceived, 1);
    QCOMPARE(exchange.status, 200);
    QCOMPARE(exchange.body, "hello");
}

void TestHttpStreamReply::ignoresChunkExtensionsAndTrailers()
{
    m_server->enqueue(ScriptedResponse::raw({"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                             "5 ;name=value\r\nhello\r\n"
                                             "00009\r\n, wörld!\r\n"
                                             "0\r\nX-Trailer: yes\r\n\r\n"}));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    QCOMPARE(exchange.body, "hello, wörld!");
}

void TestHttpStreamReply::rejectsMalformedResponses_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH_9.6\r\n\r\n");
    QTest::newRow("no status code") << QByteArray("HTTP/1.1 OK\r\n\r\n");
    QTest::newRow("header without colon") << QByteArray("HTTP/1.1 200 OK\r\nbroken header\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("junk after the chunk size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("absurd chunk size") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n");
    QTest::newRow("chunk longer than its size")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n");
}

void TestHttpStreamReply::rejectsMalformedResponses()
{
    QFETCH(QByteArray, raw);
    m_server->enqueue(ScriptedResponse::raw({raw}).withEnding(Ending::Stall));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.finished, 1);
    QCOMPARE(exchange.error, QNetworkReply::ProtocolFailure);
    QVERIFY(!exchange.errorString.isEmpty());
}

void TestHttpStreamReply::doesNotFollowRedirects()
{
    m_server->enqueue(ScriptedResponse::text(307, "moved").withHeader("Location", "https://elsewhere.example/v1/chat"));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.finished, 1);
    QCOMPARE(exchange.headersReceived, 0);
    QCOMPARE(exchange.error, QNetworkReply::ProtocolUnknownError);
    QVERIFY2(exchange.errorString.contains("https://elsewhere.example/v1/chat"_L1), qPrintable(exchange.errorString));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestHttpStreamReply::aCloseMidBodyIsAnError()
{
    m_server->enqueue(ScriptedResponse::sse({"one", "two"}).withEnding(Ending::Disconnect));
    const Exchange exchange = run(m_server->url(u"/v1/chat"_s));
    QCOMPARE(exchange.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(exchange.body, "data: one\n\ndata: two\n\n"); // what came first was delivered
}

void TestHttpStreamReply::sendsPlainRequestsToAnHttpProxyInAbsoluteForm()
{
    // The loopback server plays the proxy; the target host is never resolved by the client.
    m_server->enqueue(ScriptedResponse::sse({"via proxy"}));
    const QNetworkProxy proxy(QNetworkProxy::HttpProxy,
        u"127.0.0.1"_s,
        quint16(m_server->url(u"/"_s).port()),
        u"user"_s,
        u"pässword"_s);
    const Exchange exchange = run(QUrl(u"http://api.example.invalid:8080/v1/chat?x=1"_s), "{}", proxy);
    QCOMPARE(exchange.error, QNetworkReply::NoError);
    QCOMPARE(exchange.body, "data: via proxy\n\n");
    const RecordedRequest request = m_server->requests().constFirst();
    QCOMPARE(request.target, "http://api.example.invalid:8080/v1/chat?x=1");
    QCOMPARE(request.header("host"), "api.example.invalid:8080");
    QCOMPARE(request.header("proxy-authorization"), "Basic " + "user:pässword"_ba.toBase64());

    // The proxy the network access manager is configured with is the one streams use.
    QNetworkAccessManager network;
    network.setProxy(proxy);
    QCOMPARE(HttpStreamReply::proxyFor(network, QUrl(u"https://api.openai.com/v1"_s)), proxy);
    network.setProxy(NoProxy);
    QCOMPARE(HttpStreamReply::proxyFor(network, QUrl(u"https://api.openai.com/v1"_s)).type(), QNetworkProxy::NoProxy);
}

void TestHttpStreamReply::aFailedTlsHandshakeIsATlsError()
{
    // A server that answers a TLS ClientHello with plain text: the handshake must fail, and
    // nothing about verification may be relaxed to get past it.
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost));
    connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        QTcpSocket *socket = plain.nextPendingConnection();
        socket->setParent(&plain);
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        });
    });
    const Exchange exchange = run(QUrl(u"https://127.0.0.1:%1/v1/chat"_s.arg(plain.serverPort())));
    QCOMPARE(exchange.finished, 1);
    QCOMPARE(exchange.error, QNetworkReply::SslHandshakeFailedError);
    QCOMPARE(exchange.headersReceived, 0);
}

void TestHttpStreamReply::abortEmitsNothing()
{
    m_server->enqueue(ScriptedResponse::sse({"one"}).withEnding(Ending::Stall));
    QNetworkRequest request(m_server->url(u"/v1/chat"_s));
    HttpStreamReply reply(request, "{}", NoProxy);
    QSignalSpy readyRead(&reply, &HttpStreamReply::readyRead);
    QSignalSpy finished(&reply, &HttpStreamReply::finished);
    QVERIFY(readyRead.wait());
    reply.abort();
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(TestHttpStreamReply)
#include "tst_httpstreamreply.moc"
