// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/runs/runfilter.h"
#include "app/runs/runrecord.h"
#include "app/storage/storageerror.h"

#include <QAbstractListModel>

namespace Juxta {

class RunStore;

/**
 * The run history as a list for views, newest first: the runs matching the current filter
 * (search words, model, provider, dates), each with its prompt and the panes' models and
 * outcomes. Full transcripts are loaded on demand through the store, not held here.
 */
class RunHistoryModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        CreatedAtRole,
        PromptNameRole,
        PromptVersionRole,
        PromptTextRole,
        ModelsRole,
        PaneCountRole,
        FailedPaneCountRole,
        TotalCostRole,
    };
    Q_ENUM(Role)

    /** @p store must outlive the model and belong to the model's thread. */
    explicit RunHistoryModel(RunStore &store, QObject *parent = nullptr);
    ~RunHistoryModel() override;
    Q_DISABLE_COPY_MOVE(RunHistoryModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    RunFilter filter() const { return m_filter; }
    void setFilter(const RunFilter &filter);
    /** Reloads from the store (after a run was recorded or deleted). */
    void refresh();
    /** Deletes the run at @p row from the history. */
    bool removeRun(int row);
    qint64 runId(int row) const;

Q_SIGNALS:
    void filterChanged();
    void failed(const Juxta::StorageError &error);

private:
    RunStore &m_store;
    RunFilter m_filter;
    QList<RunRecord> m_runs;
};

} // namespace Juxta
