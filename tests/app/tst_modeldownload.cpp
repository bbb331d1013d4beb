// SPDX-License-Identifier: GPL-3.0-or-later
// Model downloads against a loopback HTTP server started here: a dropped connection resumed
// with a Range request, pause and resume, a checksum that does not match, a full disk, and a
// server that ignores ranges.
#include "app/models/modeldownload.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

constexpr int TimeoutMs = 30'000;

/** Serves one file over HTTP/1.1 on 127.0.0.1, with Range support and ways to misbehave. */
class FileServer : public QObject
{
public:
    explicit FileServer(const QByteArray &body)
        : m_body(body)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    serve(socket);
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/models/model.gguf"_s.arg(m_server.serverPort())); }

    /** A response to a request without a range stops after this many body bytes, the connection cut. */
    qsizetype dropAfter = -1;
    /** Body bytes per 5 ms tick; 0 sends everything at once. */
    qsizetype chunk = 0;
    bool honourRange = true;
    QList<QByteArray> ranges;
    /** The path of every request, in order. */
    QList<QByteArray> paths;
    int requests = 0;

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &request = m_pending[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n")) {
            return;
        }
        ++requests;
        paths.append(request.left(request.indexOf("\r\n")).split(' ').value(1));
        qsizetype start = 0;
        QByteArray range;
        for (const QByteArray &line : request.split('\n')) {
            if (line.toLower().startsWith("range:")) {
                range = line.mid(6).trimmed();
            }
        }
        m_pending.remove(socket);
        ranges.append(range);
        if (honourRange && range.startsWith("bytes=")) {
            start = range.mid(6, range.indexOf('-') - 6).toLongLong();
        }
        QByteArray body = m_body.mid(start);
        QByteArray head = start > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
        head += "Content-Type: application/octet-stream\r\nConnection: close\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (start > 0) {
            head += "Content-Range: bytes " + QByteArray::number(start) + '-' + QByteArray::number(m_body.size() - 1)
                + '/' + QByteArray::number(m_body.size()) + "\r\n";
        }
        socket->write(head + "\r\n");
        if (dropAfter >= 0 && range.isEmpty()) {
            body.truncate(dropAfter);
        }
        if (chunk <= 0) {
            socket->write(body);
            socket->disconnectFromHost();
            return;
        }
        auto *timer = new QTimer(socket);
        auto offset = std::make_shared<qsizetype>(0);
        QObject::connect(timer, &QTimer::timeout, socket, [socket, body, offset, timer, this] {
            socket->write(body.mid(*offset, chunk));
            *offset += chunk;
            if (*offset >= body.size()) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(5);
    }

    QTcpServer m_server;
    QByteArray m_body;
    QHash<QTcpSocket *, QByteArray> m_pending;
};

QByteArray randomBody(qsizetype size)
{
    QByteArray body(size, Qt::Uninitialized);
    QRandomGenerator generator(4);
    for (char &byte : body) {
        byte = char(generator.bounded(256));
    }
    return body;
}

QByteArray fileContent(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestModelDownload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void downloadsWithProgressAndChecksum();
    void resumesAfterADroppedConnection();
    void pausesAndResumes();
    void checksumMismatchKeepsNothing();
    void refusesWhenTheDiskIsFull();
    void restartsWhenTheServerIgnoresRanges();
    void cliAddsAModelByUrl();
    void cliAddsAStarterModel();

private:
    QNetworkAccessManager m_network;
};

