// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/secrets/keyoverview.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta {

KeyOverview::KeyOverview(ApiKeys &keys, QObject *parent)
    : QAbstractListModel(parent)
    , m_keys(&keys)
{
    connect(&keys, &ApiKeys::resolved, this, &KeyOverview::keyResolved);
}

KeyOverview::~KeyOverview() = default;

int KeyOverview::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant KeyOverview::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.preset.displayName;
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
        if (!row.resolved) {
            return tr("Looking for a key…");
        }
        if (row.source == KeySource::None) {
            return row.preset.keyRequired ? tr("No key") : tr("No key needed");
        }
        if (row.source == KeySource::Environment) {
            return tr("Key from %1").arg(row.preset.keyEnvironmentVariable);
        }
        return tr("Key %1").arg(ApiKeys::describe(row.source));
    case PresetIdRole:
        return row.preset.id;
    case KeySourceRole:
        return int(row.source);
    case KeyRequiredRole:
        return row.preset.keyRequired;
    case EnvironmentVariableRole:
        return row.preset.keyEnvironmentVariable;
    case ResolvedRole:
        return row.resolved;
    default:
        return {};
    }
}

QHash<int, QByteArray> KeyOverview::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(PresetIdRole, "presetId");
    names.insert(KeySourceRole, "keySource");
    names.insert(KeyRequiredRole, "keyRequired");
    names.insert(EnvironmentVariableRole, "environmentVariable");
    names.insert(ResolvedRole, "resolved");
    return names;
}

void KeyOverview::setPresets(const QList<Providers::ProviderPreset> &presets)
{
    beginResetModel();
    m_rows.clear();
    for (const Providers::ProviderPreset &preset : presets) {
        if (preset.family != Providers::WireFamily::Local) {
            m_rows.append({preset});
        }
    }
    endResetModel();
    refresh();
}

void KeyOverview::refresh()
{
    if (!m_keys || m_rows.isEmpty()) {
        m_waiting.clear();
        Q_EMIT refreshed();
        return;
    }
    for (const Row &row : std::as_const(m_rows)) {
        m_waiting.insert(row.preset.id);
    }
    for (const Row &row : std::as_const(m_rows)) {
        m_keys->resolve(row.preset.id, row.preset.keyEnvironmentVariable);
    }
}

void KeyOverview::keyResolved(const QString &presetId, const ResolvedKey &key)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (row.preset.id != presetId) {
            continue;
        }
        row.source = key.source;
        row.resolved = true;
        const QModelIndex changed = index(i);
        Q_EMIT dataChanged(changed,
            changed,
            {Qt::ToolTipRole, Qt::AccessibleDescriptionRole, KeySourceRole, ResolvedRole});
    }
    if (m_waiting.remove(presetId) && m_waiting.isEmpty()) {
        Q_EMIT refreshed();
    }
}

bool KeyOverview::hasAnyKey() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.preset.keyRequired && row.source != KeySource::None;
    });
}

bool KeyOverview::hasStoredKey() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return row.source == KeySource::Keychain || row.source == KeySource::SessionMemory;
    });
}

QStringList KeyOverview::presetsWithEnvironmentKeys() const
{
    QStringList ids;
    for (const Row &row : m_rows) {
        if (row.source == KeySource::Environment) {
            ids.append(row.preset.id);
        }
    }
    return ids;
}

QString KeyOverview::environmentVariable(const QString &presetId) const
{
    for (const Row &row : m_rows) {
        if (row.preset.id == presetId) {
            return row.preset.keyEnvironmentVariable;
        }
    }
    return {};
}

KeySource KeyOverview::source(const QString &presetId) const
{
    for (const Row &row : m_rows) {
        if (row.preset.id == presetId) {
            return row.source;
        }
    }
    return KeySource::None;
}

} // namespace Juxta
