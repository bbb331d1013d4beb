// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/secrets/apikeys.h"
#include "providers/providerpreset.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QSet>

namespace Juxta {

/**
 * Which provider presets have a key, and where it comes from (keychain, environment variable,
 * this session), as a list for views: the providers panel and the first-run check. The keys
 * themselves are never held or shown, only their source.
 */
class KeyOverview : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        PresetIdRole = Qt::UserRole + 1,
        KeySourceRole,
        KeyRequiredRole,
        EnvironmentVariableRole,
        /** True once the first resolution of this preset arrived. */
        ResolvedRole,
    };
    Q_ENUM(Role)

    /** @p keys must outlive the model. */
    explicit KeyOverview(ApiKeys &keys, QObject *parent = nullptr);
    ~KeyOverview() override;
    Q_DISABLE_COPY_MOVE(KeyOverview)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Lists @p presets (the local engine left out) and looks up each one's key again. */
    void setPresets(const QList<Providers::ProviderPreset> &presets);
    /** Looks up every preset's key again; ends with refreshed(). */
    void refresh();
    bool isRefreshing() const { return !m_waiting.isEmpty(); }

    /** True when some preset that needs a key has one, from anywhere. */
    bool hasAnyKey() const;
    /** True when some preset has a key the user stored (keychain, or this session's memory). */
    bool hasStoredKey() const;
    /** The presets whose key comes from an environment variable. */
    QStringList presetsWithEnvironmentKeys() const;
    KeySource source(const QString &presetId) const;
    QString environmentVariable(const QString &presetId) const;

Q_SIGNALS:
    /** Every preset's key was looked up after refresh() or setPresets(). */
    void refreshed();

private:
    struct Row
    {
        Providers::ProviderPreset preset;
        KeySource source = KeySource::None;
        bool resolved = false;
    };

    void keyResolved(const QString &presetId, const ResolvedKey &key);

    QPointer<ApiKeys> m_keys;
    QList<Row> m_rows;
    QSet<QString> m_waiting;
};

} // namespace Juxta
