// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the storage tests: running fixture SQL and reading single values.
#pragma once

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace StorageTest {

inline QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        return {};
    }
    return query.value(0);
}

/** Runs every statement of a fixture file; returns the first error, empty on success. */
inline QString runSqlFile(const QSqlDatabase &db, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return file.errorString();
    }
    QStringList lines;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
        if (!line.startsWith(QLatin1String("--"))) {
            lines.append(line);
        }
    }
    QSqlQuery query(db);
    for (const QString &statement : lines.join(u'\n').split(QLatin1String(";\n"))) {
        if (statement.trimmed().isEmpty()) {
            continue;
        }
        if (!query.exec(statement)) {
            return statement + QLatin1String(": ") + query.lastError().text();
        }
    }
    return {};
}

} // namespace StorageTest
