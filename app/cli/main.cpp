// SPDX-License-Identifier: GPL-3.0-or-later
// juxta-cli: Juxta without a window, for terminals, scripts and benchmarks.
#include "app/appinfo.h"
#include "providers/local/llamaruntime.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Juxta::AppInfo::registerApplication();
    QCoreApplication::setApplicationName(u"juxta-cli"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Juxta from the command line."));
    parser.addHelpOption();
    const QCommandLineOption version({u"v"_s, u"version"_s},
        QCoreApplication::translate("main", "Print the versions of Juxta and its libraries."));
    parser.addOption(version);
    parser.addPositionalArgument(u"command"_s, QCoreApplication::translate("main", "The command to run."));
    parser.process(app);

    if (parser.isSet(version)) {
        const Juxta::Providers::LlamaRuntime runtime;
        std::fputs(Juxta::AppInfo(runtime).report().toLocal8Bit().constData(), stdout);
        return 0;
    }
    const QStringList arguments = parser.positionalArguments();
    if (arguments.isEmpty()) {
        parser.showHelp(0);
    }
    std::fprintf(stderr, "juxta-cli: unknown command '%s'\n", qPrintable(arguments.constFirst()));
    return 1;
}
