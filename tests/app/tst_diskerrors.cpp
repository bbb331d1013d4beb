// SPDX-License-Identifier: GPL-3.0-or-later
// A really full and a really read-only file system under the database: a small tmpfs, and a
// read-only bind mount of it, in a mount namespace of this test process alone (Linux).
#include "app/runs/runrecord.h"
#include "app/storage/database.h"
#include "app/storage/promptexchange.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"
#include "storagetesthelpers.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

using namespace Qt::StringLiterals;
using namespace Juxta;
using StorageTest::scalar;

namespace {

constexpr auto TmpfsSize = "size=8m";

QList<PromptBundle::Entry> bulkyPrompts(const QString &prefix, int count)
{
    QList<PromptBundle::Entry> entries;
    for (int i = 0; i < count; ++i) {
        PromptBundle::Entry entry;
        entry.prompt.name = u"%1 %2"_s.arg(prefix).arg(i);
        PromptVersion version;
        version.userText = QString(20000, QChar(u'a' + i % 26));
        entry.versions = {version};
        entries.append(entry);
    }
    return entries;
}

RunRecord bulkyRun()
{
    RunRecord run;
    run.promptText = u"A question"_s;
    RunPane pane;
    pane.presetId = u"openai"_s;
    pane.modelRequested = u"m"_s;
    pane.finishReason = u"stop"_s;
    pane.output = QString(400000, u'z');
    run.panes = {pane};
    return run;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                          : QByteArray();
}

#ifdef Q_OS_LINUX
bool writeFile(const char *path, const QByteArray &text)
{
    const int fd = ::open(path, O_WRONLY);
    if (fd < 0) {
        return false;
    }
    const bool ok = ::write(fd, text.constData(), size_t(text.size())) == text.size();
    ::close(fd);
    return ok;
}

/** A mount namespace of our own: as root directly, otherwise as root of a new user namespace. */
QString enterMountNamespace()
{
    if (::unshare(CLONE_NEWNS) != 0) {
        const uid_t uid = ::getuid();
        const gid_t gid = ::getgid();
        if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
            return u"unshare: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        }
        writeFile("/proc/self/setgroups", "deny");
        if (!writeFile("/proc/self/uid_map", QByteArray("0 ") + QByteArray::number(uid) + " 1")
            || !writeFile("/proc/self/gid_map", QByteArray("0 ") + QByteArray::number(gid) + " 1")) {
            return u"cannot map the user namespace"_s;
        }
    }
    // Nothing mounted here may show outside this process.
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        return u"mount --make-rprivate /: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    return {};
}
#endif

} // namespace

class TestDiskErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void aFullDiskWritesNothingAndSaysSo();
    void aReadOnlyDiskWritesNothingAndSaysSo();

private:
    QByteArray snapshot(const PromptStore &store) const;

    QTemporaryDir m_dir;
    QString m_writable;
    QString m_readOnly;
    bool m_mounted = false;
};

