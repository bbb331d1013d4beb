// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/database.h"
#include "app/storage/promptexchange.h"
#include "app/storage/promptexportjob.h"
#include "app/storage/promptimportjob.h"
#include "app/storage/promptstore.h"
#include "storagetesthelpers.h"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(JUXTA_TEST_DATA "/prompts/") + name;
}

} // namespace

class TestPromptExchange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void bundleRoundTripIsLossless();
    void conflictsBecomeNewVersionsWithAReport();
    void importsPromptyAndMarkdownFiles();
    void badInputImportsNothing_data();
    void badInputImportsNothing();
    void aReadOnlyOrFullDatabaseImportsNothing();
    void exportFailuresAreReported();
    void importsOffTheCallingThreadWithProgress();
    void exportsOffTheCallingThreadWithProgress();

private:
    QByteArray snapshot() const;
    void seed();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PromptStore> m_store;
};

void TestPromptExchange::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"exchange"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_store = std::make_unique<PromptStore>(m_database->connection());
}

void TestPromptExchange::cleanup()
{
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

/** The whole library as a bundle: equal snapshots mean nothing changed. */
QByteArray TestPromptExchange::snapshot() const
{
    PromptBundle bundle;
    bundle.entries = *PromptExchange::collect(*m_store);
    return bundle.toJson();
}

void TestPromptExchange::seed()
{
    Prompt prompt;
    prompt.name = u"Existing"_s;
    prompt.tags = {u"kept"_s};
    PromptVersion version;
    version.userText = u"Original text {{x}}"_s;
    version.variables = QJsonObject {{u"x"_s, u"1"_s}};
    QVERIFY(m_store->create(prompt, version));
}

void TestPromptExchange::bundleRoundTripIsLossless()
{
    QVERIFY(*m_store->seedStarterPrompts() >= 12);
    const qint64 id = m_store->findByName(u"Code review"_s)->id;
    PromptVersion next = *m_store->version(id);
    next.userText += u"\nAlso check the tests."_s;
    next.note = u"second"_s;
    next.models = {u"openai:gpt-5"_s, u"anthropic:claude-sonnet-4-5"_s};
    QVERIFY(m_store->saveVersion(id, next));
    QVERIFY(m_store->setFavourite(id, true));
    const QByteArray before = snapshot();

    const QString path = m_dir->filePath(u"library.json"_s);
    QVERIFY(PromptExchange::writeFile(path, PromptExchange::Format::Bundle, *PromptExchange::collect(*m_store)));

    QTemporaryDir otherDir;
    Database other(u"exchange-other"_s);
    QVERIFY(other.openAndMigrate(otherDir.filePath(u"juxta.sqlite"_s)));
    PromptStore otherStore(other.connection());
    const auto report = PromptExchange::importFiles(otherStore, {path});
    QVERIFY2(report, report ? "" : qPrintable(report.error().message));
    QCOMPARE(report->created, int(m_store->count()));
    QVERIFY(report->conflicts.isEmpty());
    PromptBundle after;
    after.entries = *PromptExchange::collect(otherStore);
    QCOMPARE(after.toJson(), before);
}

void TestPromptExchange::conflictsBecomeNewVersionsWithAReport()
{
    seed();
    const QByteArray before = snapshot();
    PromptBundle::Entry incoming;
    incoming.prompt.name = u"Existing"_s;
    incoming.prompt.description = u"would overwrite the description"_s;
    PromptVersion same;
    same.userText = u"Original text {{x}}"_s;
    same.variables = QJsonObject {{u"x"_s, u"1"_s}};
    PromptVersion changed = same;
    changed.userText = u"Improved text {{x}}"_s;
    incoming.versions = {same, changed};
    PromptBundle::Entry fresh;
    fresh.prompt.name = u"Fresh"_s;
    fresh.versions = {changed};

    const auto report = PromptExchange::importEntries(*m_store, {incoming, fresh});
    QVERIFY(report);
    QCOMPARE(report->created, 1);
    QCOMPARE(report->newVersions, 1);
    QCOMPARE(report->unchanged, 1);
    QCOMPARE(report->conflicts.size(), 1);
    QVERIFY2(report->conflicts.first().contains(u"\"Existing\" already exists"_s),
        qPrintable(report->conflicts.first()));
    const Prompt existing = *m_store->findByName(u"Existing"_s);
    QCOMPARE(existing.latestVersion, 2);
    QVERIFY(existing.description.isEmpty());
    QCOMPARE(existing.tags, QStringList {u"kept"_s});
    QCOMPARE(m_store->version(existing.id, 1)->userText, u"Original text {{x}}"_s);
    QCOMPARE(m_store->version(existing.id, 2)->userText, u"Improved text {{x}}"_s);

    // The same import again changes nothing and says so.
    const auto again = PromptExchange::importEntries(*m_store, {incoming});
    QVERIFY(again);
    QCOMPARE(again->newVersions, 0);
    QCOMPARE(again->unchanged, 2);
    QVERIFY(again->conflicts.first().contains(u"nothing to import"_s));
    QVERIFY(before != snapshot());
}

void TestPromptExchange::importsPromptyAndMarkdownFiles()
{
    const auto report = PromptExchange::importFiles(*m_store, {fixture(u"basic.prompty"_s)});
    QVERIFY2(report, report ? "" : qPrintable(report.error().message));
    QCOMPARE(report->created, 1);
    const auto version = m_store->resolve(u"Basic Prompt"_s);
    QVERIFY(version);
    QCOMPARE(version->models, QStringList {u"azure-openai:gpt-4o"_s});

    const QString md = m_dir->filePath(u"out.md"_s);
    QVERIFY(PromptExchange::writeFile(md, PromptExchange::Format::Markdown, *PromptExchange::collect(*m_store)));
    const QString prompty = m_dir->filePath(u"prompty-folder"_s);
    QVERIFY(m_store->create(
        [] {
            Prompt p;
            p.name = u"Second / odd name"_s;
            return p;
        }(),
        [] {
            PromptVersion v;
            v.userText = u"hello"_s;
            return v;
        }()));
    QVERIFY(PromptExchange::writeFile(prompty, PromptExchange::Format::Prompty, *PromptExchange::collect(*m_store)));
    QVERIFY(QFile::exists(prompty + u"/Basic Prompt.prompty"_s));
    QVERIFY(QFile::exists(prompty + u"/Second _ odd name.prompty"_s));

    QTemporaryDir otherDir;
    Database other(u"exchange-md"_s);
    QVERIFY(other.openAndMigrate(otherDir.filePath(u"juxta.sqlite"_s)));
    PromptStore otherStore(other.connection());
    QVERIFY(PromptExchange::importFiles(otherStore, {md}));
    QVERIFY(otherStore.resolve(u"Basic Prompt"_s)->sameContentAs(*version));
}

void TestPromptExchange::badInputImportsNothing_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed json") << QStringList {fixture(u"truncated.json"_s)} << u"not valid JSON"_s;
    QTest::newRow("not a bundle") << QStringList {fixture(u"wrong-format.json"_s)} << u"not a Juxta prompt bundle"_s;
    QTest::newRow("invalid utf-8") << QStringList {fixture(u"latin1.json"_s)} << u"UTF-8"_s;
    QTest::newRow("duplicate names") << QStringList {fixture(u"duplicate-names.json"_s)} << u"Twice"_s;
    QTest::newRow("no versions") << QStringList {fixture(u"no-versions.json"_s)} << u"no versions"_s;
    QTest::newRow("yaml tab") << QStringList {fixture(u"tab-indent.prompty"_s)} << u"line 5: tabs"_s;
    QTest::newRow("yaml quote") << QStringList {fixture(u"unclosed-quote.prompty"_s)} << u"unterminated"_s;
    QTest::newRow("yaml indentation") << QStringList {fixture(u"bad-indent.prompty"_s)} << u"indentation"_s;
    QTest::newRow("front matter not closed") << QStringList {fixture(u"no-end.prompty"_s)} << u"not closed"_s;
    QTest::newRow("good file then a bad one")
        << QStringList {fixture(u"good.json"_s), fixture(u"truncated.json"_s)} << u"truncated.json"_s;
    QTest::newRow("same name in two files")
        << QStringList {fixture(u"good.json"_s), fixture(u"good.json"_s)} << u"Good one"_s;
    QTest::newRow("missing file") << QStringList {u"/nonexistent/prompts.json"_s} << u"prompts.json"_s;
    QTest::newRow("unknown kind") << QStringList {fixture(u"../storage/schema-v1.sql"_s)} << u"unknown kind"_s;
    QTest::newRow("huge file") << QStringList {u"HUGE:json"_s} << u"too large"_s;
    QTest::newRow("huge prompty") << QStringList {u"HUGE:prompty"_s} << u"too large"_s;
    QTest::newRow("huge markdown") << QStringList {u"HUGE:md"_s} << u"too large"_s;
    QTest::newRow("invalid utf-8 prompty") << QStringList {u"LATIN1:prompty"_s} << u"UTF-8"_s;
    QTest::newRow("invalid utf-8 markdown") << QStringList {u"LATIN1:md"_s} << u"UTF-8"_s;
    QTest::newRow("good prompty then invalid utf-8")
        << QStringList {fixture(u"basic.prompty"_s), u"LATIN1:prompty"_s} << u"UTF-8"_s;
}

