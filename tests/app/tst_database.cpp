// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/database.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::Database;

namespace {

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        return {};
    }
    return query.value(0);
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensAFileDatabaseConfiguredForJuxta();
    void keepsWhatWasWrittenAcrossReopening();
    void refusesAFolderInPlaceOfTheFile();
    void refusesAFileThatIsNotADatabase();
};

void TestDatabase::opensAFileDatabaseConfiguredForJuxta()
{
    QVERIFY(QSqlDatabase::isDriverAvailable(u"QSQLITE"_s));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"data/juxta.sqlite"_s);

    Database database(u"test"_s);
    QVERIFY2(database.open(path), qPrintable(database.errorString()));
    QVERIFY(database.isOpen());
    QVERIFY(QFile::exists(path));
    QCOMPARE(scalar(database.connection(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(database.connection(), u"PRAGMA foreign_keys"_s).toInt(), 1);
    QVERIFY(scalar(database.connection(), u"PRAGMA busy_timeout"_s).toInt() > 0);
}

void TestDatabase::keepsWhatWasWrittenAcrossReopening()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"juxta.sqlite"_s);
    {
        Database database(u"writer"_s);
        QVERIFY2(database.open(path), qPrintable(database.errorString()));
        QSqlQuery query(database.connection());
        QVERIFY(query.exec(u"CREATE TABLE prompt (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"_s));
        QVERIFY(query.exec(u"CREATE TABLE version (id INTEGER PRIMARY KEY, "
                           "prompt_id INTEGER NOT NULL REFERENCES prompt(id))"_s));
        QVERIFY(query.prepare(u"INSERT INTO prompt (name) VALUES (?)"_s));
        query.addBindValue(u"Code review — ünïcödé"_s);
        QVERIFY(query.exec());
        // Foreign keys are enforced: a version of a prompt that does not exist is refused.
        QVERIFY(!query.exec(u"INSERT INTO version (prompt_id) VALUES (42)"_s));
    }
    Database reopened(u"reader"_s);
    QVERIFY2(reopened.open(path), qPrintable(reopened.errorString()));
    QCOMPARE(scalar(reopened.connection(), u"SELECT name FROM prompt"_s).toString(), u"Code review — ünïcödé"_s);
    QCOMPARE(scalar(reopened.connection(), u"SELECT count(*) FROM version"_s).toInt(), 0);
}

void TestDatabase::refusesAFolderInPlaceOfTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database database(u"folder"_s);
    QVERIFY(!database.open(dir.path()));
    QVERIFY(!database.isOpen());
    QVERIFY2(database.errorString().contains(QDir::toNativeSeparators(dir.path())), qPrintable(database.errorString()));
}

void TestDatabase::refusesAFileThatIsNotADatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"notes.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray text = QByteArray("These are notes, not a database.\n").repeated(200);
    file.write(text);
    file.close();

    Database database(u"foreign"_s);
    QVERIFY(!database.open(path));
    QVERIFY2(!database.errorString().isEmpty(), "the user must be told why");
    // Refusing the file must not have changed it.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), text);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
