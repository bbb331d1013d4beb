// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/database.h"
#include "app/storage/datadirectory.h"
#include "app/storage/schema.h"
#include "storagetesthelpers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using StorageTest::scalar;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

/** Builds a database with a plain connection (no WAL, no migrations), as another program would. */
QString makeRawDatabase(const QString &path, const QStringList &statements)
{
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        db.setDatabaseName(path);
        if (!db.open()) {
            problem = db.lastError().text();
        }
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (problem.isEmpty() && !query.exec(statement)) {
                problem = query.lastError().text();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return problem;
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migratesAFreshDatabaseToTheLatestVersion();
    void migratesSchemaOneKeepingEveryRow();
    void migratesSchemaTwoKeepingEveryRun();
    void refusesADatabaseFromANewerJuxtaWithoutTouchingIt();
    void aFailingMigrationChangesNothing();
    void reopeningDoesNotMigrateAgain();
    void dataDirectoryComesFromTheCommandLineThenTheEnvironment();
};

void TestSchema::migratesAFreshDatabaseToTheLatestVersion()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database database(u"fresh"_s);
    QVERIFY2(database.openAndMigrate(dir.filePath(u"juxta.sqlite"_s)), qPrintable(database.errorString()));
    QCOMPARE(database.schemaVersion(), Schema::latestVersion());
    QVERIFY(Schema::latestVersion() >= 3);
    for (const auto &table :
        {u"prompt"_s, u"prompt_version"_s, u"prompt_tag"_s, u"run"_s, u"run_pane"_s, u"prompt_fts"_s, u"run_fts"_s}) {
        QSqlQuery query(database.connection());
        QVERIFY(query.prepare(u"SELECT count(*) FROM sqlite_schema WHERE name = ?"_s));
        query.addBindValue(table);
        QVERIFY(query.exec() && query.next());
        QVERIFY2(query.value(0).toInt() == 1, qPrintable(table));
    }
    QCOMPARE(scalar(database.connection(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(database.connection(), u"PRAGMA foreign_keys"_s).toInt(), 1);
}

void TestSchema::migratesSchemaOneKeepingEveryRow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"old.sqlite"_s);
    {
        Database old(u"old"_s);
        QVERIFY(old.open(path));
        QCOMPARE(old.schemaVersion(), 0);
        const QString problem =
            StorageTest::runSqlFile(old.connection(), QStringLiteral(JUXTA_TEST_DATA "/storage/schema-v1.sql"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(old.schemaVersion(), 1);
    }
    Database database(u"migrated"_s);
    QVERIFY2(database.openAndMigrate(path), qPrintable(database.errorString()));
    QCOMPARE(database.schemaVersion(), Schema::latestVersion());
    const QSqlDatabase db = database.connection();
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt_version"_s).toInt(), 4);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt_tag"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"SELECT name FROM prompt WHERE id = 3"_s).toString(), u"Übersetzer"_s);
    QCOMPARE(scalar(db, u"SELECT user_text FROM prompt_version WHERE id = 2"_s).toString(),
        u"Write a haiku about {{subject}} in {{language}}."_s);
    QCOMPARE(scalar(db, u"SELECT favourite FROM prompt WHERE id = 1"_s).toInt(), 1);
    // The old prompts are in the new search index, by tag and by the latest version's text.
    QCOMPARE(scalar(db, u"SELECT rowid FROM prompt_fts WHERE prompt_fts MATCH 'creative'"_s).toInt(), 1);
    QCOMPARE(scalar(db, u"SELECT rowid FROM prompt_fts WHERE prompt_fts MATCH 'language'"_s).toInt(), 1);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt_fts"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM pragma_foreign_key_check"_s).toInt(), 0);
}

