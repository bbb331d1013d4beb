// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerpreset.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace Juxta {

/**
 * The provider presets Juxta knows: the catalog shipped in resources/providers.json, with
 * base URLs redirected where the user or the environment asks (JUXTA_<ID>_BASE_URL, the id
 * upper-cased with '-' as '_'), so gateways, proxies and tests can stand in for a provider.
 */
class PresetCatalog
{
public:
    /** Parses a catalog document; on failure returns nothing and sets @p error. */
    static std::optional<PresetCatalog> fromJson(const QByteArray &json, QString *error);
    /** The catalog built into Juxta, with overrides from @p environment applied. */
    static PresetCatalog builtIn(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    const QList<Providers::ProviderPreset> &presets() const { return m_presets; }
    const Providers::ProviderPreset *find(const QString &id) const;

    /** Adds a preset (a user's custom endpoint). Returns false when its id is taken or empty. */
    bool add(const Providers::ProviderPreset &preset);
    /** Gives every preset that talks HTTP the same deadlines (the user's Preferences). */
    void setTimeouts(const Providers::Timeouts &timeouts);
    /** Points a preset at another base URL. Returns false when the id or the URL is not valid. */
    bool overrideBaseUrl(const QString &id, const QUrl &url);
    /** Applies JUXTA_<ID>_BASE_URL variables; returns a message for each that is not a valid URL. */
    QStringList applyEnvironment(const QProcessEnvironment &environment);
    static QString baseUrlVariable(const QString &presetId);

private:
    QList<Providers::ProviderPreset> m_presets;
};

} // namespace Juxta
