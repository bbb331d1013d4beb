// SPDX-License-Identifier: GPL-3.0-or-later
// The model library: GGUF metadata from headers alone, folder scans with bad files, adding by
// copy or reference, and the juxta-cli commands on top.
#include "app/models/modellibrary.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Providers;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliResult runCli(const QStringList &arguments, const QString &modelsDir)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_MODELS_DIR"_s, modelsDir);
    environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/juxta-test-no-bus"_s);
    QProcess cli;
    cli.setProcessEnvironment(environment);
    cli.start(QStringLiteral(JUXTA_CLI_BINARY), arguments);
    CliResult result;
    if (cli.waitForFinished(120000)) {
        result.exitCode = cli.exitCode();
    }
    result.out = cli.readAllStandardOutput();
    result.err = cli.readAllStandardError();
    return result;
}

} // namespace

class TestModelLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsMetadataFromTheHeader();
    void scanListsModelsAndBadFiles();
    void addsByCopyAndByReference();
    void refusesBadFilesAndAFullDisk();
    void cliListsAndAddsModels();
};

void TestModelLibrary::readsMetadataFromTheHeader()
{
    QString error;
    const auto metadata = GgufMetadata::read(QStringLiteral(JUXTA_TINY_GGUF), &error);
    QVERIFY2(metadata, qPrintable(error));
    QCOMPARE(metadata->architecture, u"llama"_s);
    QCOMPARE(metadata->name, u"Juxta Tiny Llama"_s);
    QCOMPARE(metadata->author, u"Juxta test fixtures"_s);
    QCOMPARE(metadata->license, u"CC0-1.0"_s);
    QCOMPARE(metadata->quantisation, u"F16"_s);
    QCOMPARE(metadata->contextLength, 512);
    QVERIFY(metadata->hasChatTemplate);
    QCOMPARE(metadata->fileSize, QFileInfo(QStringLiteral(JUXTA_TINY_GGUF)).size());
    QCOMPARE(metadata->version, 3u);
    // Two layers of the generator's default shape: 9 tensors each, plus embedding and norm.
    QCOMPARE(metadata->tensorCount, 2 * 9 + 2);
    QVERIFY(metadata->parameterCount > 100000);
}

void TestModelLibrary::scanListsModelsAndBadFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), dir.filePath(u"tiny.gguf"_s)));
    writeFile(dir.filePath(u"junk.gguf"_s), "not a model at all");
    writeFile(dir.filePath(u"readme.txt"_s), "ignored");
    writeFile(dir.filePath(u"coming.gguf.part"_s), "a download in progress");

    const ModelLibrary library(dir.path());
    const QList<ModelLibrary::Entry> entries = library.scan();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).name, u"junk"_s);
    QVERIFY(!entries.at(0).metadata);
    QVERIFY2(entries.at(0).error.contains(u"junk.gguf"_s), qPrintable(entries.at(0).error));
    QVERIFY2(entries.at(0).error.contains(u"not a GGUF"_s), qPrintable(entries.at(0).error));
    QCOMPARE(entries.at(1).name, u"tiny"_s);
    QVERIFY(entries.at(1).metadata);
    QVERIFY(entries.at(1).error.isEmpty());
    QCOMPARE(library.resolve(u"tiny"_s), QFileInfo(dir.filePath(u"tiny.gguf"_s)).absoluteFilePath());
    QVERIFY(library.resolve(u"nothing"_s).isEmpty());
}

