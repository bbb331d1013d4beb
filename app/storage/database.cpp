// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/database.h"

#include "app/storage/schema.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStorage, "juxta.storage", QtInfoMsg)

namespace Juxta {

namespace {

constexpr int BusyTimeoutMs = 5000;

/** Why SQLite's "unable to open database file" happened, when the cause is a read-only disk or folder. */
QString readOnlyHint(const QFileInfo &file)
{
    // access(W_OK) also fails on a read-only file system, for root too.
    const QFileInfo folder(file.absolutePath());
    if ((file.exists() && !file.isWritable()) || (folder.exists() && !folder.isWritable())) {
        return u" "_s
            + QCoreApplication::translate("Juxta::Database",
                "The file or its folder is read-only (Juxta writes its database and a journal beside it).");
    }
    return {};
}

} // namespace

Database::Database(const QString &connectionName)
    : m_connectionName(connectionName)
{ }

Database::~Database()
{
    close();
}

bool Database::open(const QString &path)
{
    close();
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath())) {
        m_errorString = QCoreApplication::translate("Juxta::Database", "Cannot create the folder %1.")
                            .arg(QDir::toNativeSeparators(file.absolutePath()));
        return false;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(file.absoluteFilePath());
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(BusyTimeoutMs));
        if (!db.open()) {
            m_errorString = QCoreApplication::translate("Juxta::Database", "Cannot open the database %1: %2")
                                .arg(QDir::toNativeSeparators(file.absoluteFilePath()), db.lastError().text())
                + readOnlyHint(file);
            qCWarning(lcStorage) << "open failed:" << db.lastError().text();
        }
    }
    m_errorKind = StorageError::Kind::Open;
    if (!connection().isOpen()) {
        close();
        return false;
    }
    // SQLite opens lazily: reading the schema version is the first real access, so a directory
    // or a foreign file fails here, and a newer Juxta's file is refused before any write.
    QString problem;
    const int version = Schema::version(connection(), &problem);
    if (version < 0) {
        m_errorString = QCoreApplication::translate("Juxta::Database", "The database %1 cannot be used: %2")
                            .arg(QDir::toNativeSeparators(file.absoluteFilePath()), problem)
            + readOnlyHint(file);
        close();
        return false;
    }
    if (version > Schema::latestVersion()) {
        m_errorKind = StorageError::Kind::TooNew;
        m_errorString = QCoreApplication::translate("Juxta::Database",
            "The database %1 was written by a newer version of Juxta (schema %2; this Juxta knows up to %3). "
            "It was left untouched: update Juxta to use it.")
                            .arg(QDir::toNativeSeparators(file.absoluteFilePath()))
                            .arg(version)
                            .arg(Schema::latestVersion());
        qCWarning(lcStorage) << "refusing a database from a newer Juxta, schema" << version;
        close();
        return false;
    }
    if (!execute(u"PRAGMA journal_mode=WAL"_s) || !execute(u"PRAGMA foreign_keys=ON"_s)
        || !execute(u"PRAGMA synchronous=NORMAL"_s)) {
        close();
        return false;
    }
    m_errorString.clear();
    return true;
}

bool Database::migrate()
{
    if (!isOpen()) {
        return false;
    }
    QString problem;
    if (!Schema::upgrade(connection(), Schema::migrations(), &problem)) {
        m_errorKind = StorageError::Kind::Migration;
        m_errorString = problem;
        return false;
    }
    return true;
}

bool Database::openAndMigrate(const QString &path)
{
    if (!open(path)) {
        return false;
    }
    if (!migrate()) {
        close();
        return false;
    }
    return true;
}

int Database::schemaVersion() const
{
    return isOpen() ? Schema::version(connection()) : -1;
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName)) {
        return;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && connection().isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QString Database::errorString() const
{
    return m_errorString;
}

bool Database::execute(const QString &statement)
{
    QSqlQuery query(connection());
    if (query.exec(statement)) {
        return true;
    }
    if (m_errorString.isEmpty()) {
        m_errorString = QCoreApplication::translate("Juxta::Database", "The database %1 cannot be used: %2")
                            .arg(QDir::toNativeSeparators(connection().databaseName()), query.lastError().text());
    }
    qCWarning(lcStorage) << statement << "failed:" << query.lastError().text();
    return false;
}

} // namespace Juxta
