// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/modelaggregate.h"
#include "app/runs/runfilter.h"
#include "app/runs/runrecord.h"
#include "app/storage/storageresult.h"

#include <QSqlDatabase>

#include <optional>

namespace Juxta {

/**
 * The run history in Juxta's database. A run and all its panes are written in one
 * transaction when the turn ends; search is FTS5 over the prompt and every pane's output.
 * Works on the calling thread's connection.
 */
class RunStore
{
public:
    explicit RunStore(const QSqlDatabase &db);

    /** Writes @p run (id and createdAt are assigned) and returns its id. */
    StorageResult<qint64> save(const RunRecord &run);
    /** A whole run, panes and conversations included. */
    std::optional<RunRecord> run(qint64 id) const;
    /**
     * Runs matching @p filter, newest first. Panes carry their provenance, outcome and metrics
     * but not the conversation, output or reasoning: a list stays light.
     */
    StorageResult<QList<RunRecord>> find(const RunFilter &filter = {}) const;
    StorageResult<Done> remove(qint64 id);
    qint64 count() const;
    /** Per preset and model over the runs in @p filter's date range, model and provider (text and limit ignored). */
    StorageResult<QList<ModelAggregate>> aggregates(const RunFilter &filter = {}) const;

private:
    QSqlDatabase m_db;
};

} // namespace Juxta
