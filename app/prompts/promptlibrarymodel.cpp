// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptlibrarymodel.h"

#include "app/storage/promptstore.h"

using namespace Qt::StringLiterals;

namespace Juxta {

PromptLibraryModel::PromptLibraryModel(PromptStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    refresh();
}

PromptLibraryModel::~PromptLibraryModel() = default;

int PromptLibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_prompts.size());
}

QVariant PromptLibraryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Prompt &prompt = m_prompts[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return prompt.name;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return prompt.description;
    case IdRole:
        return prompt.id;
    case FolderRole:
        return prompt.folder;
    case TagsRole:
        return prompt.tags;
    case FavouriteRole:
        return prompt.favourite;
    case LatestVersionRole:
        return prompt.latestVersion;
    case UpdatedAtRole:
        return prompt.updatedAt;
    default:
        return {};
    }
}

bool PromptLibraryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != FavouriteRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return false;
    }
    Prompt &prompt = m_prompts[index.row()];
    const bool favourite = value.toBool();
    if (prompt.favourite == favourite) {
        return true;
    }
    if (const auto written = m_store.setFavourite(prompt.id, favourite); !written) {
        Q_EMIT failed(written.error());
        return false;
    }
    prompt.favourite = favourite;
    Q_EMIT dataChanged(index, index, {FavouriteRole});
    // A favourites-only list no longer holds a prompt that stopped being one.
    if (m_filter.favouritesOnly && !favourite) {
        refresh();
    }
    return true;
}

Qt::ItemFlags PromptLibraryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()) {
        return Qt::NoItemFlags;
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> PromptLibraryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "promptId");
    names.insert(NameRole, "name");
    names.insert(DescriptionRole, "description");
    names.insert(FolderRole, "folder");
    names.insert(TagsRole, "tags");
    names.insert(FavouriteRole, "favourite");
    names.insert(LatestVersionRole, "latestVersion");
    names.insert(UpdatedAtRole, "updatedAt");
    return names;
}

void PromptLibraryModel::setFilter(const PromptFilter &filter)
{
    m_filter = filter;
    refresh();
    Q_EMIT filterChanged();
}

void PromptLibraryModel::refresh()
{
    const auto found = m_store.find(m_filter);
    if (!found) {
        Q_EMIT failed(found.error());
        return;
    }
    const QList<Prompt> &fresh = found.value();
    // The same prompts in the same order (the common case after an edit): update in place
    // so views keep selection and scroll position.
    bool sameRows = fresh.size() == m_prompts.size();
    for (qsizetype i = 0; sameRows && i < fresh.size(); ++i) {
        sameRows = fresh[i].id == m_prompts[i].id;
    }
    if (sameRows) {
        m_prompts = fresh;
        if (!m_prompts.isEmpty()) {
            Q_EMIT dataChanged(index(0),
                index(int(m_prompts.size()) - 1),
                {Qt::DisplayRole,
                    Qt::ToolTipRole,
                    NameRole,
                    DescriptionRole,
                    FolderRole,
                    TagsRole,
                    FavouriteRole,
                    LatestVersionRole,
                    UpdatedAtRole});
        }
        return;
    }
    beginResetModel();
    m_prompts = fresh;
    endResetModel();
}

int PromptLibraryModel::rowOf(qint64 promptId) const
{
    for (qsizetype i = 0; i < m_prompts.size(); ++i) {
        if (m_prompts[i].id == promptId) {
            return int(i);
        }
    }
    return -1;
}

Prompt PromptLibraryModel::promptAt(int row) const
{
    return row >= 0 && row < m_prompts.size() ? m_prompts[row] : Prompt {};
}

} // namespace Juxta
