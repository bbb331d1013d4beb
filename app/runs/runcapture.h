// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runrecord.h"

namespace Juxta {

class CompareSession;
class PresetCatalog;

/** Turns the latest turn of a CompareSession into a RunRecord for the history. */
class RunCapture
{
public:
    /**
     * Fills the panes of @p run (whose prompt fields the caller set) from @p session's latest
     * turn; the endpoint host of each pane comes from @p catalog.
     */
    static RunRecord fromSession(const CompareSession &session, const PresetCatalog &catalog, RunRecord run);
};

} // namespace Juxta