void TestPromptExchange::badInputImportsNothing()
{
    QFETCH(QStringList, files);
    QFETCH(QString, message);
    seed();
    for (QString &file : files) {
        if (file.startsWith("HUGE:"_L1)) {
            // Sparse: large on paper, no disk space used, never read whole.
            file = m_dir->filePath(u"huge."_s + file.section(u':', 1));
            QFile huge(file);
            QVERIFY(huge.open(QIODevice::WriteOnly));
            QVERIFY(huge.resize(PromptBundle::MaxBytes + 1));
        } else if (file.startsWith("LATIN1:"_L1)) {
            // "Café" in Latin-1: well-formed otherwise, so only the encoding is wrong.
            file = m_dir->filePath(u"latin1."_s + file.section(u':', 1));
            QFile latin1(file);
            QVERIFY(latin1.open(QIODevice::WriteOnly));
            latin1.write(file.endsWith(u".md"_s) ? QByteArray("# Caf\xe9\n\n## User\n\nHello\n")
                                                 : QByteArray("---\nname: Caf\xe9\n---\nuser:\nHello\n"));
        }
    }
    const QByteArray before = snapshot();
    const auto report = PromptExchange::importFiles(*m_store, files);
    QVERIFY(!report);
    QVERIFY2(report.error().message.contains(message), qPrintable(report.error().message));
    QCOMPARE(snapshot(), before);
}