void TestSchema::migratesSchemaTwoKeepingEveryRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"v2.sqlite"_s);
    {
        Database old(u"old2"_s);
        QVERIFY(old.open(path));
        const QString problem =
            StorageTest::runSqlFile(old.connection(), QStringLiteral(JUXTA_TEST_DATA "/storage/schema-v2.sql"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(old.schemaVersion(), 2);
    }
    Database database(u"migrated2"_s);
    QVERIFY2(database.openAndMigrate(path), qPrintable(database.errorString()));
    QCOMPARE(database.schemaVersion(), Schema::latestVersion());
    const QSqlDatabase db = database.connection();
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM prompt_version"_s).toInt(), 4);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM run"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM run_pane"_s).toInt(), 3);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM run WHERE rerun_of IS NULL"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"SELECT output FROM run_pane WHERE id = 3"_s).toString(), u"Rayleigh scattering."_s);
    QCOMPARE(scalar(db, u"SELECT error_message FROM run_pane WHERE id = 2"_s).toString(), u"Overloaded"_s);
    QCOMPARE(scalar(db, u"SELECT rowid FROM run_fts WHERE run_fts MATCH 'rayleigh'"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"SELECT prompt_version_id FROM run WHERE id = 1"_s).toInt(), 2);
    QCOMPARE(scalar(db, u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    QCOMPARE(scalar(db, u"SELECT count(*) FROM pragma_foreign_key_check"_s).toInt(), 0);
    // The new column works as the history uses it: a re-run points at its original, and
    // deleting the original keeps the re-run.
    QSqlQuery query(db);
    QVERIFY(query.exec(
        u"INSERT INTO run (created_at, prompt_text, rerun_of) VALUES ('2025-03-01T00:00:00.000Z', 'x', 2)"_s));
    QVERIFY(query.exec(u"DELETE FROM run WHERE id = 2"_s));
    QCOMPARE(scalar(db, u"SELECT count(*) FROM run WHERE prompt_text = 'x' AND rerun_of IS NULL"_s).toInt(), 1);
    // The immutable-version trigger of schema 2 still guards the version run 1 used.
    QVERIFY(!query.exec(u"UPDATE prompt_version SET user_text = 'changed' WHERE id = 2"_s));
}

void TestSchema::refusesADatabaseFromANewerJuxtaWithoutTouchingIt()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"future.sqlite"_s);
    const int future = Schema::latestVersion() + 7;
    const QString problem = makeRawDatabase(path,
        {u"CREATE TABLE prompt (id INTEGER PRIMARY KEY, hologram BLOB)"_s,
            u"INSERT INTO prompt VALUES (1, x'00ff')"_s,
            u"PRAGMA user_version = %1"_s.arg(future)});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QByteArray before = fileHash(path);
    QVERIFY(!before.isEmpty());

    Database database(u"future"_s);
    QVERIFY(!database.openAndMigrate(path));
    QVERIFY(!database.isOpen());
    QCOMPARE(database.error().kind, StorageError::Kind::TooNew);
    QVERIFY2(database.errorString().contains(u"newer version of Juxta"_s), qPrintable(database.errorString()));
    QVERIFY2(database.errorString().contains(QString::number(future)), qPrintable(database.errorString()));
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"_s));
    // Nor may a direct upgrade call change it.
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"direct"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QVERIFY(!Schema::upgrade(db, Schema::migrations(), &error));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"direct"_s);
    QVERIFY(error.contains(u"newer"_s));
    QCOMPARE(fileHash(path), before);
}

void TestSchema::aFailingMigrationChangesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database database(u"failing"_s);
    QVERIFY(database.open(dir.filePath(u"juxta.sqlite"_s)));
    QList<QStringList> migrations {Schema::migrations().first()};
    QString error;
    QVERIFY2(Schema::upgrade(database.connection(), migrations, &error), qPrintable(error));
    QCOMPARE(database.schemaVersion(), 1);
    migrations.append({u"CREATE TABLE half_done (x)"_s, u"INSERT INTO half_done VALUES (1)"_s, u"NOT SQL AT ALL"_s});
    QVERIFY(!Schema::upgrade(database.connection(), migrations, &error));
    QVERIFY2(error.contains(u"schema 2"_s), qPrintable(error));
    QCOMPARE(database.schemaVersion(), 1);
    QCOMPARE(scalar(database.connection(), u"SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"_s).toInt(),
        0);
}

void TestSchema::reopeningDoesNotMigrateAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"juxta.sqlite"_s);
    {
        Database first(u"first"_s);
        QVERIFY(first.openAndMigrate(path));
        QSqlQuery query(first.connection());
        QVERIFY(query.exec(u"INSERT INTO prompt (name, created_at, updated_at) VALUES ('kept', 'now', 'now')"_s));
    }
    Database second(u"second"_s);
    QVERIFY2(second.openAndMigrate(path), qPrintable(second.errorString()));
    QCOMPARE(scalar(second.connection(), u"SELECT name FROM prompt"_s).toString(), u"kept"_s);
    QCOMPARE(second.schemaVersion(), Schema::latestVersion());
}

void TestSchema::dataDirectoryComesFromTheCommandLineThenTheEnvironment()
{
    QProcessEnvironment environment;
    environment.insert(u"JUXTA_DATA_DIR"_s, u"/tmp/from-env"_s);
    QStringList arguments {u"history"_s, u"--data-dir"_s, u"/tmp/from-flag"_s, u"list"_s};
    QCOMPARE(DataDirectory::take(arguments, environment), u"/tmp/from-flag"_s);
    QCOMPARE(arguments, (QStringList {u"history"_s, u"list"_s}));
    arguments = {u"--data-dir=/tmp/eq"_s};
    QCOMPARE(DataDirectory::take(arguments, environment), u"/tmp/eq"_s);
    QVERIFY(arguments.isEmpty());
    arguments = {u"list"_s};
    QCOMPARE(DataDirectory::take(arguments, environment), u"/tmp/from-env"_s);
    QVERIFY(!DataDirectory::resolve(QProcessEnvironment()).isEmpty());
    QCOMPARE(DataDirectory::databasePath(u"/tmp/x"_s), u"/tmp/x/juxta.sqlite"_s);
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
