// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace Juxta {

/**
 * Where Juxta keeps its database: `--data-dir DIR` on the command line, else the
 * JUXTA_DATA_DIR environment variable (tests, portable installs), else the platform's
 * app-data location.
 */
class DataDirectory
{
public:
    /** The database file name inside the data directory. */
    static QString databaseFileName();

    /**
     * Resolves the directory and removes `--data-dir DIR` / `--data-dir=DIR` from @p arguments
     * so a command never sees it.
     */
    static QString take(QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    /** The directory without looking at a command line. */
    static QString resolve(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    static QString databasePath(const QString &directory);
};

} // namespace Juxta
