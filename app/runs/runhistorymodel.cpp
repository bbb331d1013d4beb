// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runhistorymodel.h"

#include "app/storage/runstore.h"

using namespace Qt::StringLiterals;

namespace Juxta {

RunHistoryModel::RunHistoryModel(RunStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    refresh();
}

RunHistoryModel::~RunHistoryModel() = default;

int RunHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

QVariant RunHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const RunRecord &run = m_runs[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return run.promptName.isEmpty() ? run.promptText.simplified().left(80) : run.promptName;
    case IdRole:
        return run.id;
    case CreatedAtRole:
        return run.createdAt;
    case PromptNameRole:
        return run.promptName;
    case PromptVersionRole:
        return run.promptVersionNumber ? QVariant(*run.promptVersionNumber) : QVariant();
    case Qt::ToolTipRole:
    case PromptTextRole:
        return run.promptText;
    case ModelsRole: {
        QStringList models;
        for (const RunPane &pane : run.panes) {
            models.append(pane.presetId + u':' + pane.modelRequested);
        }
        return models;
    }
    case PaneCountRole:
        return int(run.panes.size());
    case FailedPaneCountRole:
        return int(std::count_if(run.panes.cbegin(), run.panes.cend(), [](const RunPane &pane) {
            return pane.failed();
        }));
    case TotalCostRole: {
        double cost = 0;
        bool known = false;
        for (const RunPane &pane : run.panes) {
            if (pane.metrics.costUsd) {
                cost += *pane.metrics.costUsd;
                known = true;
            }
        }
        return known ? QVariant(cost) : QVariant();
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> RunHistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "runId");
    names.insert(CreatedAtRole, "createdAt");
    names.insert(PromptNameRole, "promptName");
    names.insert(PromptVersionRole, "promptVersion");
    names.insert(PromptTextRole, "promptText");
    names.insert(ModelsRole, "models");
    names.insert(PaneCountRole, "paneCount");
    names.insert(FailedPaneCountRole, "failedPaneCount");
    names.insert(TotalCostRole, "totalCost");
    return names;
}

void RunHistoryModel::setFilter(const RunFilter &filter)
{
    m_filter = filter;
    refresh();
    Q_EMIT filterChanged();
}

void RunHistoryModel::refresh()
{
    const auto found = m_store.find(m_filter);
    if (!found) {
        Q_EMIT failed(found.error());
        return;
    }
    beginResetModel();
    m_runs = found.value();
    endResetModel();
}

bool RunHistoryModel::removeRun(int row)
{
    if (row < 0 || row >= m_runs.size()) {
        return false;
    }
    if (const auto removed = m_store.remove(m_runs[row].id); !removed) {
        Q_EMIT failed(removed.error());
        return false;
    }
    beginRemoveRows({}, row, row);
    m_runs.removeAt(row);
    endRemoveRows();
    return true;
}

qint64 RunHistoryModel::runId(int row) const
{
    return row >= 0 && row < m_runs.size() ? m_runs[row].id : 0;
}

} // namespace Juxta