void TestModelDownload::downloadsWithProgressAndChecksum()
{
    const QByteArray body = randomBody(300'000);
    FileServer server(body);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    const QString target = dir.filePath(u"models/model.gguf"_s);
    ModelDownload download(m_network, server.url(), target);
    download.setExpectedSha256(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QSignalSpy progress(&download, &ModelDownload::progress);
    QSignalSpy finished(&download, &ModelDownload::finished);
    download.start();
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(finished.constFirst().constFirst().toString(), target);
    QCOMPARE(download.state(), ModelDownload::State::Finished);
    QCOMPARE(fileContent(target), body);
    QVERIFY(!QFile::exists(download.partPath()));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toLongLong(), body.size());
    QCOMPARE(progress.constLast().at(1).toLongLong(), body.size());
    QVERIFY(progress.constLast().at(2).toDouble() > 0);
}

void TestModelDownload::resumesAfterADroppedConnection()
{
    const QByteArray body = randomBody(400'000);
    FileServer server(body);
    server.dropAfter = 150'000;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownload download(m_network, server.url(), dir.filePath(u"model.gguf"_s));
    download.setExpectedSha256(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QSignalSpy failed(&download, &ModelDownload::failed);
    QSignalSpy finished(&download, &ModelDownload::finished);
    download.start();
    QVERIFY(failed.wait(TimeoutMs));
    QVERIFY2(failed.constFirst().at(1).toBool(), qPrintable(failed.constFirst().at(0).toString()));
    QVERIFY(!QFile::exists(download.targetPath()));
    const qint64 kept = QFile(download.partPath()).size();
    QCOMPARE(kept, 150'000);

    download.start();
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(server.ranges.constLast(), "bytes=150000-");
    QCOMPARE(fileContent(download.targetPath()), body);
}

void TestModelDownload::pausesAndResumes()
{
    const QByteArray body = randomBody(200'000);
    FileServer server(body);
    server.chunk = 4096;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownload download(m_network, server.url(), dir.filePath(u"model.gguf"_s));
    QSignalSpy progress(&download, &ModelDownload::progress);
    QSignalSpy paused(&download, &ModelDownload::paused);
    QSignalSpy finished(&download, &ModelDownload::finished);
    download.start();
    QVERIFY(progress.wait(TimeoutMs));
    download.pause();
    QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, TimeoutMs);
    QCOMPARE(download.state(), ModelDownload::State::Paused);
    const qint64 kept = QFile(download.partPath()).size();
    QVERIFY(kept > 0 && kept < body.size());
    QCOMPARE(download.receivedBytes(), kept);

    download.start();
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(server.ranges.constLast(), "bytes=" + QByteArray::number(kept) + '-');
    QCOMPARE(fileContent(download.targetPath()), body);
}

void TestModelDownload::checksumMismatchKeepsNothing()
{
    const QByteArray body = randomBody(50'000);
    FileServer server(body);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownload download(m_network, server.url(), dir.filePath(u"model.gguf"_s));
    download.setExpectedSha256(QByteArray(64, 'a'));
    QSignalSpy failed(&download, &ModelDownload::failed);
    download.start();
    QVERIFY(failed.wait(TimeoutMs));
    const QString message = failed.constFirst().at(0).toString();
    QVERIFY2(message.contains(u"SHA-256"_s) && message.contains(u"model.gguf"_s), qPrintable(message));
    QVERIFY(!failed.constFirst().at(1).toBool());
    QVERIFY(!QFile::exists(download.targetPath()));
    QVERIFY(!QFile::exists(download.partPath()));
}

void TestModelDownload::refusesWhenTheDiskIsFull()
{
    const QByteArray body = randomBody(80'000);
    FileServer server(body);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownload download(m_network, server.url(), dir.filePath(u"model.gguf"_s));
    download.setFreeSpaceCheck([](const QString &) {
        return qint64(10'000);
    });
    QSignalSpy failed(&download, &ModelDownload::failed);
    download.start();
    QVERIFY(failed.wait(TimeoutMs));
    const QString message = failed.constFirst().at(0).toString();
    QVERIFY2(message.contains(u"free space"_s) && message.contains(u"80000"_s) && message.contains(u"10000"_s),
        qPrintable(message));
    QVERIFY(!QFile::exists(download.targetPath()));
    QCOMPARE(QFile(download.partPath()).size(), 0);
}

void TestModelDownload::restartsWhenTheServerIgnoresRanges()
{
    const QByteArray body = randomBody(120'000);
    FileServer server(body);
    server.dropAfter = 30'000;
    server.honourRange = false;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownload download(m_network, server.url(), dir.filePath(u"model.gguf"_s));
    download.setExpectedSha256(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QSignalSpy failed(&download, &ModelDownload::failed);
    QSignalSpy finished(&download, &ModelDownload::finished);
    download.start();
    QVERIFY(failed.wait(TimeoutMs));
    download.start();
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(fileContent(download.targetPath()), body);
}

void TestModelDownload::cliAddsAModelByUrl()
{
    const QByteArray model = fileContent(QStringLiteral(JUXTA_TINY_GGUF));
    QVERIFY(!model.isEmpty());
    FileServer server(model);
    server.dropAfter = 100'000;
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_MODELS_DIR"_s, dir.path());
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    const QStringList arguments {u"models"_s,
        u"add"_s,
        server.url().toString(),
        u"--sha256"_s,
        QString::fromLatin1(QCryptographicHash::hash(model, QCryptographicHash::Sha256).toHex())};

    // The server drops the first transfer: the command fails, keeps the .part, and a second run resumes.
    for (const int expected : {2, 0}) {
        QProcess cli;
        cli.setProcessEnvironment(environment);
        QSignalSpy ended(&cli, &QProcess::finished);
        cli.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
        QVERIFY(ended.wait(TimeoutMs));
        QVERIFY2(cli.exitCode() == expected, cli.readAllStandardError().constData());
    }
    QCOMPARE(server.ranges.constLast(), "bytes=100000-");
    QCOMPARE(fileContent(dir.filePath(u"model.gguf"_s)), model);
    QVERIFY(!QFile::exists(dir.filePath(u"model.gguf.part"_s)));
}

// `models starters` lists the shipped list; `models add starter:ID` downloads the chosen one from
// the server JUXTA_STARTER_MODELS_BASE_URL names, keeping Hugging Face's path, into the library.
void TestModelDownload::cliAddsAStarterModel()
{
    const QByteArray model = fileContent(QStringLiteral(JUXTA_TINY_GGUF));
    QVERIFY(!model.isEmpty());
    FileServer server(model);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_MODELS_DIR"_s, dir.path());
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    environment.insert(u"JUXTA_STARTER_MODELS_BASE_URL"_s, u"http://127.0.0.1:%1/hf/"_s.arg(server.url().port()));
    const auto run = [&environment](const QStringList &arguments, int expected) -> QByteArray {
        QProcess cli;
        cli.setProcessEnvironment(environment);
        // The server answers on this thread, so wait with the event loop running.
        QSignalSpy ended(&cli, &QProcess::finished);
        cli.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
        if (!ended.wait(TimeoutMs) || cli.exitCode() != expected) {
            qWarning() << arguments << "exit" << cli.exitCode() << cli.readAllStandardError();
            return "failed";
        }
        return cli.readAllStandardOutput();
    };

    const QJsonObject listing = QJsonDocument::fromJson(run({u"models"_s, u"starters"_s, u"--json"_s}, 0)).object();
    const QJsonArray starters = listing.value("models"_L1).toArray();
    QVERIFY(starters.size() >= 5);
    const QJsonObject starter = starters.first().toObject();
    const QUrl original(starter.value("url"_L1).toString());
    QCOMPARE(original.host(), u"huggingface.co"_s);
    QCOMPARE(starter.value("in_library"_L1).toBool(), false);
    QCOMPARE(server.requests, 0); // listing downloads nothing

    QCOMPARE(run({u"models"_s, u"add"_s, u"starter:no-such-model"_s}, 1), QByteArray());
    QCOMPARE(server.requests, 0);

    const QString id = starter.value("id"_L1).toString();
    QVERIFY(run({u"models"_s, u"add"_s, u"starter:"_s + id}, 0).contains("Added"));
    QCOMPARE(server.paths, QList<QByteArray> {"/hf" + original.path().toUtf8()});
    const QString file = starter.value("file"_L1).toString();
    QCOMPARE(fileContent(dir.filePath(file)), model);
    QVERIFY(!QFile::exists(dir.filePath(file + u".part"_s)));

    // The library reads it as a model, and the list now says it is there.
    const QJsonArray local =
        QJsonDocument::fromJson(run({u"models"_s, u"local"_s, u"--json"_s}, 0)).object().value("models"_L1).toArray();
    QCOMPARE(local.size(), 1);
    QCOMPARE(local.first().toObject().value("architecture"_L1).toString(), u"llama"_s);
    const QJsonArray after = QJsonDocument::fromJson(run({u"models"_s, u"starters"_s, u"--json"_s}, 0))
                                 .object()
                                 .value("models"_L1)
                                 .toArray();
    QCOMPARE(after.first().toObject().value("in_library"_L1).toBool(), true);
    // A second add does not download again.
    QCOMPARE(run({u"models"_s, u"add"_s, u"starter:"_s + id}, 2), QByteArray());
    QCOMPARE(server.requests, 1);
}

QTEST_GUILESS_MAIN(TestModelDownload)
#include "tst_modeldownload.moc"
