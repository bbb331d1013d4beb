// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

namespace Juxta {

/**
 * Juxta's database schema as a list of forward-only migrations. Migration N (1-based) takes a
 * database from `PRAGMA user_version` N-1 to N. Each runs in one transaction together with the
 * version bump, so a failure leaves the file exactly as it was. There are no downgrades.
 */
class Schema
{
public:
    /** The statements of each migration, in order. */
    static const QList<QStringList> &migrations();
    /** The version this Juxta writes: the number of migrations. */
    static int latestVersion();

    /** Reads `PRAGMA user_version`; -1 when the file cannot be read as a database. */
    static int version(const QSqlDatabase &db, QString *error = nullptr);

    /**
     * Applies the migrations after the database's version, each in its own transaction.
     * Refuses (and changes nothing) when the database is newer than @p migrations know.
     */
    static bool upgrade(const QSqlDatabase &db, const QList<QStringList> &migrations, QString *error);
};

} // namespace Juxta
