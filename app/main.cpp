// SPDX-License-Identifier: GPL-3.0-or-later
// The juxta GUI: the composition root that builds the application objects and the main window.
#include "app/appinfo.h"
#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "app/settings/proxysettings.h"
#include "app/storage/database.h"
#include "app/storage/datadirectory.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"
#include "providers/local/llamaruntime.h"
#include "ui/bench/startupreporter.h"
#include "ui/bench/streamuibenchmark.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/mainwindow.h"
#include "ui/theme/themecontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

bool hasArgument(int argc, char **argv, const char *wanted)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], wanted) == 0) {
            return true;
        }
    }
    return false;
}

// `--version` must work where there is no display (a terminal over SSH, a package test).
int printVersion(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Juxta::AppInfo::registerApplication();
    const Juxta::Providers::LlamaRuntime runtime;
    std::fputs(Juxta::AppInfo(runtime).report().toLocal8Bit().constData(), stdout);
    return 0;
}

// `juxta --bench-stream`: the UI benchmark, offscreen, then its report on standard output.
int runStreamBenchmark(QApplication &app, const QCommandLineParser &parser)
{
    Juxta::Ui::StreamUiBenchmark::Options options;
    const auto number = [&parser](const QString &name, auto fallback) {
        if (!parser.isSet(name)) {
            return fallback;
        }
        bool ok = false;
        const auto value = parser.value(name).toLongLong(&ok);
        if (!ok || value <= 0) {
            std::fprintf(stderr, "juxta: --%s wants a positive number\n", qPrintable(name));
            std::exit(2);
        }
        return decltype(fallback)(value);
    };
    options.seconds = number(u"seconds"_s, options.seconds);
    options.panes = number(u"panes"_s, options.panes);
    options.tokensPerSecond = number(u"rate"_s, options.tokensPerSecond);
    options.growthTokens = number(u"growth-tokens"_s, options.growthTokens);
    options.executable = QCoreApplication::applicationFilePath();
    // The benchmark opens and closes its own windows; closing the last one is no reason to quit.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    Juxta::Ui::StreamUiBenchmark benchmark(options);
    QObject::connect(&benchmark, &Juxta::Ui::StreamUiBenchmark::finished, &app, [&benchmark] {
        std::fputs(benchmark.report().toLocal8Bit().constData(), stdout);
        std::fflush(stdout);
        QCoreApplication::exit(benchmark.errorString().isEmpty() ? 0 : 1);
    });
    benchmark.start();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    if (hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v")) {
        return printVersion(argc, argv);
    }
    // Qt picks the platform plugin while QApplication is constructed, so this cannot wait for the parser.
    if (hasArgument(argc, argv, "--offscreen") || hasArgument(argc, argv, "--bench-stream")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    QApplication app(argc, argv);
    Juxta::AppInfo::registerApplication();
    QGuiApplication::setDesktopFileName(Juxta::AppInfo::applicationId());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Compare language models side by side."));
    parser.addHelpOption();
    parser.addOption(
        {{u"v"_s, u"version"_s}, QApplication::translate("main", "Print the versions of Juxta and its libraries.")});
    parser.addOption({u"offscreen"_s, QApplication::translate("main", "Render without a display.")});
    const QCommandLineOption screenshot(u"screenshot"_s,
        QApplication::translate("main", "Render the main window to a PNG file, then quit."),
        QApplication::translate("main", "file"));
    parser.addOption(screenshot);
    const QCommandLineOption dataDir(u"data-dir"_s,
        QApplication::translate("main",
            "Keep the database in this folder (default: the app-data folder; also JUXTA_DATA_DIR)."),
        QApplication::translate("main", "folder"));
    parser.addOption(dataDir);
    parser.addOption({u"bench-stream"_s,
        QApplication::translate("main",
            "Benchmark the GUI offscreen: panes receiving streamed Markdown from a loopback server, "
            "then cold start and idle memory; print the figures and quit.")});
    parser.addOption({u"seconds"_s,
        QApplication::translate("main", "--bench-stream: how long the panes stream (default 60)."),
        QApplication::translate("main", "seconds")});
    parser.addOption({u"panes"_s,
        QApplication::translate("main", "--bench-stream: how many panes (default 4)."),
        QApplication::translate("main", "count")});
    parser.addOption({u"rate"_s,
        QApplication::translate("main", "--bench-stream: tokens per second per pane (default 1000)."),
        QApplication::translate("main", "tokens")});
    parser.addOption({u"growth-tokens"_s,
        QApplication::translate("main", "--bench-stream: how long the single growing answer gets (default 100000)."),
        QApplication::translate("main", "tokens")});
    QCommandLineOption reportStartup(u"report-startup"_s,
        QApplication::translate("main", "Print when the main window is shown and the idle memory, then quit."));
    reportStartup.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(reportStartup);
    const QCommandLineOption pane(u"pane"_s,
        QApplication::translate("main",
            "Open a pane of this preset and model instead of the last ones (repeat for more)."),
        QApplication::translate("main", "preset:model"));
    parser.addOption(pane);
    const QCommandLineOption send(u"send"_s,
        QApplication::translate("main", "Send this prompt to every pane once the keys are read."),
        QApplication::translate("main", "prompt"));
    parser.addOption(send);
    const QCommandLineOption quitWhenDone(u"quit-when-done"_s,
        QApplication::translate("main",
            "With --send: quit when every pane has answered (exit code 0), or failed (2); a screenshot is taken "
            "first."));
    parser.addOption(quitWhenDone);
    const QCommandLineOption proxy(u"proxy"_s,
        QApplication::translate("main", "Send requests through this proxy (also JUXTA_PROXY; default: the system's)."),
        QApplication::translate("main", "url"));
    parser.addOption(proxy);
    parser.process(app);

    if (parser.isSet(u"bench-stream"_s)) {
        return runStreamBenchmark(app, parser);
    }

    // The Preferences: the look is applied before any window exists.
    Juxta::AppSettings preferences;
    const Juxta::Ui::ThemeController theme(preferences);

    // The database is opened and its schema migrated before anything can use it; one from a
    // newer Juxta is refused, untouched, and said so.
    const QString dataDirectory =
        parser.isSet(dataDir) ? QDir(parser.value(dataDir)).absolutePath() : preferences.resolveDataFolder();
    Juxta::Database database(u"gui"_s);
    if (!database.openAndMigrate(Juxta::DataDirectory::databasePath(dataDirectory))) {
        std::fprintf(stderr, "juxta: %s\n", qPrintable(database.errorString()));
        if (!parser.isSet(screenshot)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Juxta"), database.errorString());
        }
        return 1;
    }
    Juxta::PromptStore promptStore(database.connection());
    promptStore.seedStarterPrompts();

    // --proxy and JUXTA_PROXY win over the Preferences' proxy, which otherwise applies at once.
    const QString proxyOverride = parser.isSet(proxy) ? parser.value(proxy) : qEnvironmentVariable("JUXTA_PROXY");
    QString proxyProblem;
    const auto proxySettings = proxyOverride.isEmpty() ? std::optional(preferences.proxySettings())
                                                       : Juxta::ProxySettings::fromString(proxyOverride, &proxyProblem);
    if (!proxySettings) {
        std::fprintf(stderr, "juxta: %s\n", qPrintable(proxyProblem));
        return 1;
    }
    QNetworkAccessManager network;
    proxySettings->applyTo(network);
    if (proxyOverride.isEmpty()) {
        QObject::connect(&preferences, &Juxta::AppSettings::proxyChanged, &network, [&preferences, &network] {
            preferences.proxySettings().applyTo(network);
        });
    }
    // The window applies the user's endpoints, base URLs and timeouts (Providers dialog,
    // Preferences) on top of this, and again whenever they are edited.
    const Juxta::PresetCatalog catalog = Juxta::PresetCatalog::builtIn();
    Juxta::KeyStore keyStore;
    Juxta::ApiKeys apiKeys(&keyStore);
    QSettings settings;

    Juxta::Ui::WorkspaceServices services;
    services.catalog = &catalog;
    services.network = &network;
    services.settings = &settings;
    services.apiKeys = &apiKeys;
    services.keyStore = &keyStore;
    Juxta::RunStore runStore(database.connection());
    services.runStore = &runStore;
    services.appSettings = &preferences;
    services.promptStore = &promptStore;
    // Panes named on the command line mean the user knows what to compare already.
    services.firstRunWelcome = !parser.isSet(pane) && !parser.isSet(send);

    const Juxta::Providers::LlamaRuntime runtime;
    const Juxta::AppInfo appInfo(runtime);
    Juxta::Ui::MainWindow window(appInfo, services);
    std::unique_ptr<Juxta::Ui::StartupReporter> startupReporter;
    if (parser.isSet(reportStartup)) {
        startupReporter = std::make_unique<Juxta::Ui::StartupReporter>(&window);
    }
    if (parser.isSet(pane)) {
        QJsonArray panes;
        for (const QString &spec : parser.values(pane)) {
            // Model ids may hold colons themselves (ollama's llama3.2:3b), so only the first one splits.
            const qsizetype colon = spec.indexOf(u':');
            const QString presetId = colon < 0 ? spec : spec.left(colon);
            const Juxta::Providers::ProviderPreset *preset = window.catalog().find(presetId);
            if (!preset) {
                std::fprintf(stderr, "juxta: there is no provider preset \"%s\"\n", qPrintable(presetId));
                return 1;
            }
            panes.append(QJsonObject {{u"preset"_s, presetId},
                {u"model"_s, colon < 0 ? preset->defaultModel : spec.mid(colon + 1)}});
        }
        window.comparisonView()->restoreLayoutState(panes);
    }
    window.show();

    const QString screenshotPath =
        parser.isSet(screenshot) ? QDir::current().absoluteFilePath(parser.value(screenshot)) : QString();
    // Grabs the shown window, then quits with @p code (1 if the file cannot be written).
    const auto grabAndQuit = [&window, screenshotPath](int code) {
        if (!screenshotPath.isEmpty() && !window.grab().save(screenshotPath, "PNG")) {
            std::fprintf(stderr,
                "juxta: cannot write the screenshot to %s\n",
                qPrintable(QDir::toNativeSeparators(screenshotPath)));
            code = 1;
        }
        // The exit code is ours to give, not the last-window-closed quit's.
        QGuiApplication::setQuitOnLastWindowClosed(false);
        window.close();
        QCoreApplication::exit(code);
    };

    if (parser.isSet(send)) {
        const QString prompt = parser.value(send);
        const auto sendNow = [&window, prompt] {
            window.composer()->setPrompt(prompt);
            if (!window.sendToAll()) {
                std::fprintf(stderr, "juxta: the prompt could not be sent\n");
                QCoreApplication::exit(1);
            }
        };
        if (window.areKeysResolved()) {
            QTimer::singleShot(0, &window, sendNow);
        } else {
            QObject::connect(&window,
                &Juxta::Ui::MainWindow::apiKeysResolved,
                &window,
                sendNow,
                Qt::SingleShotConnection);
        }
        if (parser.isSet(quitWhenDone) || parser.isSet(screenshot)) {
            QObject::connect(&window, &Juxta::Ui::MainWindow::turnEnded, &window, [&window, grabAndQuit] {
                bool allAnswered = true;
                for (int i = 0; i < window.session().paneCount(); ++i) {
                    allAnswered = allAnswered && window.session().recorder(i).finishReason().has_value();
                }
                // One more turn of the event loop, so the last answer is laid out before the grab.
                QTimer::singleShot(0, &window, [grabAndQuit, allAnswered] {
                    grabAndQuit(allAnswered ? 0 : 2);
                });
            });
        }
    } else if (parser.isSet(screenshot)) {
        // Grab once the event loop has laid out and polished the shown window.
        QTimer::singleShot(0, &window, [grabAndQuit] {
            grabAndQuit(0);
        });
    }
    return app.exec();
}
