// SPDX-License-Identifier: GPL-3.0-or-later
// juxta-cli: Juxta without a window, for terminals, scripts and benchmarks.
#include "app/appinfo.h"
#include "app/bench/streambenchmark.h"
#include "app/catalog/presetcatalog.h"
#include "app/cli/clistorage.h"
#include "app/cli/comparecommand.h"
#include "app/cli/historycommand.h"
#include "app/cli/keyscommand.h"
#include "app/cli/localbenchmark.h"
#include "app/cli/modelscommand.h"
#include "app/cli/promptscommand.h"
#include "app/cli/providerscommand.h"
#include "app/cli/storagebenchmark.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/proxysettings.h"
#include "app/storage/datadirectory.h"
#include "providers/local/llamaruntime.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr auto Usage = R"(Usage: juxta-cli COMMAND [ARGS...]

Commands:
  compare -p PRESET:MODEL [-p ...] [options] "prompt"
                      send one prompt to several models at once and compare the answers
                      (recorded in the history; --prompt NAME[@VERSION] --var k=v uses the library;
                      -p local:PATH.gguf runs a GGUF in the embedded engine)
  prompts list|show|search|add|import|export
                      the prompt library
  history list|show|export|delete|stats
                      the recorded runs
  history rerun ID [-p PRESET:MODEL ...]
                      send a recorded run's prompt again, to other models or its own
  providers [--json]  list provider presets and whether a key is configured
  models PRESET       list the models a provider serves
  models local [--json]
                      list the GGUF models of the library with their metadata
  models add PATH [--reference]
                      add a GGUF to the library (copied, or referenced where it is)
  models add URL [--sha256 HEX]
                      download a GGUF into the library (run again to resume)
  models starters [--json]
                      the recommended small models to start with
  models add starter:ID
                      download one of them into the library
  keys set PRESET     store a provider's API key in the OS keychain (read from standard input)
  keys delete PRESET  remove it
  bench local MODEL [--threads N]
                      the local engine's speed next to llama-bench's on the same model
  bench storage       time the database with a large synthetic library and history
  bench stream [--tokens N] [--repetitions N] [--events-per-chunk N]
                      streaming throughput against curl over loopback (use a release build)

Options:
  -h, --help          this text (COMMAND --help for a command's options)
  -v, --version       the versions of Juxta and its libraries
  --proxy URL         http://host:port, socks5://host:port or none (default: the system's
                      proxy; also JUXTA_PROXY)
  --data-dir DIR      where the database lives (default: the app-data folder; also
                      JUXTA_DATA_DIR)
)";

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}

