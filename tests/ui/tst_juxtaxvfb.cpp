// SPDX-License-Identifier: GPL-3.0-or-later
// The real juxta binary on a real X server: its own Xvfb, the xcb platform plugin, two panes
// answering from a loopback server, then a clean exit.
#include "app/loopback/scriptedhttpserver.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Loopback;

namespace {

QByteArray chunk(const QString &text)
{
    return QJsonDocument(
        QJsonObject {{u"choices"_s,
            QJsonArray {QJsonObject {{u"index"_s, 0}, {u"delta"_s, QJsonObject {{u"content"_s, text}}}}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestJuxtaXvfb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void answersAndQuitsCleanly();
    void failingPaneGivesExitCodeTwo();

private:
    /** Runs juxta on the X server with @p arguments; returns its exit code, or -1 if it crashed or hung. */
    int runJuxta(const QStringList &arguments, QString *output);

    QProcess m_xvfb;
    QString m_display;
    QTemporaryDir m_home;
    ScriptedHttpServer m_server;
};

void TestJuxtaXvfb::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(m_server.listen());
    // -displayfd: Xvfb picks a free display itself and writes its number once it accepts clients.
    m_xvfb.setProgram(QStringLiteral(JUXTA_XVFB));
    m_xvfb.setArguments({u"-displayfd"_s, u"1"_s, u"-screen"_s, u"0"_s, u"1400x900x24"_s, u"-nolisten"_s, u"tcp"_s});
    m_xvfb.start();
    QVERIFY2(m_xvfb.waitForStarted(10000), qPrintable(m_xvfb.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_xvfb.canReadLine() || m_xvfb.state() != QProcess::Running, 20000);
    const QByteArray line = m_xvfb.readLine().trimmed();
    QVERIFY2(!line.isEmpty(), m_xvfb.readAllStandardError().constData());
    m_display = u":"_s + QString::fromLatin1(line);
}

void TestJuxtaXvfb::cleanupTestCase()
{
    if (m_xvfb.state() != QProcess::NotRunning) {
        m_xvfb.terminate();
        QSignalSpy finished(&m_xvfb, &QProcess::finished);
        if (!finished.wait(10000)) {
            m_xvfb.kill();
            finished.wait(5000);
        }
    }
}

int TestJuxtaXvfb::runJuxta(const QStringList &arguments, QString *output)
{
    QProcess juxta;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DISPLAY"_s, m_display);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    environment.insert(u"HOME"_s, m_home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
    environment.insert(u"JUXTA_DATA_DIR"_s, m_home.filePath(u"juxta-data"_s));
    environment.insert(u"JUXTA_MODELS_DIR"_s, m_home.filePath(u"models"_s));
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    environment.insert(u"JUXTA_OPENAI_BASE_URL"_s, m_server.url(u"/v1"_s).toString());
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-xvfb-test-0123456789"_s);
    juxta.setProcessEnvironment(environment);
    juxta.setProcessChannelMode(QProcess::MergedChannels);
    juxta.start(QStringLiteral(JUXTA_GUI_BINARY), arguments);
    if (!juxta.waitForStarted(10000)) {
        *output = juxta.errorString();
        return -1;
    }
    QSignalSpy finished(&juxta, &QProcess::finished);
    if (!finished.wait(60000)) {
        juxta.kill();
        finished.wait(5000);
        *output = QString::fromLocal8Bit(juxta.readAll());
        return -1;
    }
    *output = QString::fromLocal8Bit(juxta.readAll());
    return juxta.exitStatus() == QProcess::NormalExit ? juxta.exitCode() : -1;
}

void TestJuxtaXvfb::answersAndQuitsCleanly()
{
    m_server.clearRequests();
    m_server.setHandler([](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        return ScriptedResponse::sse({chunk(u"# Hello from "_s),
                                         chunk(model),
                                         chunk(u"\n\n- one\n- two\n"_s),
                                         R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
                                         "[DONE]"})
            .withPieceDelay(20);
    });
    const QString screenshot = QDir(QStringLiteral(JUXTA_SCREENSHOT_DIR)).filePath(u"juxta-xvfb.png"_s);
    QVERIFY(QDir().mkpath(QStringLiteral(JUXTA_SCREENSHOT_DIR)));
    QFile::remove(screenshot);
    QString output;
    const int code = runJuxta({u"--pane"_s,
                                  u"openai:model-a"_s,
                                  u"--pane"_s,
                                  u"openai:model-b"_s,
                                  u"--send"_s,
                                  u"Say hello"_s,
                                  u"--quit-when-done"_s,
                                  u"--screenshot"_s,
                                  screenshot},
        &output);
    QVERIFY2(code == 0, qPrintable(u"exit %1: %2"_s.arg(code).arg(output)));
    QVERIFY2(!output.contains(u"QXcbConnection"_s) && !output.contains(u"could not connect to display"_s),
        qPrintable(output));

    const QList<RecordedRequest> requests = m_server.requests();
    QCOMPARE(requests.size(), 2);
    QStringList models;
    for (const RecordedRequest &request : requests) {
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-xvfb-test-0123456789"));
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        models.append(body.value("model"_L1).toString());
        QCOMPARE(body.value("messages"_L1).toArray().last().toObject().value("content"_L1).toString(), u"Say hello"_s);
    }
    models.sort();
    QCOMPARE(models, (QStringList {u"model-a"_s, u"model-b"_s}));

    const QImage image(screenshot);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 600 && image.height() > 400);
    // The window kept its settings: the panes it answered with are there on the next start.
    const QString settings = m_home.filePath(u"config"_s);
    QVERIFY(!QDir(settings).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestJuxtaXvfb::failingPaneGivesExitCodeTwo()
{
    m_server.clearRequests();
    m_server.setHandler([](const RecordedRequest &) {
        return ScriptedResponse::json(401,
            R"({"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}})");
    });
    QString output;
    const int code = runJuxta({u"--pane"_s, u"openai:model-a"_s, u"--send"_s, u"Hi"_s, u"--quit-when-done"_s}, &output);
    QVERIFY2(code == 2, qPrintable(u"exit %1: %2"_s.arg(code).arg(output)));
    QCOMPARE(m_server.requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestJuxtaXvfb)
#include "tst_juxtaxvfb.moc"
