// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runrecord.h"

#include <QJsonObject>
#include <QString>

namespace Juxta {

/** A recorded run as a document: JSON with every field, or a Markdown transcript for people. */
class RunExport
{
public:
    static QJsonObject toJson(const RunRecord &run);
    static QString toMarkdown(const RunRecord &run);
    /** The metrics as JSON, unknown figures as null. */
    static QJsonObject metricsJson(const ResponseMetrics &metrics);
};

} // namespace Juxta
