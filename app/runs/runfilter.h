// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace Juxta {

/** Which runs of the history to list; every field optional. */
struct RunFilter
{
    /** Words searched in prompts and outputs (prefixes match). */
    QString text {};
    /** Runs with a pane that requested or was answered by this model. */
    QString model {};
    /** Runs with a pane on this provider preset. */
    QString presetId {};
    QDateTime from {};
    QDateTime to {};
    int limit = 200;
};

} // namespace Juxta
