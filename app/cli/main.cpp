// SPDX-License-Identifier: GPL-3.0-or-later
// juxta-cli: Juxta without a window, for terminals, scripts and benchmarks.
#include "app/appinfo.h"
#include "app/catalog/presetcatalog.h"
#include "app/cli/benchcommand.h"
#include "app/cli/comparecommand.h"
#include "app/cli/keyscommand.h"
#include "app/cli/modelscommand.h"
#include "app/cli/providerscommand.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/proxysettings.h"
#include "providers/local/llamaruntime.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr auto Usage = R"(Usage: juxta-cli COMMAND [ARGS...]

Commands:
  compare -p PRESET:MODEL [-p ...] [options] "prompt"
                      send one prompt to several models at once and compare the answers
                      (-p local:PATH.gguf runs a GGUF in the embedded engine)
  providers [--json]  list provider presets and whether a key is configured
  models PRESET       list the models a provider serves
  models local [--json]
                      list the GGUF models of the library with their metadata
  models add PATH [--reference]
                      add a GGUF to the library (copied, or referenced where it is)
  models add URL [--sha256 HEX]
                      download a GGUF into the library (run again to resume)
  bench local MODEL [--threads N]
                      the local engine's speed next to llama-bench's on the same model
  keys set PRESET     store a provider's API key in the OS keychain (read from standard input)
  keys delete PRESET  remove it

Options:
  -h, --help          this text (COMMAND --help for a command's options)
  -v, --version       the versions of Juxta and its libraries
  --proxy URL         http://host:port, socks5://host:port or none (default: the system's
                      proxy; also JUXTA_PROXY)
)";

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Juxta::AppInfo::registerApplication();
    QCoreApplication::setApplicationName(u"juxta-cli"_s);

    QStringList arguments = QCoreApplication::arguments().mid(1);
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
    if (command == "bench"_L1) {
        // Needs no keys and no network: only the local engine and llama-bench.
        Juxta::BenchCommand bench;
        bench.run(arguments, finish);
        return app.exec();
    }
    Juxta::KeyStore keyStore;
    if (command == "keys"_L1) {
        Juxta::KeysCommand keysCommand(catalog, keyStore);
        keysCommand.run(arguments, finish);
        return app.exec();
    }
    if (command != "compare"_L1 && command != "models"_L1 && command != "providers"_L1) {
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
            compare->run(arguments, finish);
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
