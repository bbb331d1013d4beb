// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real juxta and juxta-cli binaries as a user or a package test would.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome run(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment = {})
{
    QProcess process;
    if (!environment.isEmpty()) {
        process.setProcessEnvironment(environment);
    }
    process.start(program, arguments);
    Outcome outcome;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        outcome.err = u"did not finish normally"_s;
        return outcome;
    }
    outcome.exitCode = process.exitCode();
    outcome.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    outcome.err = QString::fromLocal8Bit(process.readAllStandardError());
    return outcome;
}

} // namespace

class TestExecutables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionReport_data();
    void versionReport();
    void guiVersionNeedsNoDisplay();
    void screenshotRendersTheMainWindow();
    void screenshotToAnUnwritablePlaceFails();
    void cliRejectsAnUnknownCommand();
};

void TestExecutables::versionReport_data()
{
    QTest::addColumn<QString>("binary");
    QTest::newRow("juxta") << QStringLiteral(JUXTA_GUI_BINARY);
    QTest::newRow("juxta-cli") << QStringLiteral(JUXTA_CLI_BINARY);
}

void TestExecutables::versionReport()
{
    QFETCH(QString, binary);
    const Outcome outcome = run(binary, {u"--version"_s});
    QCOMPARE(outcome.exitCode, 0);
    const QStringList lines = outcome.out.split(u'\n', Qt::SkipEmptyParts);
    const QStringList labels = {u"Juxta:"_s,
        u"Qt:"_s,
        u"KSyntaxHighlighting:"_s,
        u"llama.cpp:"_s,
        u"ggml:"_s,
        u"CPU features:"_s,
        u"Compute devices:"_s,
        u"GPU offload:"_s};
    QCOMPARE(lines.size(), labels.size());
    for (qsizetype i = 0; i < labels.size(); ++i) {
        QVERIFY2(lines[i].startsWith(labels[i]), qPrintable(lines[i]));
        QVERIFY2(!lines[i].mid(labels[i].size()).trimmed().isEmpty(), qPrintable(lines[i]));
    }
    QVERIFY2(lines[0].endsWith(u"0.1.0"_s), qPrintable(lines[0]));
    QVERIFY2(lines[1].contains(QLatin1StringView(qVersion())), qPrintable(lines[1]));
    QVERIFY2(!lines[5].contains(u"none reported"_s), qPrintable(lines[5]));
    // The GPUs offered for offload are among the compute devices, or there are none.
    const QString gpus = lines[7].mid(labels[7].size()).trimmed();
    if (gpus != u"none (CPU only)"_s) {
        for (const QString &gpu : gpus.split(u", "_s)) {
            QVERIFY2(lines[6].contains(gpu), qPrintable(lines[6] + u" / "_s + lines[7]));
        }
    }
}

void TestExecutables::guiVersionNeedsNoDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    const Outcome outcome = run(QStringLiteral(JUXTA_GUI_BINARY), {u"--version"_s}, environment);
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(outcome.out.startsWith(u"Juxta:"_s));
}

void TestExecutables::screenshotRendersTheMainWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"window.png"_s);
    const Outcome outcome = run(QStringLiteral(JUXTA_GUI_BINARY), {u"--offscreen"_s, u"--screenshot"_s, path});
    QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.err));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1280, 800));
    // A real rendering has a menu bar, text and a status bar, not one flat colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 4, qPrintable(u"only %1 colours"_s.arg(colours.size())));
}

void TestExecutables::screenshotToAnUnwritablePlaceFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"missing-folder/window.png"_s);
    const Outcome outcome = run(QStringLiteral(JUXTA_GUI_BINARY), {u"--offscreen"_s, u"--screenshot"_s, path});
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.err.contains(u"cannot write the screenshot"_s), qPrintable(outcome.err));
}

void TestExecutables::cliRejectsAnUnknownCommand()
{
    const Outcome outcome = run(QStringLiteral(JUXTA_CLI_BINARY), {u"frobnicate"_s});
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.err.contains(u"unknown command 'frobnicate'"_s), qPrintable(outcome.err));
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
