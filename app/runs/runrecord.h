// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runpane.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Juxta {

/** One comparison turn as history keeps it: what was asked, and every pane's answer. */
struct RunRecord
{
    qint64 id = 0;
    QDateTime createdAt;
    /** The library version the prompt came from, if any (cleared if that prompt is deleted). */
    std::optional<qint64> promptVersionId;
    /** The prompt's name and version number at the time: kept even if the prompt goes. */
    QString promptName;
    std::optional<int> promptVersionNumber;
    /** The variable values the prompt was rendered with. */
    QJsonObject variables;
    QString systemText;
    /** The user text as sent (rendered), or the raw text typed. */
    QString promptText;
    /** The run this one re-ran (juxta-cli history rerun), if any; cleared if that run is deleted. */
    std::optional<qint64> rerunOf;
    QList<RunPane> panes;
};

} // namespace Juxta
