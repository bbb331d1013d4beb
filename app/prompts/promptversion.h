// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Juxta {

/**
 * One saved state of a prompt's texts. Versions are never edited in place once a run used
 * them: editing a prompt saves a new version with the next number.
 */
struct PromptVersion
{
    qint64 id = 0;
    qint64 promptId = 0;
    int number = 0;
    QString systemText;
    /** The user turn, with {{variable}} placeholders (\{{ writes literal braces). */
    QString userText;
    /** Default values of the variables, by name (strings). */
    QJsonObject variables;
    /** Suggested generation parameters, named as in GenerationParams' JSON ("temperature"…). */
    QJsonObject parameters;
    /** Suggested models, as PRESET:MODEL. */
    QStringList models;
    QString note;
    QDateTime createdAt;

    /** Whether the texts and suggestions are the same (ids, numbers and times aside). */
    bool sameContentAs(const PromptVersion &other) const
    {
        return systemText == other.systemText && userText == other.userText && variables == other.variables
            && parameters == other.parameters && models == other.models && note == other.note;
    }
};

} // namespace Juxta
