// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real juxta-cli against a loopback OpenAI-style server and checks what it recorded.
#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

constexpr auto Stream = "data: {\"id\":\"chatcmpl-1\",\"model\":\"gpt-loopback-2026\",\"choices\":[{\"index\":0,"
                        "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n"
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"}}]}\n\n"
                        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        "data: [DONE]\n\n";

/** Answers every chat request with the same short SSE stream and keeps the request bodies. */
class LoopbackServer : public QObject
{
public:
    LoopbackServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
                    if (headerEnd < 0) {
                        return;
                    }
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(headerEnd).split('\n')) {
                        if (line.toLower().startsWith("content-length:")) {
                            length = line.mid(15).trimmed().toLongLong();
                        }
                    }
                    if (buffer->size() < headerEnd + 4 + length) {
                        return;
                    }
                    bodies.append(buffer->mid(headerEnd + 4, length));
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
                    socket->write(Stream);
                    socket->disconnectFromHost();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }

    QList<QByteArray> bodies;

private:
    QTcpServer m_server;
};

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compareRecordsTheRun();
    void compareSendsALibraryPromptWithVariables();
    void historyListsShowsAndExports();
    void promptsAddSearchExportImport();
    void refusesADatabaseFromANewerJuxta();
    void benchmarksASmallLibrary();

private:
    Outcome run(const QStringList &arguments, const QString &dataDir = {});

    QTemporaryDir m_dir;
    LoopbackServer m_server;
};

Outcome TestCliHistory::run(const QStringList &arguments, const QString &dataDir)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_DATA_DIR"_s, dataDir.isEmpty() ? m_dir.path() : dataDir);
    environment.insert(u"JUXTA_OPENAI_BASE_URL"_s, u"http://127.0.0.1:%1/v1"_s.arg(m_server.port()));
    environment.insert(u"OPENAI_API_KEY"_s, u"test"_s);
    environment.insert(u"JUXTA_PROXY"_s, u"none"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
    Outcome outcome;
    // The server lives on this thread: wait by spinning the event loop, never blocking it.
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 60000);
    }();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

void TestCliHistory::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
}

void TestCliHistory::compareRecordsTheRun()
{
    const Outcome outcome =
        run({u"compare"_s, u"-p"_s, u"openai:gpt-test"_s, u"--temperature"_s, u"0.3"_s, u"Say hi to the loopback"_s});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    QVERIFY2(outcome.out.contains(u"Hi there"_s), qPrintable(outcome.out));
    QVERIFY2(outcome.err.contains(u"Recorded as run"_s), qPrintable(outcome.err));

    Database database(u"check"_s);
    QVERIFY2(database.openAndMigrate(m_dir.filePath(u"juxta.sqlite"_s)), qPrintable(database.errorString()));
    RunStore runs(database.connection());
    QCOMPARE(runs.count(), 1);
    const auto list = runs.find();
    QVERIFY(list);
    const auto recorded = runs.run(list->first().id);
    QVERIFY(recorded);
    QCOMPARE(recorded->promptText, u"Say hi to the loopback"_s);
    QVERIFY(recorded->promptName.isEmpty());
    QCOMPARE(recorded->panes.size(), 1);
    const RunPane &pane = recorded->panes.first();
    QCOMPARE(pane.presetId, u"openai"_s);
    QCOMPARE(pane.endpointHost, u"127.0.0.1"_s);
    QCOMPARE(pane.modelRequested, u"gpt-test"_s);
    QCOMPARE(pane.modelAnswered, u"gpt-loopback-2026"_s);
    QCOMPARE(pane.output, u"Hi there"_s);
    QCOMPARE(pane.finishReason, u"stop"_s);
    QVERIFY(!pane.failed());
    QCOMPARE(pane.parameters.value(u"temperature"_s).toDouble(), 0.3);
    QVERIFY(pane.metrics.ttftMs.has_value());
    QCOMPARE(pane.conversation.first().toObject().value(u"content"_s).toString(), u"Say hi to the loopback"_s);
    QCOMPARE(pane.conversation.last().toObject().value(u"content"_s).toString(), u"Hi there"_s);

    // --no-history records nothing.
    QCOMPARE(run({u"compare"_s, u"--no-history"_s, u"-p"_s, u"openai:gpt-test"_s, u"again"_s}).exitCode, 0);
    QCOMPARE(runs.count(), 1);
}

