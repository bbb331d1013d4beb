// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/compare/paneconfig.h"

#include <QJsonObject>

namespace Juxta {

/** A PaneConfig as JSON, for keeping a workspace's panes between sessions. Unset parameters are left out. */
class PaneConfigCodec
{
public:
    static QJsonObject toJson(const PaneConfig &config);
    /** Reads what toJson() wrote; unknown or malformed fields are ignored, not guessed. */
    static PaneConfig fromJson(const QJsonObject &json);
};

} // namespace Juxta
