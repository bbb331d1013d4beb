// SPDX-License-Identifier: GPL-3.0-or-later
// Local panes in a comparison: the embedded engine next to cloud panes, in CompareSession and
// through juxta-cli compare.
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "providers/local/llamaruntime.h"
#include "providers/local/localllamaprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Providers;

namespace {

PaneConfig localPane()
{
    PaneConfig pane;
    pane.presetId = u"local"_s;
    pane.model = QStringLiteral(JUXTA_TINY_GGUF);
    pane.params.temperature = 0.0;
    pane.params.maxTokens = 8;
    return pane;
}

} // namespace

class TestCompareLocal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void localPanesBesideACloudPane();
    void sessionUsesTheProviderItIsGiven();
    void cliComparesLocalAndCloudPanes();
    void cliNeedsAModelForALocalPane();
    void cliSaysWhenChatMlStandsIn();

private:
    LlamaRuntime m_runtime;
    QNetworkAccessManager m_network;
    PresetCatalog m_catalog = PresetCatalog::builtIn(QProcessEnvironment());
};

void TestCompareLocal::localPanesBesideACloudPane()
{
    CompareSession session(m_catalog, m_network);
    session.addPane(localPane());
    session.addPane(localPane());
    PaneConfig cloud;
    cloud.presetId = u"openai"_s;
    cloud.model = u"gpt-4o-mini"_s;
    session.addPane(cloud); // no key: it fails alone
    QSignalSpy turnEnded(&session, &CompareSession::turnEnded);
    session.send(u"hello world"_s);
    QVERIFY(turnEnded.wait(60000));

    for (int pane : {0, 1}) {
        QVERIFY2(session.recorder(pane).finishReason(),
            qPrintable(session.recorder(pane).error() ? session.recorder(pane).error()->message : QString()));
        QVERIFY(!session.recorder(pane).text().isEmpty());
        QCOMPARE(session.recorder(pane).usage().outputTokens, 8);
    }
    // Two panes on one model take turns on one loaded copy; greedy answers agree.
    QCOMPARE(session.recorder(1).text(), session.recorder(0).text());
    QVERIFY(session.recorder(2).error());
    QCOMPARE(session.recorder(2).error()->kind, ProviderError::Kind::Auth);

    // The next turn continues each local conversation; the cache serves the shared prefix.
    session.send(u"tell me more"_s);
    QVERIFY(turnEnded.wait(60000));
    QVERIFY(session.recorder(0).finishReason());
    QCOMPARE(session.conversation(0).size(), 4);
    QVERIFY(session.recorder(0).usage().cachedInputTokens.value_or(0) > 0);
    QCOMPARE(session.metrics(0).outputTokens, 8);
}

void TestCompareLocal::sessionUsesTheProviderItIsGiven()
{
    LocalEngineSettings settings;
    settings.contextLength = 256;
    LocalLlamaProvider provider(*m_catalog.find(u"local"_s), settings);
    {
        CompareSession session(m_catalog, m_network);
        session.setProvider(u"local"_s, &provider);
        PaneConfig pane = localPane();
        session.addPane(pane);
        QSignalSpy turnEnded(&session, &CompareSession::turnEnded);
        // Too long for the provider's small context: proof that its settings applied.
        session.send(u"world "_s.repeated(400));
        QVERIFY(turnEnded.wait(60000));
        QVERIFY(session.recorder(0).error());
        QCOMPARE(session.recorder(0).error()->kind, ProviderError::Kind::TooLarge);
    }
}

void TestCompareLocal::cliComparesLocalAndCloudPanes()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"OPENAI_API_KEY"_s);
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    QProcess cli;
    cli.setProcessEnvironment(environment);
    const QString model = u"local:"_s + QStringLiteral(JUXTA_TINY_GGUF);
    cli.start(QStringLiteral(JUXTA_CLI_BINARY),
        {u"compare"_s,
            u"-p"_s,
            model,
            u"-p"_s,
            model,
            u"-p"_s,
            u"openai:gpt-4o-mini"_s,
            u"--ctx"_s,
            u"256"_s,
            u"--threads"_s,
            u"2"_s,
            u"--gpu-layers"_s,
            u"0"_s,
            u"--temperature"_s,
            u"0"_s,
            u"--max-tokens"_s,
            u"6"_s,
            u"--json"_s,
            u"hello world"_s});
    QVERIFY(cli.waitForFinished(120000));
    const QByteArray out = cli.readAllStandardOutput();
    // Some pane failed (the cloud one, for want of a key): exit code 2, the others still answered.
    QCOMPARE(cli.exitCode(), 2);
    const QJsonArray panes = QJsonDocument::fromJson(out).object().value("panes"_L1).toArray();
    QVERIFY2(panes.size() == 3, out.constData());
    const QJsonObject first = panes.at(0).toObject();
    QCOMPARE(first.value("preset"_L1).toString(), u"local"_s);
    QVERIFY(!first.value("text"_L1).toString().isEmpty());
    QCOMPARE(first.value("finish_reason"_L1).toString(), u"length"_s);
    QCOMPARE(panes.at(1).toObject().value("text"_L1), first.value("text"_L1));
    // The engine's own figures travel with the pane.
    const QJsonObject engine = first.value("annotations"_L1).toArray().at(0).toObject();
    QCOMPARE(engine.value("context_length"_L1).toInt(), 256);
    QCOMPARE(engine.value("threads"_L1).toInt(), 2);
    QVERIFY(!panes.at(2).toObject().value("error"_L1).toObject().isEmpty()
        || !panes.at(2).toObject().value("error"_L1).toString().isEmpty());
}

void TestCompareLocal::cliNeedsAModelForALocalPane()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    QProcess cli;
    cli.setProcessEnvironment(environment);
    cli.start(QStringLiteral(JUXTA_CLI_BINARY), {u"compare"_s, u"-p"_s, u"local"_s, u"hello"_s});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(cli.readAllStandardError().contains("needs a model"));
}

void TestCompareLocal::cliSaysWhenChatMlStandsIn()
{
    QProcess cli;
    cli.start(QStringLiteral(JUXTA_CLI_BINARY),
        {u"compare"_s,
            u"-p"_s,
            u"local:"_s + QStringLiteral(JUXTA_ODD_TEMPLATE_GGUF),
            u"--ctx"_s,
            u"256"_s,
            u"--max-tokens"_s,
            u"2"_s,
            u"hello"_s});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QByteArray out = cli.readAllStandardOutput();
    QVERIFY2(out.contains("note: ") && out.contains("ChatML"), out.constData());
}

QTEST_GUILESS_MAIN(TestCompareLocal)
#include "tst_comparelocal.moc"
