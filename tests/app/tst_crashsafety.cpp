// SPDX-License-Identifier: GPL-3.0-or-later
// A writer killed with SIGKILL at random moments never costs the database a committed
// transaction or its integrity.
#include "app/storage/database.h"
#include "storagetesthelpers.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void committedWritesSurviveSigkill();
};

void TestCrashSafety::committedWritesSurviveSigkill()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"juxta.sqlite"_s);
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    constexpr int Iterations = 60;
    QList<qint64> runs;
    QList<qint64> versions;
    QStringList bulks;

    for (int iteration = 0; iteration < Iterations; ++iteration) {
        QProcess writer;
        QByteArray output;
        connect(&writer, &QProcess::readyReadStandardOutput, this, [&] {
            output += writer.readAllStandardOutput();
        });
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_LOGGING_RULES"_s, u"juxta.*.info=false"_s);
        writer.setProcessEnvironment(environment);
        writer.start(QStringLiteral(JUXTA_CRASHWRITER), {path, QString::number(random.generate())});
        QVERIFY(writer.waitForStarted());
        // Kill after a random number of commits (or before the first), at whatever point the
        // next transaction has reached by then.
        const int target = random.bounded(0, 30);
        QTRY_VERIFY_WITH_TIMEOUT(output.count('\n') >= target || writer.state() == QProcess::NotRunning, 30000);
        QCOMPARE(writer.state(), QProcess::Running);
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        output += writer.readAllStandardOutput();
        const QByteArray errors = writer.readAllStandardError();
        QVERIFY2(errors.isEmpty(), errors.constData());

        // Only complete lines were committed and reported; a cut-off last line is not a promise.
        const QList<QByteArray> lines = output.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            const QList<QByteArray> fields = lines[i].split(' ');
            QCOMPARE(fields.size(), 2);
            if (fields[0] == "run") {
                runs.append(fields[1].toLongLong());
            } else if (fields[0] == "version") {
                versions.append(fields[1].toLongLong());
            } else {
                QCOMPARE(fields[0], QByteArray("bulk"));
                bulks.append(QString::fromLatin1(fields[1]));
            }
        }

        Database database(u"check-%1"_s.arg(iteration));
        QVERIFY2(database.openAndMigrate(path), qPrintable(database.errorString()));
        const QSqlDatabase db = database.connection();
        QCOMPARE(StorageTest::scalar(db, u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
        QCOMPARE(StorageTest::scalar(db, u"SELECT count(*) FROM pragma_foreign_key_check"_s).toInt(), 0);
        // The search indexes agree with their tables.
        QCOMPARE(StorageTest::scalar(db, u"SELECT count(*) FROM run_fts"_s).toInt(),
            StorageTest::scalar(db, u"SELECT count(*) FROM run"_s).toInt());
        QCOMPARE(StorageTest::scalar(db, u"SELECT count(*) FROM prompt_fts"_s).toInt(),
            StorageTest::scalar(db, u"SELECT count(*) FROM prompt"_s).toInt());
        QSqlQuery query(db);
        QVERIFY(query.prepare(u"SELECT count(*) FROM run_pane WHERE run_id = ?"_s));
        for (const qint64 id : std::as_const(runs)) {
            query.addBindValue(id);
            QVERIFY(query.exec() && query.next());
            QVERIFY2(query.value(0).toInt() == 2, qPrintable(u"run %1 lost"_s.arg(id)));
        }
        QVERIFY(query.prepare(u"SELECT count(*) FROM prompt_version WHERE id = ?"_s));
        for (const qint64 id : std::as_const(versions)) {
            query.addBindValue(id);
            QVERIFY(query.exec() && query.next());
            QVERIFY2(query.value(0).toInt() == 1, qPrintable(u"version %1 lost"_s.arg(id)));
        }
        QVERIFY(query.prepare(u"SELECT count(*) FROM prompt p JOIN prompt_version v ON v.prompt_id = p.id"
                              " WHERE p.name LIKE ?"_s));
        for (const QString &step : std::as_const(bulks)) {
            query.addBindValue(u"Bulk "_s + step + u"-%"_s);
            QVERIFY(query.exec() && query.next());
            QVERIFY2(query.value(0).toInt() == 50, qPrintable(u"bulk import %1 incomplete"_s.arg(step)));
        }
    }
    QVERIFY(runs.size() + versions.size() + bulks.size() > Iterations);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
