// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Juxta {

/** A prompt of the library: what describes and files it. Its texts live in its versions. */
struct Prompt
{
    qint64 id = 0;
    QString name;
    QString description;
    /** A folder (collection) path such as "Code/Review"; empty for the top level. */
    QString folder;
    QStringList tags;
    bool favourite = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    /** The number of the newest version (1-based); 0 before the first is saved. */
    int latestVersion = 0;
};

} // namespace Juxta