int runStreamBenchmark(const QStringList &arguments)
{
    Juxta::StreamBenchmark::Options options;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        bool ok = false;
        const qint64 value = arguments[i + 1].toLongLong(&ok);
        const QStringList known = {u"--tokens"_s, u"--repetitions"_s, u"--events-per-chunk"_s};
        if (!ok || value <= 0 || !known.contains(arguments[i])) {
            print(stderr, u"juxta-cli bench stream: cannot use \"%1 %2\"\n"_s.arg(arguments[i], arguments[i + 1]));
            return 1;
        }
        if (arguments[i] == "--tokens"_L1) {
            options.tokens = value;
        } else if (arguments[i] == "--repetitions"_L1) {
            options.repetitions = int(std::min<qint64>(value, 100));
        } else {
            options.eventsPerChunk = int(std::min<qint64>(value, 4096));
        }
    }
    QString error;
    const auto result = Juxta::StreamBenchmark::run(options, &error);
    if (!result) {
        print(stderr, u"juxta-cli bench stream: %1\n"_s.arg(error));
        return 2;
    }
    print(stdout, Juxta::StreamBenchmark::format(options, *result));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Juxta::AppInfo::registerApplication();
    QStringList arguments = QCoreApplication::arguments().mid(1);
    // Resolved under the GUI's application name, so both executables share one database.
    const QString dataDirectory = Juxta::DataDirectory::take(arguments);
    QCoreApplication::setApplicationName(u"juxta-cli"_s);

    // --proxy applies to every command, so it is taken out before the command reads its own.
    QString proxy = qEnvironmentVariable("JUXTA_PROXY");
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == "--proxy"_L1 && i + 1 < arguments.size()) {
            proxy = arguments[i + 1];
            arguments.remove(i, 2);
            break;
        }
        if (arguments[i].startsWith("--proxy="_L1)) {
            proxy = arguments[i].mid(8);
            arguments.remove(i);
            break;
        }
    }
    const QString command = arguments.isEmpty() ? QString() : arguments.takeFirst();
    if (command.isEmpty() || command == "-h"_L1 || command == "--help"_L1 || command == "help"_L1) {
        print(stdout, QString::fromUtf8(Usage));
        return 0;
    }
    // libllama's backends are loaded once, before any command could touch the local engine.
    const Juxta::Providers::LlamaRuntime runtime;
    if (command == "-v"_L1 || command == "--version"_L1) {
        print(stdout, Juxta::AppInfo(runtime).report());
        return 0;
    }

    QString proxyProblem;
    const auto proxySettings = Juxta::ProxySettings::fromString(proxy, &proxyProblem);
    if (!proxySettings) {
        print(stderr, u"juxta-cli: %1\n"_s.arg(proxyProblem));
        return 1;
    }
    QNetworkAccessManager network;
    proxySettings->applyTo(network);

    Juxta::PresetCatalog catalog = Juxta::PresetCatalog::builtIn();
    const auto finish = [](int code) {
        QTimer::singleShot(0, qApp, [code] {
            QCoreApplication::exit(code);
        });
    };
    // Benchmarks build their own servers, data and engines; none needs keys or the network.
    if (command == "bench"_L1) {
        const QString which = arguments.value(0);
        if (which == "stream"_L1) {
            return runStreamBenchmark(arguments);
        }
        if (which == "storage"_L1) {
            return Juxta::StorageBenchmark().run(arguments);
        }
        Juxta::LocalBenchmark bench;
        bench.run(arguments, finish);
        return app.exec();
    }
    // Re-running a run talks to providers, so it takes the keyed path below.
    const bool rerun = command == "history"_L1 && arguments.value(0) == "rerun"_L1;
    if (command == "prompts"_L1 || (command == "history"_L1 && !rerun)) {
        Juxta::CliStorage storage(dataDirectory);
        QString problem;
        if (!storage.open(&problem)) {
            print(stderr, u"juxta-cli: %1\n"_s.arg(problem));
            return 1;
        }
        return command == "prompts"_L1 ? Juxta::PromptsCommand(storage).run(arguments)
                                       : Juxta::HistoryCommand(storage).run(arguments);
    }
    Juxta::KeyStore keyStore;
    if (command == "keys"_L1) {
        Juxta::KeysCommand keysCommand(catalog, keyStore);
        keysCommand.run(arguments, finish);
        return app.exec();
    }
    if (command != "compare"_L1 && command != "models"_L1 && command != "providers"_L1 && !rerun) {
        print(stderr, u"juxta-cli: unknown command '%1' (juxta-cli --help lists the commands)\n"_s.arg(command));
        return 1;
    }

    // Every command below needs keys: the keychain first, then the variables developers
    // already use. They are resolved once, before the command runs.
    Juxta::ApiKeys apiKeys(&keyStore);
    QHash<QString, Juxta::ResolvedKey> resolved;
    const auto keys = [&resolved](const QString &presetId) {
        return resolved.value(presetId).key;
    };
    const auto keySource = [&resolved](const QString &presetId) {
        return Juxta::ApiKeys::describe(resolved.value(presetId).source);
    };
    std::unique_ptr<QObject> running;
    const auto dispatch = [&] {
        if (command == "compare"_L1) {
            auto compare = std::make_unique<Juxta::CompareCommand>(catalog, network, keys);
            compare->setDataDirectory(dataDirectory);
            compare->run(arguments, finish);
            running = std::move(compare);
        } else if (rerun) {
            auto compare = std::make_unique<Juxta::CompareCommand>(catalog, network, keys);
            compare->setDataDirectory(dataDirectory);
            compare->rerun(arguments.mid(1), finish);
            running = std::move(compare);
        } else if (command == "models"_L1) {
            auto models = std::make_unique<Juxta::ModelsCommand>(catalog, network, keys);
            models->run(arguments, finish);
            running = std::move(models);
        } else {
            finish(Juxta::ProvidersCommand(catalog, keys, keySource).run(arguments));
        }
    };
    qsizetype waiting = catalog.presets().size();
    QObject::connect(&apiKeys,
        &Juxta::ApiKeys::resolved,
        &app,
        [&](const QString &presetId, const Juxta::ResolvedKey &key) {
            resolved.insert(presetId, key);
            if (--waiting == 0) {
                dispatch();
            }
        });
    for (const auto &preset : catalog.presets()) {
        apiKeys.resolve(preset.id, preset.keyEnvironmentVariable);
    }
    return app.exec();
}
