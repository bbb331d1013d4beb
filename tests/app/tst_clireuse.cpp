// SPDX-License-Identifier: GPL-3.0-or-later
// The real juxta-cli reusing what the database holds: a library prompt's suggested models and
// parameters, and recorded runs sent again. Checked by the request bodies a loopback server received.
#include "app/loopback/scriptedhttpserver.h"
#include "app/storage/database.h"
#include "app/storage/runstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

constexpr auto Bundle = R"({"format": "juxta-prompt-bundle", "version": 1, "prompts": [
  {"name": "Reviewer", "versions": [{"number": 1,
    "system": "You review {{language}} code.",
    "user": "Review this {{language}}:\n{{code}}",
    "variables": {"language": "Rust", "code": "fn main() {}"},
    "parameters": {"temperature": 0.1, "max_tokens": "321", "top_p": 0.5, "frequency_penalty": 0.2},
    "models": ["openai:suggested-a", "deepseek:suggested-b"]}]},
  {"name": "No models", "versions": [{"number": 1, "user": "Hello {{who}}", "variables": {"who": "world"}}]},
  {"name": "Elsewhere", "versions": [{"number": 1, "user": "Hi", "models": ["no-such-preset:m"]}]}
]})";

/** A request's body with its messages as "role:content" lines. */
struct Sent
{
    QByteArray path;
    QJsonObject body;
    QStringList messages;
};

QList<Sent> sent(const QList<RecordedRequest> &requests)
{
    QList<Sent> result;
    for (const RecordedRequest &request : requests) {
        Sent one {request.path, QJsonDocument::fromJson(request.body).object(), {}};
        for (const QJsonValue &message : one.body.value("messages"_L1).toArray()) {
            one.messages.append(message.toObject().value("role"_L1).toString() + u':'
                + message.toObject().value("content"_L1).toString());
        }
        result.append(one);
    }
    std::sort(result.begin(), result.end(), [](const Sent &a, const Sent &b) {
        return a.body.value("model"_L1).toString() < b.body.value("model"_L1).toString();
    });
    return result;
}

qint64 recordedId(const QString &err)
{
    static const QRegularExpression recorded(u"Recorded as run (\\d+)"_s);
    return recorded.match(err).captured(1).toLongLong();
}

} // namespace

class TestCliReuse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void libraryPromptSuggestsModelsAndParameters();
    void explicitOptionsWinOverSuggestions();
    void suggestionsThatCannotBeUsedAreUsageErrors();
    void rerunSendsTheRunAgainToItsOwnPanes();
    void rerunOnOtherModelsKeepsPromptAndParameters();
    void rerunKeepsTheLibraryProvenance();
    void rerunUsageErrors();

private:
    Outcome run(const QStringList &arguments);
    std::optional<RunRecord> storedRun(qint64 id);

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
};

void TestCliReuse::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    QVERIFY(m_server->listen());
    m_server->setHandler([](const RecordedRequest &request) {
        const QString model = QJsonDocument::fromJson(request.body).object().value("model"_L1).toString();
        const QByteArray delta = QJsonDocument(
            QJsonObject {{u"choices"_s,
                QJsonArray {
                    QJsonObject {{u"index"_s, 0}, {u"delta"_s, QJsonObject {{u"content"_s, model + u" answers"_s}}}}}}})
                                     .toJson(QJsonDocument::Compact);
        return ScriptedResponse::sse(
            {delta, R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})", "[DONE]"});
    });
    QFile bundle(m_dir.filePath(u"bundle.json"_s));
    QVERIFY(bundle.open(QIODevice::WriteOnly));
    bundle.write(Bundle);
    bundle.close();
    const Outcome imported = run({u"prompts"_s, u"import"_s, bundle.fileName()});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
}

void TestCliReuse::init()
{
    m_server->clearRequests();
}

