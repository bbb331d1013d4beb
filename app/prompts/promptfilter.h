// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta {

/** Which prompts of the library to list: a full-text query and/or filters, all optional. */
struct PromptFilter
{
    /** Words to search for (prefixes match: "summ" finds "summarise"); empty lists everything. */
    QString text {};
    QString tag {};
    QString folder {};
    bool favouritesOnly = false;
    int limit = 1000;
};

} // namespace Juxta