void TestModelLibrary::addsByCopyAndByReference()
{
    QTemporaryDir folder;
    QTemporaryDir elsewhere;
    const QString original = elsewhere.filePath(u"kept-here.gguf"_s);
    QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), original));
    ModelLibrary library(folder.filePath(u"models"_s));

    QString error;
    const auto copied = library.add(QStringLiteral(JUXTA_TINY_GGUF), ModelLibrary::AddMode::Copy, &error);
    QVERIFY2(copied, qPrintable(error));
    QCOMPARE(copied->name, u"tiny-llama"_s);
    QVERIFY(!copied->referenced);
    QVERIFY(QFileInfo(copied->path).absolutePath() == QFileInfo(library.folder()).absoluteFilePath());
    QCOMPARE(QFileInfo(copied->path).size(), QFileInfo(QStringLiteral(JUXTA_TINY_GGUF)).size());
    QVERIFY(!QFile::exists(copied->path + u".part"_s));

    const auto referenced = library.add(original, ModelLibrary::AddMode::Reference, &error);
    QVERIFY2(referenced, qPrintable(error));
    QVERIFY(referenced->referenced);
    QCOMPARE(referenced->path, original);
    // Adding the same reference twice keeps one.
    QVERIFY(library.add(original, ModelLibrary::AddMode::Reference, &error));

    const QList<ModelLibrary::Entry> entries = library.scan();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).name, u"kept-here"_s);
    QVERIFY(entries.at(0).referenced);
    QVERIFY(entries.at(0).metadata);
    QCOMPARE(library.resolve(u"kept-here"_s), original);
    QCOMPARE(library.resolve(u"tiny-llama"_s), copied->path);
    // A second model of the same name is refused rather than shadowing the first.
    QTemporaryDir third;
    QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), third.filePath(u"kept-here.gguf"_s)));
    QVERIFY(!library.add(third.filePath(u"kept-here.gguf"_s), ModelLibrary::AddMode::Copy, &error));
    QVERIFY2(error.contains(u"already"_s), qPrintable(error));
}

void TestModelLibrary::refusesBadFilesAndAFullDisk()
{
    QTemporaryDir folder;
    ModelLibrary library(folder.path());
    writeFile(folder.filePath(u"elsewhere.bin"_s), QByteArray(100, 'x'));
    QString error;
    QVERIFY(!library.add(folder.filePath(u"elsewhere.bin"_s), ModelLibrary::AddMode::Copy, &error));
    QVERIFY2(error.contains(u"elsewhere.bin"_s) && error.contains(u"not a GGUF"_s), qPrintable(error));

    QTemporaryDir source;
    QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), source.filePath(u"big.gguf"_s)));
    library.setFreeSpaceCheck([](const QString &) {
        return qint64(1000);
    });
    QVERIFY(!library.add(source.filePath(u"big.gguf"_s), ModelLibrary::AddMode::Copy, &error));
    QVERIFY2(error.contains(u"free space"_s) && error.contains(u"1000"_s), qPrintable(error));
    QVERIFY(!QFile::exists(folder.filePath(u"big.gguf"_s)));
    QVERIFY(!QFile::exists(folder.filePath(u"big.gguf.part"_s)));
    // A reference takes no space, so it is still possible.
    QVERIFY(library.add(source.filePath(u"big.gguf"_s), ModelLibrary::AddMode::Reference, &error));
}

void TestModelLibrary::cliListsAndAddsModels()
{
    QTemporaryDir folder;
    const QString models = folder.filePath(u"models"_s);
    CliResult result = runCli({u"models"_s, u"add"_s, QStringLiteral(JUXTA_TINY_GGUF)}, models);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(QFile::exists(models + u"/tiny-llama.gguf"_s));
    writeFile(models + u"/broken.gguf"_s, "GGUF but nothing else");

    result = runCli({u"models"_s, u"local"_s, u"--json"_s}, models);
    QCOMPARE(result.exitCode, 0);
    const QJsonArray list = QJsonDocument::fromJson(result.out).object().value("models"_L1).toArray();
    QVERIFY2(list.size() == 2, result.out.constData());
    QVERIFY(list.at(0).toObject().value("error"_L1).toString().contains(u"broken.gguf"_s));
    const QJsonObject tiny = list.at(1).toObject();
    QCOMPARE(tiny.value("architecture"_L1).toString(), u"llama"_s);
    QCOMPARE(tiny.value("context_length"_L1).toInt(), 512);
    QCOMPARE(tiny.value("chat_template"_L1).toBool(), true);

    result = runCli({u"models"_s, u"local"_s}, models);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("tiny-llama  llama") && result.out.contains("broken  error:"), result.out.constData());

    result = runCli({u"models"_s, u"add"_s, models + u"/broken.gguf"_s}, models);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("broken.gguf"));

    // A library model is a pane by its name.
    result = runCli({u"compare"_s,
                        u"-p"_s,
                        u"local:tiny-llama"_s,
                        u"--ctx"_s,
                        u"256"_s,
                        u"--max-tokens"_s,
                        u"4"_s,
                        u"--temperature"_s,
                        u"0"_s,
                        u"hello"_s},
        models);
    QVERIFY2(result.exitCode == 0, result.out.constData());
}

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "tst_modellibrary.moc"