Outcome TestCliReuse::run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_DATA_DIR"_s, m_dir.path());
    environment.insert(u"JUXTA_OPENAI_BASE_URL"_s, m_server->url(u"/openai/v1"_s).toString());
    environment.insert(u"JUXTA_DEEPSEEK_BASE_URL"_s, m_server->url(u"/deepseek/v1"_s).toString());
    environment.insert(u"OPENAI_API_KEY"_s, u"sk-openai-test"_s);
    environment.insert(u"DEEPSEEK_API_KEY"_s, u"sk-deepseek-test"_s);
    environment.insert(u"JUXTA_PROXY"_s, u"none"_s);
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
    process.closeWriteChannel();
    Outcome outcome;
    // The server answers from this process's event loop, so wait with it running.
    if (!finished.wait(60000)) {
        process.kill();
        process.waitForFinished();
        return outcome;
    }
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    outcome.out = QString::fromUtf8(process.readAllStandardOutput());
    outcome.err = QString::fromUtf8(process.readAllStandardError());
    return outcome;
}

std::optional<RunRecord> TestCliReuse::storedRun(qint64 id)
{
    Database database(u"check"_s);
    if (!database.openAndMigrate(m_dir.filePath(u"juxta.sqlite"_s))) {
        return std::nullopt;
    }
    return RunStore(database.connection()).run(id);
}

void TestCliReuse::libraryPromptSuggestsModelsAndParameters()
{
    const Outcome outcome = run({u"compare"_s, u"--prompt"_s, u"Reviewer"_s, u"--var"_s, u"code=let x = 1;"_s});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    // The one parameter Juxta does not know is said, not silently dropped.
    QVERIFY2(outcome.err.contains(u"frequency_penalty"_s), qPrintable(outcome.err));
    const QList<Sent> requests = sent(m_server->requests());
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[0].body.value("model"_L1).toString(), u"suggested-a"_s);
    QVERIFY(requests[0].path.startsWith("/openai/"));
    QCOMPARE(requests[1].body.value("model"_L1).toString(), u"suggested-b"_s);
    QVERIFY(requests[1].path.startsWith("/deepseek/"));
    for (const Sent &request : requests) {
        QCOMPARE(request.body.value("temperature"_L1).toDouble(), 0.1);
        QCOMPARE(request.body.value("top_p"_L1).toDouble(), 0.5);
        // OpenAI's own preset names the limit max_completion_tokens; others max_tokens.
        const QJsonValue limit = request.body.contains("max_completion_tokens"_L1)
            ? request.body.value("max_completion_tokens"_L1)
            : request.body.value("max_tokens"_L1);
        QCOMPARE(limit.toInt(), 321);
        QVERIFY(!request.body.contains("frequency_penalty"_L1));
        // language from the version's defaults, code from --var.
        QCOMPARE(request.messages,
            (QStringList {u"system:You review Rust code."_s, u"user:Review this Rust:\nlet x = 1;"_s}));
    }
    const auto recorded = storedRun(recordedId(outcome.err));
    QVERIFY(recorded);
    QCOMPARE(recorded->panes.size(), 2);
    QCOMPARE(recorded->panes[1].modelRequested, u"suggested-b"_s);
    QCOMPARE(recorded->panes[1].parameters.value(u"max_tokens"_s).toInt(), 321);
    QCOMPARE(recorded->variables.value(u"language"_s).toString(), u"Rust"_s);
}

void TestCliReuse::explicitOptionsWinOverSuggestions()
{
    const Outcome outcome = run({u"compare"_s,
        u"--prompt"_s,
        u"Reviewer@1"_s,
        u"-p"_s,
        u"deepseek:chosen"_s,
        u"--temperature"_s,
        u"0.9"_s,
        u"--system"_s,
        u"Be terse."_s,
        u"--var"_s,
        u"language=Go"_s});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    const QList<Sent> requests = sent(m_server->requests());
    QCOMPARE(requests.size(), 1);
    const QJsonObject &body = requests[0].body;
    QCOMPARE(body.value("model"_L1).toString(), u"chosen"_s);
    QCOMPARE(body.value("temperature"_L1).toDouble(), 0.9);
    // What the command line leaves unset still comes from the version.
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 321);
    QCOMPARE(body.value("top_p"_L1).toDouble(), 0.5);
    QCOMPARE(requests[0].messages, (QStringList {u"system:Be terse."_s, u"user:Review this Go:\nfn main() {}"_s}));
}

