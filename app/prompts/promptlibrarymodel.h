// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/prompt.h"
#include "app/prompts/promptfilter.h"
#include "app/storage/storageerror.h"

#include <QAbstractListModel>

namespace Juxta {

class PromptStore;

/**
 * The prompt library as a list for views: the prompts matching the current filter (search
 * text, tag, folder, favourites), ranked when searching. Toggling the favourite role writes
 * through to the store.
 */
class PromptLibraryModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        DescriptionRole,
        FolderRole,
        TagsRole,
        FavouriteRole,
        LatestVersionRole,
        UpdatedAtRole,
    };
    Q_ENUM(Role)

    /** @p store must outlive the model and belong to the model's thread. */
    explicit PromptLibraryModel(PromptStore &store, QObject *parent = nullptr);
    ~PromptLibraryModel() override;
    Q_DISABLE_COPY_MOVE(PromptLibraryModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    PromptFilter filter() const { return m_filter; }
    void setFilter(const PromptFilter &filter);
    /** Reloads from the store, keeping rows that did not change. */
    void refresh();
    /** The row of a prompt, or -1. */
    int rowOf(qint64 promptId) const;
    Prompt promptAt(int row) const;

Q_SIGNALS:
    void filterChanged();
    /** Loading or writing failed; the model keeps what it showed. */
    void failed(const Juxta::StorageError &error);

private:
    PromptStore &m_store;
    PromptFilter m_filter;
    QList<Prompt> m_prompts;
};

} // namespace Juxta
