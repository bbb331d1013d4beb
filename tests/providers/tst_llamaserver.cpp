// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAI-compatible provider against the real llama-server, serving the generated tiny
// model on loopback: what Juxta assembles from the stream must be exactly what the server
// answers in one piece for the same greedy request.
#include "app/catalog/presetcatalog.h"
#include "app/metrics/responserecorder.h"
#include "providers/chatstream.h"
#include "providers/http/httpprovider.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Providers;

class TestLlamaServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsItsModel();
    void streamedGreedyAnswerEqualsTheServersOwn();
    void contextOverflowIsAClearError();

private:
    QJsonObject postWhole(const QJsonObject &body);
    ChatRequest greedyRequest() const;

    QProcess m_server;
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
    PresetCatalog m_catalog = PresetCatalog::builtIn(QProcessEnvironment());
};

void TestLlamaServer::initTestCase()
{
    // Ask the kernel for a free loopback port; llama-server takes it a moment later.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();

    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.start(QStringLiteral(JUXTA_LLAMA_SERVER),
        {u"-m"_s,
            QStringLiteral(JUXTA_TINY_GGUF),
            u"--host"_s,
            u"127.0.0.1"_s,
            u"--port"_s,
            QString::number(port),
            u"-c"_s,
            u"256"_s,
            u"-np"_s,
            u"1"_s,
            u"-t"_s,
            u"2"_s,
            u"-ngl"_s,
            u"0"_s,
            u"--no-webui"_s});
    QVERIFY2(m_server.waitForStarted(), qPrintable(m_server.errorString()));
    m_baseUrl = QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port));
    QVERIFY(m_catalog.overrideBaseUrl(u"llamacpp"_s, m_baseUrl));

    // Ready when /health answers 200 (503 while loading).
    QElapsedTimer waited;
    waited.start();
    int status = 0;
    while (status != 200 && waited.elapsed() < 60000 && m_server.state() == QProcess::Running) {
        QNetworkReply *reply = m_network.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/health"_s.arg(port))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(5000));
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status != 200) {
            QTest::qWait(100);
        }
    }
    QVERIFY2(status == 200, m_server.readAll().right(2000).constData());
}

void TestLlamaServer::cleanupTestCase()
{
    m_server.terminate();
    if (!m_server.waitForFinished(10000)) {
        m_server.kill();
        m_server.waitForFinished();
    }
}

QJsonObject TestLlamaServer::postWhole(const QJsonObject &body)
{
    QNetworkRequest request(QUrl(m_baseUrl.toString() + u"/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    // A manager of its own: no pooled connection the server may have closed meanwhile.
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(60000)) {
        return {};
    }
    reply->deleteLater();
    const QByteArray answer = reply->readAll();
    const QJsonObject object = QJsonDocument::fromJson(answer).object();
    if (object.isEmpty()) {
        qWarning() << "llama-server answered" << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                   << reply->errorString() << answer.left(500);
    }
    return object;
}

ChatRequest TestLlamaServer::greedyRequest() const
{
    ChatRequest request;
    request.model = u"tiny"_s;
    request.systemPrompt = u"You are a test."_s;
    request.messages = {{ChatMessage::Role::User, u"hello world, compare the local model"_s, {}, {}, {}}};
    request.params.temperature = 0.0;
    request.params.topK = 1;
    request.params.seed = 42;
    request.params.maxTokens = 24;
    return request;
}

void TestLlamaServer::listsItsModel()
{
    const auto provider = ProviderFactory::create(*m_catalog.find(u"llamacpp"_s), m_network, {});
    std::unique_ptr<ModelListing> listing(provider->listModels());
    QSignalSpy finished(listing.get(), &ModelListing::finished);
    QSignalSpy failed(listing.get(), &ModelListing::failed);
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.size(), 0);
    const auto models = finished.constFirst().constFirst().value<QList<ModelInfo>>();
    QCOMPARE(models.size(), 1);
    QVERIFY2(models.constFirst().id.contains(u"tiny-llama"_s), qPrintable(models.constFirst().id));
    QCOMPARE(models.constFirst().contextLength, std::optional<qint64>(512));
}

void TestLlamaServer::streamedGreedyAnswerEqualsTheServersOwn()
{
    const auto provider = ProviderFactory::create(*m_catalog.find(u"llamacpp"_s), m_network, {});
    const ChatRequest request = greedyRequest();

    std::unique_ptr<ChatStream> stream(provider->start(request));
    ResponseRecorder recorder;
    recorder.attach(stream.get());
    QSignalSpy ended(&recorder, &ResponseRecorder::ended);
    QVERIFY(ended.wait(60000));
    QVERIFY2(!recorder.error(), qPrintable(recorder.error() ? recorder.error()->message : QString()));
    QVERIFY(recorder.finishReason());
    QVERIFY2(recorder.deltaCount() > 1, "the answer should arrive in several pieces");
    QVERIFY(recorder.usage().outputTokens);
    QVERIFY(recorder.firstByteMs() && recorder.firstTokenMs() && *recorder.firstTokenMs() >= *recorder.firstByteMs());

    // The same request, unstreamed, straight to the server.
    QJsonObject body =
        QJsonDocument::fromJson(qobject_cast<const HttpProvider *>(provider.get())->requestBody(request)).object();
    body.insert(u"stream"_s, false);
    body.remove(u"stream_options"_s);
    const QJsonObject whole = postWhole(body);
    const QJsonObject choice = whole.value("choices"_L1).toArray().first().toObject();
    const QString expected = choice.value("message"_L1).toObject().value("content"_L1).toString();
    QVERIFY2(!expected.isEmpty(), QJsonDocument(whole).toJson().constData());
    QCOMPARE(recorder.text(), expected);
    QCOMPARE(*recorder.usage().outputTokens,
        whole.value("usage"_L1).toObject().value("completion_tokens"_L1).toInteger());
    QCOMPARE(finishReasonName(*recorder.finishReason()), choice.value("finish_reason"_L1).toString());
}

void TestLlamaServer::contextOverflowIsAClearError()
{
    const auto provider = ProviderFactory::create(*m_catalog.find(u"llamacpp"_s), m_network, {});
    ChatRequest request = greedyRequest();
    QString longText;
    for (int i = 0; i < 400; ++i) {
        longText += u"hello world model token "_s;
    }
    request.messages = {{ChatMessage::Role::User, longText, {}, {}, {}}};
    std::unique_ptr<ChatStream> stream(provider->start(request));
    QSignalSpy failed(stream.get(), &ChatStream::failed);
    QVERIFY(failed.wait(60000));
    const auto error = failed.constFirst().constFirst().value<ProviderError>();
    QCOMPARE(error.kind, ProviderError::Kind::BadRequest);
    QCOMPARE(error.httpStatus, 400);
    QVERIFY2(error.serverMessage.contains(u"context"_s), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestLlamaServer)
#include "tst_llamaserver.moc"
