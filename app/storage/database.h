// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/storage/storageerror.h"

#include <QSqlDatabase>
#include <QString>

namespace Juxta {

/**
 * One thread's connection to Juxta's SQLite file, set up the way every store expects:
 * write-ahead logging, foreign keys enforced and a busy timeout, so readers never block the
 * writer and a second connection waits instead of failing.
 *
 * Qt SQL connections belong to the thread that made them; give each thread its own Database
 * with its own connection name.
 */
class Database
{
public:
    explicit Database(const QString &connectionName);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    /**
     * Opens (creating if needed) the file at @p path. On failure errorString() says why. A
     * database written by a newer Juxta (a schema version above Schema::latestVersion()) is
     * refused before anything is written to it.
     */
    bool open(const QString &path);
    /** Brings the schema up to date (forward-only migrations, each in one transaction). */
    bool migrate();
    /** open() then migrate(): what every store expects. */
    bool openAndMigrate(const QString &path);
    void close();
    bool isOpen() const;
    /** The file's `PRAGMA user_version`; -1 when closed. */
    int schemaVersion() const;

    QSqlDatabase connection() const;
    QString errorString() const;
    /** The last failure as a kind and a message. */
    StorageError error() const { return {m_errorKind, m_errorString}; }

private:
    bool execute(const QString &statement);

    QString m_connectionName;
    QString m_errorString;
    StorageError::Kind m_errorKind = StorageError::Kind::Open;
};

} // namespace Juxta