void TestCliHistory::compareSendsALibraryPromptWithVariables()
{
    const Outcome missing =
        run({u"compare"_s, u"-p"_s, u"openai:gpt-test"_s, u"--prompt"_s, u"Code review"_s, u"--var"_s, u"language="_s});
    QVERIFY2(missing.exitCode == 0, qPrintable(missing.err));

    const qsizetype before = m_server.bodies.size();
    const Outcome outcome = run({u"compare"_s,
        u"-p"_s,
        u"openai:gpt-test"_s,
        u"--prompt"_s,
        u"Translate@1"_s,
        u"--var"_s,
        u"text=Bonjour tout le monde"_s,
        u"--var"_s,
        u"target_language=Finnish"_s});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    QCOMPARE(m_server.bodies.size(), before + 1);
    const QJsonObject body = QJsonDocument::fromJson(m_server.bodies.last()).object();
    const QString sent = QString::fromUtf8(QJsonDocument(body.value(u"messages"_s).toArray()).toJson());
    QVERIFY2(sent.contains(u"Bonjour tout le monde"_s) && sent.contains(u"Finnish"_s), qPrintable(sent));
    QVERIFY2(!sent.contains(u"{{"_s), qPrintable(sent));

    Database database(u"check-prompt"_s);
    QVERIFY(database.openAndMigrate(m_dir.filePath(u"juxta.sqlite"_s)));
    RunStore runs(database.connection());
    const RunRecord latest = *runs.run(runs.find({.limit = 1})->first().id);
    QCOMPARE(latest.promptName, u"Translate"_s);
    QCOMPARE(latest.promptVersionNumber, std::optional<int>(1));
    QVERIFY(latest.promptVersionId.has_value());
    QCOMPARE(latest.variables.value(u"target_language"_s).toString(), u"Finnish"_s);
    QCOMPARE(latest.variables.value(u"source_language"_s).toString(), u"English"_s);
    QVERIFY(latest.systemText.contains(u"translator"_s));
    QVERIFY(PromptStore(database.connection()).isVersionUsed(*latest.promptVersionId));

    // A variable without a value is an error before anything is sent.
    const qsizetype sentSoFar = m_server.bodies.size();
    const Outcome undefined = run({u"compare"_s, u"-p"_s, u"openai:gpt-test"_s, u"--prompt"_s, u"Summarise"_s});
    QCOMPARE(undefined.exitCode, 1);
    QVERIFY2(undefined.err.contains(u"text"_s) && undefined.err.contains(u"--var"_s), qPrintable(undefined.err));
    QCOMPARE(m_server.bodies.size(), sentSoFar);
    QCOMPARE(run({u"compare"_s, u"-p"_s, u"openai:x"_s, u"--prompt"_s, u"No such prompt"_s}).exitCode, 1);
}

