// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

    /** Opens (creating if needed) the file at @p path. On failure errorString() says why. */
    bool open(const QString &path);
    void close();
    bool isOpen() const;

    QSqlDatabase connection() const;
    QString errorString() const;

private:
    bool execute(const QString &statement);

    QString m_connectionName;
    QString m_errorString;
};

} // namespace Juxta