void TestCliReuse::suggestionsThatCannotBeUsedAreUsageErrors()
{
    const Outcome none = run({u"compare"_s, u"--prompt"_s, u"No models"_s});
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains(u"-p PRESET:MODEL"_s), qPrintable(none.err));
    const Outcome unknown = run({u"compare"_s, u"--prompt"_s, u"Elsewhere"_s});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(u"no-such-preset"_s), qPrintable(unknown.err));
    QVERIFY(m_server->requests().isEmpty());
    // With panes given, the prompt without suggestions runs with its defaults.
    const Outcome given = run({u"compare"_s, u"--prompt"_s, u"No models"_s, u"-p"_s, u"openai:m"_s});
    QVERIFY2(given.exitCode == 0, qPrintable(given.err));
    QCOMPARE(sent(m_server->requests()).first().messages, QStringList {u"user:Hello world"_s});
}

void TestCliReuse::rerunSendsTheRunAgainToItsOwnPanes()
{
    const Outcome first = run({u"compare"_s,
        u"-p"_s,
        u"openai:first-model"_s,
        u"-p"_s,
        u"deepseek:second-model"_s,
        u"--system"_s,
        u"Reply in French."_s,
        u"--temperature"_s,
        u"0.4"_s,
        u"--seed"_s,
        u"11"_s,
        u"What is the capital of Peru?"_s});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const qint64 original = recordedId(first.err);
    QVERIFY(original > 0);
    const QList<Sent> asked = sent(m_server->requests());
    m_server->clearRequests();

    const Outcome again = run({u"history"_s, u"rerun"_s, QString::number(original)});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QVERIFY2(again.out.contains(u"second-model answers"_s), qPrintable(again.out));
    const QList<Sent> reasked = sent(m_server->requests());
    QCOMPARE(reasked.size(), 2);
    for (int i = 0; i < 2; ++i) {
        // The same requests, byte for byte apart from nothing: model, messages, parameters.
        QCOMPARE(reasked[i].path, asked[i].path);
        QCOMPARE(reasked[i].body, asked[i].body);
    }
    QCOMPARE(reasked[0].messages, (QStringList {u"system:Reply in French."_s, u"user:What is the capital of Peru?"_s}));
    QCOMPARE(reasked[1].body.value("seed"_L1).toInteger(), 11);

    const qint64 copy = recordedId(again.err);
    QVERIFY(copy > original);
    const auto recorded = storedRun(copy);
    QVERIFY(recorded);
    QCOMPARE(recorded->rerunOf, std::optional<qint64>(original));
    QCOMPARE(recorded->promptText, u"What is the capital of Peru?"_s);
    QCOMPARE(recorded->systemText, u"Reply in French."_s);
    QCOMPARE(recorded->panes.size(), 2);
    QCOMPARE(recorded->panes[0].modelRequested, u"first-model"_s);
    QCOMPARE(recorded->panes[1].output, u"second-model answers"_s);
    QVERIFY(!storedRun(original)->rerunOf.has_value());

    const Outcome shown = run({u"history"_s, u"show"_s, QString::number(copy), u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(shown.out.toUtf8()).object().value(u"rerun_of"_s).toInteger(), original);
    const Outcome markdown = run({u"history"_s, u"show"_s, QString::number(copy)});
    QVERIFY2(markdown.out.contains(u"Re-run of run %1"_s.arg(original)), qPrintable(markdown.out));
}

void TestCliReuse::rerunOnOtherModelsKeepsPromptAndParameters()
{
    const Outcome first = run({u"compare"_s,
        u"-p"_s,
        u"openai:old-model"_s,
        u"--system"_s,
        u"Count carefully."_s,
        u"--max-tokens"_s,
        u"77"_s,
        u"--top-p"_s,
        u"0.3"_s,
        u"How many r in strawberry?"_s});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const qint64 original = recordedId(first.err);
    m_server->clearRequests();

    const Outcome other = run({u"history"_s,
        u"rerun"_s,
        QString::number(original),
        u"-p"_s,
        u"deepseek:new-a"_s,
        u"-p"_s,
        u"openai:new-b"_s,
        u"--json"_s});
    QVERIFY2(other.exitCode == 0, qPrintable(other.err));
    const QJsonArray panes = QJsonDocument::fromJson(other.out.toUtf8()).object().value(u"panes"_s).toArray();
    QCOMPARE(panes.size(), 2);
    QCOMPARE(panes[0].toObject().value(u"model"_s).toString(), u"new-a"_s);
    QCOMPARE(panes[0].toObject().value(u"text"_s).toString(), u"new-a answers"_s);
    const QList<Sent> requests = sent(m_server->requests());
    QCOMPARE(requests.size(), 2);
    for (const Sent &request : requests) {
        QCOMPARE(request.messages, (QStringList {u"system:Count carefully."_s, u"user:How many r in strawberry?"_s}));
        QCOMPARE(request.body.value("top_p"_L1).toDouble(), 0.3);
    }
    QCOMPARE(requests[0].body.value("model"_L1).toString(), u"new-a"_s);
    QCOMPARE(requests[0].body.value("max_tokens"_L1).toInt(), 77);
    QVERIFY(requests[0].path.startsWith("/deepseek/"));

    const auto recorded = storedRun(recordedId(other.err));
    QVERIFY(recorded);
    QCOMPARE(recorded->rerunOf, std::optional<qint64>(original));
    QCOMPARE(recorded->panes.size(), 2);
    QCOMPARE(recorded->panes[1].presetId, u"openai"_s);
    QCOMPARE(recorded->panes[1].modelRequested, u"new-b"_s);
    QCOMPARE(recorded->panes[1].parameters.value(u"max_tokens"_s).toInt(), 77);

    // --no-history sends without recording.
    m_server->clearRequests();
    const Outcome unrecorded =
        run({u"history"_s, u"rerun"_s, QString::number(original), u"--no-history"_s, u"-p"_s, u"openai:x"_s});
    QCOMPARE(unrecorded.exitCode, 0);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(recordedId(unrecorded.err), 0);
}

void TestCliReuse::rerunKeepsTheLibraryProvenance()
{
    const Outcome first =
        run({u"compare"_s, u"--prompt"_s, u"Reviewer"_s, u"-p"_s, u"openai:lib"_s, u"--var"_s, u"language=C"_s});
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const qint64 original = recordedId(first.err);
    m_server->clearRequests();
    const Outcome again = run({u"history"_s, u"rerun"_s, QString::number(original), u"-p"_s, u"deepseek:lib2"_s});
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const QList<Sent> requests = sent(m_server->requests());
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests[0].messages,
        (QStringList {u"system:You review C code."_s, u"user:Review this C:\nfn main() {}"_s}));
    QCOMPARE(requests[0].body.value("temperature"_L1).toDouble(), 0.1);
    const auto before = storedRun(original);
    const auto after = storedRun(recordedId(again.err));
    QVERIFY(before && after);
    QVERIFY(after->promptVersionId.has_value());
    QCOMPARE(after->promptVersionId, before->promptVersionId);
    QCOMPARE(after->promptName, u"Reviewer"_s);
    QCOMPARE(after->promptVersionNumber, std::optional<int>(1));
    QCOMPARE(after->variables, before->variables);
    QCOMPARE(after->variables.value(u"language"_s).toString(), u"C"_s);
}

void TestCliReuse::rerunUsageErrors()
{
    const Outcome missing = run({u"history"_s, u"rerun"_s, u"999999"_s});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(u"no run 999999"_s), qPrintable(missing.err));
    QCOMPARE(run({u"history"_s, u"rerun"_s}).exitCode, 1);
    QCOMPARE(run({u"history"_s, u"rerun"_s, u"1"_s, u"-p"_s, u"nowhere:m"_s}).exitCode, 1);
    QVERIFY(m_server->requests().isEmpty());
    const Outcome help = run({u"history"_s, u"--help"_s});
    QVERIFY2(help.out.contains(u"rerun ID"_s), qPrintable(help.out));
}

QTEST_GUILESS_MAIN(TestCliReuse)
#include "tst_clireuse.moc"
