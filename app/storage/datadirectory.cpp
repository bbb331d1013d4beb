// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/datadirectory.h"

#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Juxta {

QString DataDirectory::databaseFileName()
{
    return u"juxta.sqlite"_s;
}

QString DataDirectory::take(QStringList &arguments, const QProcessEnvironment &environment)
{
    QString chosen;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == "--data-dir"_L1 && i + 1 < arguments.size()) {
            chosen = arguments[i + 1];
            arguments.remove(i, 2);
            break;
        }
        if (arguments[i].startsWith("--data-dir="_L1)) {
            chosen = arguments[i].mid(11);
            arguments.remove(i);
            break;
        }
    }
    if (!chosen.isEmpty()) {
        return QDir(chosen).absolutePath();
    }
    return resolve(environment);
}

QString DataDirectory::resolve(const QProcessEnvironment &environment)
{
    const QString fromEnvironment = environment.value(u"JUXTA_DATA_DIR"_s);
    if (!fromEnvironment.isEmpty()) {
        return QDir(fromEnvironment).absolutePath();
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString DataDirectory::databasePath(const QString &directory)
{
    return QDir(directory).filePath(databaseFileName());
}

} // namespace Juxta
