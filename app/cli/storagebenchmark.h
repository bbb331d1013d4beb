// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Juxta {

/**
 * `juxta-cli bench storage`: builds a synthetic library (100,000 prompts with versions) and
 * history (20,000 runs) in a scratch database and times what users feel: bulk import, FTS
 * search (p50/p95), opening the database and listing the newest 200 runs, and the size a run
 * takes on disk.
 */
class StorageBenchmark
{
    Q_DECLARE_TR_FUNCTIONS(Juxta::StorageBenchmark)

public:
    int run(const QStringList &arguments);
};

} // namespace Juxta