void TestCliHistory::historyListsShowsAndExports()
{
    const Outcome list = run({u"history"_s, u"list"_s, u"--model"_s, u"gpt-test"_s});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY2(list.out.contains(u"openai:gpt-test"_s), qPrintable(list.out));
    const Outcome json = run({u"history"_s, u"list"_s, u"--json"_s, u"--search"_s, u"loopback"_s});
    const QJsonArray runs = QJsonDocument::fromJson(json.out.toUtf8()).array();
    QCOMPARE(runs.size(), 1);
    const qint64 id = runs.first().toObject().value(u"id"_s).toInteger();

    const Outcome shown = run({u"history"_s, u"show"_s, QString::number(id), u"--json"_s});
    QCOMPARE(shown.exitCode, 0);
    const QJsonObject run0 = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(run0.value(u"panes"_s).toArray().first().toObject().value(u"output"_s).toString(), u"Hi there"_s);

    const QString file = m_dir.filePath(u"run.md"_s);
    QCOMPARE(
        run({u"history"_s, u"export"_s, QString::number(id), u"--format"_s, u"markdown"_s, u"-o"_s, file}).exitCode,
        0);
    QFile markdown(file);
    QVERIFY(markdown.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(markdown.readAll());
    QVERIFY(text.contains(u"## openai:gpt-test"_s));
    QVERIFY(text.contains(u"Hi there"_s));

    const Outcome stats = run({u"history"_s, u"stats"_s, u"--json"_s});
    const QJsonArray aggregates = QJsonDocument::fromJson(stats.out.toUtf8()).array();
    QCOMPARE(aggregates.size(), 1);
    QCOMPARE(aggregates.first().toObject().value(u"runs"_s).toInt(), 3);
    QCOMPARE(run({u"history"_s, u"show"_s, u"999999"_s}).exitCode, 1);
    QCOMPARE(run({u"history"_s, u"delete"_s, QString::number(id)}).exitCode, 0);
    QCOMPARE(run({u"history"_s, u"show"_s, QString::number(id)}).exitCode, 1);
}

void TestCliHistory::promptsAddSearchExportImport()
{
    QCOMPARE(run({u"prompts"_s,
                     u"add"_s,
                     u"Limerick"_s,
                     u"--user"_s,
                     u"A limerick about {{animal}}"_s,
                     u"--tag"_s,
                     u"poetry"_s,
                     u"--var"_s,
                     u"animal=otter"_s})
                 .exitCode,
        0);
    const Outcome second =
        run({u"prompts"_s, u"add"_s, u"Limerick"_s, u"--user"_s, u"Two limericks about {{animal}}"_s});
    QVERIFY2(second.out.contains(u"version 2"_s), qPrintable(second.out));
    const Outcome search = run({u"prompts"_s, u"search"_s, u"limer"_s});
    QVERIFY2(search.out.contains(u"Limerick"_s), qPrintable(search.out));
    const Outcome diff = run({u"prompts"_s, u"show"_s, u"Limerick"_s, u"--diff"_s, u"1"_s});
    QVERIFY2(diff.out.contains(u"- A limerick about {{animal}}"_s) && diff.out.contains(u"+ Two limericks"_s),
        qPrintable(diff.out));
    const Outcome list = run({u"prompts"_s, u"list"_s, u"--json"_s});
    QVERIFY(QJsonDocument::fromJson(list.out.toUtf8()).array().size() >= 13);

    const QString bundle = m_dir.filePath(u"export.json"_s);
    QCOMPARE(run({u"prompts"_s, u"export"_s, u"Limerick"_s, u"Translate"_s, u"-o"_s, bundle}).exitCode, 0);
    QTemporaryDir other;
    QCOMPARE(run({u"prompts"_s, u"import"_s, bundle}, other.path()).exitCode, 0);
    const Outcome shown = run({u"prompts"_s, u"show"_s, u"Limerick@1"_s, u"--json"_s}, other.path());
    QCOMPARE(QJsonDocument::fromJson(shown.out.toUtf8()).object().value(u"version"_s).toObject().value(u"user"_s),
        QJsonValue(u"A limerick about {{animal}}"_s));
    const Outcome prompty = run({u"prompts"_s, u"export"_s, u"Limerick"_s, u"-o"_s, other.filePath(u"l.prompty"_s)});
    QCOMPARE(prompty.exitCode, 0);
    QVERIFY(QFile::exists(other.filePath(u"l.prompty"_s)));
    const Outcome broken = run({u"prompts"_s, u"import"_s, u"/nonexistent/file.json"_s});
    QCOMPARE(broken.exitCode, 1);
    QVERIFY(broken.err.contains(u"Nothing was imported"_s));
}

void TestCliHistory::refusesADatabaseFromANewerJuxta()
{
    QTemporaryDir future;
    QVERIFY(future.isValid());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"future"_s);
        db.setDatabaseName(future.filePath(u"juxta.sqlite"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TABLE later (x)"_s));
        QVERIFY(query.exec(u"PRAGMA user_version = 999"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"future"_s);
    const Outcome outcome = run({u"history"_s, u"list"_s}, future.path());
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.err.contains(u"newer version of Juxta"_s), qPrintable(outcome.err));
    // compare still answers, and says why it could not record the run.
    const Outcome compare = run({u"compare"_s, u"-p"_s, u"openai:gpt-test"_s, u"hello"_s}, future.path());
    QCOMPARE(compare.exitCode, 0);
    QVERIFY2(compare.err.contains(u"not recorded"_s), qPrintable(compare.err));
}

void TestCliHistory::benchmarksASmallLibrary()
{
    const Outcome outcome =
        run({u"bench"_s, u"storage"_s, u"--prompts"_s, u"300"_s, u"--runs"_s, u"250"_s, u"--json"_s});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    const QJsonObject report = QJsonDocument::fromJson(outcome.out.toUtf8()).object();
    QCOMPARE(report.value(u"prompts"_s).toInt(), 300);
    for (const auto &key :
        {u"import_seconds"_s, u"prompt_search_p95_ms"_s, u"open_and_list_200_median_ms"_s, u"bytes_per_run"_s}) {
        QVERIFY2(report.value(key).toDouble() > 0, qPrintable(key));
    }
}

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_clihistory.moc"