void TestPromptExchange::aReadOnlyOrFullDatabaseImportsNothing()
{
    seed();
    const QByteArray before = snapshot();
    PromptBundle::Entry entry;
    entry.prompt.name = u"Will not fit"_s;
    PromptVersion version;
    version.userText = QString(20000, u'x');
    entry.versions = {version};
    QList<PromptBundle::Entry> entries;
    for (int i = 0; i < 50; ++i) {
        entry.prompt.name = u"Will not fit %1"_s.arg(i);
        entries.append(entry);
    }
    QSqlQuery query(m_database->connection());
    // Full disk: the file may not grow by a single page.
    QVERIFY(query.exec(u"PRAGMA max_page_count = "_s
        + QString::number(StorageTest::scalar(m_database->connection(), u"PRAGMA page_count"_s).toInt())));
    auto report = PromptExchange::importEntries(*m_store, entries);
    QVERIFY(!report);
    QVERIFY2(report.error().message.contains(u"full"_s), qPrintable(report.error().message));
    QCOMPARE(snapshot(), before);
    QVERIFY(query.exec(u"PRAGMA max_page_count = 1073741823"_s));

    // Read-only: every write refused.
    QVERIFY(query.exec(u"PRAGMA query_only = ON"_s));
    report = PromptExchange::importEntries(*m_store, entries);
    QVERIFY(!report);
    QCOMPARE(snapshot(), before);
    QVERIFY(query.exec(u"PRAGMA query_only = OFF"_s));
    QVERIFY(PromptExchange::importEntries(*m_store, entries));
}

void TestPromptExchange::exportFailuresAreReported()
{
    seed();
    const auto written = PromptExchange::writeFile(u"/nonexistent-folder/x.json"_s,
        PromptExchange::Format::Bundle,
        *PromptExchange::collect(*m_store));
    QVERIFY(!written);
    QVERIFY(written.error().message.contains(u"x.json"_s));
    QCOMPARE(PromptExchange::collect(*m_store, {u"No such"_s}).error().kind, StorageError::Kind::NotFound);
    // A failed export leaves an existing file as it was.
    const QString path = m_dir->filePath(u"keep.json"_s);
    QFile keep(path);
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("old");
    keep.close();
    QVERIFY(!PromptExchange::writeFile(path + u"/not-a-dir/x.md"_s, PromptExchange::Format::Markdown, {}));
    QVERIFY(keep.open(QIODevice::ReadOnly));
    QCOMPARE(keep.readAll(), QByteArray("old"));
}

void TestPromptExchange::importsOffTheCallingThreadWithProgress()
{
    seed();
    PromptImportJob job(m_dir->filePath(u"juxta.sqlite"_s));
    QSignalSpy progress(&job, &PromptImportJob::progress);
    QSignalSpy finished(&job, &PromptImportJob::finished);
    QSignalSpy failed(&job, &PromptImportJob::failed);
    QVERIFY(job.start({fixture(u"good.json"_s), fixture(u"basic.prompty"_s)}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(failed.size(), 0);
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    QCOMPARE(finished.first().first().value<PromptExchange::Report>().created, 2);
    QVERIFY(m_store->findByName(u"Good one"_s));

    QVERIFY(job.start({fixture(u"truncated.json"_s)}));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    QVERIFY(failed.first().first().value<StorageError>().message.contains(u"JSON"_s));
}

void TestPromptExchange::exportsOffTheCallingThreadWithProgress()
{
    QVERIFY(*m_store->seedStarterPrompts() >= 12);
    PromptExportJob job(m_dir->filePath(u"juxta.sqlite"_s));
    QSignalSpy progress(&job, &PromptExportJob::progress);
    QSignalSpy finished(&job, &PromptExportJob::finished);
    QSignalSpy failed(&job, &PromptExportJob::failed);
    const QString path = m_dir->filePath(u"everything.json"_s);
    QVERIFY(job.start(path, PromptExchange::Format::Bundle));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(finished.first().first().toLongLong(), m_store->count());
    QCOMPARE(progress.last().at(0).toLongLong(), m_store->count());
    const auto entries = PromptExchange::readFile(path);
    QVERIFY(entries);
    QCOMPARE(entries->size(), m_store->count());

    QVERIFY(job.start(path, PromptExchange::Format::Bundle, {u"No such prompt"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    QCOMPARE(failed.first().first().value<StorageError>().kind, StorageError::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestPromptExchange)
#include "tst_promptexchange.moc"