void TestDiskErrors::initTestCase()
{
#ifdef Q_OS_LINUX
    QVERIFY(m_dir.isValid());
    m_writable = m_dir.filePath(u"rw"_s);
    m_readOnly = m_dir.filePath(u"ro"_s);
    QVERIFY(QDir().mkpath(m_writable) && QDir().mkpath(m_readOnly));
    const QString problem = enterMountNamespace();
    if (!problem.isEmpty()) {
        // tst_promptexchange covers the same with SQLite's max_page_count and query_only.
        QSKIP(qPrintable(u"no mount namespace here (%1); "
                         "the full and read-only cases are simulated in tst_promptexchange"_s.arg(problem)));
    }
    const QByteArray rw = QFile::encodeName(m_writable);
    const QByteArray ro = QFile::encodeName(m_readOnly);
    QVERIFY2(::mount("juxta-test", rw.constData(), "tmpfs", 0, TmpfsSize) == 0, std::strerror(errno));
    m_mounted = true;
    QVERIFY2(::mount(rw.constData(), ro.constData(), nullptr, MS_BIND, nullptr) == 0, std::strerror(errno));
    QVERIFY2(::mount(nullptr, ro.constData(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0,
        std::strerror(errno));
#else
    QSKIP("mount namespaces are Linux's; tst_promptexchange simulates a full and a read-only database");
#endif
}

void TestDiskErrors::cleanupTestCase()
{
#ifdef Q_OS_LINUX
    if (m_mounted) {
        ::umount2(QFile::encodeName(m_readOnly).constData(), MNT_DETACH);
        ::umount2(QFile::encodeName(m_writable).constData(), MNT_DETACH);
    }
#endif
}

QByteArray TestDiskErrors::snapshot(const PromptStore &store) const
{
    PromptBundle bundle;
    const auto entries = PromptExchange::collect(store);
    bundle.entries = entries ? *entries : QList<PromptBundle::Entry>();
    return bundle.toJson();
}

void TestDiskErrors::aFullDiskWritesNothingAndSaysSo()
{
    const QString path = QDir(m_writable).filePath(u"juxta.sqlite"_s);
    {
        Database database(u"full"_s);
        QVERIFY2(database.openAndMigrate(path), qPrintable(database.errorString()));
        PromptStore prompts(database.connection());
        RunStore runs(database.connection());
        QVERIFY(PromptExchange::importEntries(prompts, bulkyPrompts(u"Existing"_s, 3)));
        RunRecord small;
        small.promptText = u"kept"_s;
        QVERIFY(runs.save(small));
        const QByteArray before = snapshot(prompts);

        // Fill the file system to the last byte.
        QFile filler(QDir(m_writable).filePath(u"filler"_s));
        QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
        const QByteArray block(64 * 1024, 'f');
        while (filler.write(block) == block.size()) { }
        filler.close();
        QVERIFY(filler.size() > 0);

        const auto imported = PromptExchange::importEntries(prompts, bulkyPrompts(u"Will not fit"_s, 50));
        QVERIFY(!imported);
        QVERIFY2(imported.error().message.contains(u"full"_s), qPrintable(imported.error().message));
        const auto saved = runs.save(bulkyRun());
        QVERIFY(!saved);
        QVERIFY2(saved.error().message.contains(u"full"_s), qPrintable(saved.error().message));
        QCOMPARE(snapshot(prompts), before);
        QCOMPARE(runs.count(), 1);
        QCOMPARE(scalar(database.connection(), u"PRAGMA integrity_check"_s).toString(), u"ok"_s);

        // Nothing was half-written: with space again, the same writes succeed whole.
        QVERIFY(filler.remove());
        const auto retried = PromptExchange::importEntries(prompts, bulkyPrompts(u"Will not fit"_s, 50));
        QVERIFY2(retried, retried ? "" : qPrintable(retried.error().message));
        QCOMPARE(retried->created, 50);
        QVERIFY(runs.save(bulkyRun()));
        QCOMPARE(runs.count(), 2);
    }

    // The database reopens whole after all that.
    Database reopened(u"full-reopened"_s);
    QVERIFY2(reopened.openAndMigrate(path), qPrintable(reopened.errorString()));
    QCOMPARE(PromptStore(reopened.connection()).count(), 53);
    QCOMPARE(scalar(reopened.connection(), u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
}

void TestDiskErrors::aReadOnlyDiskWritesNothingAndSaysSo()
{
    const QString writablePath = QDir(m_writable).filePath(u"juxta.sqlite"_s);
    const QString readOnlyPath = QDir(m_readOnly).filePath(u"juxta.sqlite"_s);
    QVERIFY(QFile::exists(writablePath));
    {
        // While another connection keeps the write-ahead log open, the library and the history
        // can be read through the read-only mount; every write is refused.
        Database keeper(u"keeper"_s);
        QVERIFY(keeper.openAndMigrate(writablePath));
        QCOMPARE(RunStore(keeper.connection()).count(), 2);
        Database database(u"read-only"_s);
        QVERIFY2(database.openAndMigrate(readOnlyPath), qPrintable(database.errorString()));
        PromptStore prompts(database.connection());
        RunStore runs(database.connection());
        QCOMPARE(prompts.count(), 53);
        const QByteArray before = snapshot(prompts);
        const auto imported = PromptExchange::importEntries(prompts, bulkyPrompts(u"New"_s, 2));
        QVERIFY(!imported);
        QVERIFY2(imported.error().message.contains(u"readonly"_s), qPrintable(imported.error().message));
        const auto saved = runs.save(bulkyRun());
        QVERIFY(!saved);
        QVERIFY2(saved.error().message.contains(u"readonly"_s), qPrintable(saved.error().message));
        QCOMPARE(snapshot(prompts), before);
        QCOMPARE(runs.count(), 2);
    }
    const QByteArray hash = fileHash(writablePath);
    QVERIFY(!hash.isEmpty());

    // Alone on a read-only disk the database cannot be opened, and the error says why.
    Database alone(u"read-only-alone"_s);
    QVERIFY(!alone.openAndMigrate(readOnlyPath));
    QVERIFY2(alone.errorString().contains(QDir::toNativeSeparators(readOnlyPath))
            && alone.errorString().contains(u"read-only"_s),
        qPrintable(alone.errorString()));

    // Nor can a new one be made there.
    const QString newPath = QDir(m_readOnly).filePath(u"sub/juxta.sqlite"_s);
    Database fresh(u"read-only-new"_s);
    QVERIFY(!fresh.openAndMigrate(newPath));
    QVERIFY2(fresh.errorString().contains(u"sub"_s), qPrintable(fresh.errorString()));
    QVERIFY(!QFile::exists(newPath));

    // juxta-cli says so and exits non-zero.
    QProcess cli;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"JUXTA_DATA_DIR"_s, m_readOnly);
    cli.setProcessEnvironment(environment);
    QSignalSpy finished(&cli, &QProcess::finished);
    cli.start(QStringLiteral(JUXTA_CLI_BINARY), {u"prompts"_s, u"add"_s, u"Refused"_s, u"--user"_s, u"text"_s});
    QVERIFY(finished.wait(60000));
    QCOMPARE(cli.exitCode(), 1);
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QVERIFY2(err.contains(u"read-only"_s), qPrintable(err));
    // Nothing on the disk changed.
    QCOMPARE(fileHash(writablePath), hash);
    QCOMPARE(QDir(m_writable).entryList(QDir::Files), QStringList {u"juxta.sqlite"_s});
}

QTEST_GUILESS_MAIN(TestDiskErrors)
#include "tst_diskerrors.moc"
