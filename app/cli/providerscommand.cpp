// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/providerscommand.h"

#include "app/catalog/presetcatalog.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

ProvidersCommand::ProvidersCommand(
    const PresetCatalog &catalog, CompareCommand::KeyLookup keys, CompareCommand::KeyLookup keySource)
    : m_catalog(catalog)
    , m_keys(std::move(keys))
    , m_keySource(std::move(keySource))
{ }

int ProvidersCommand::run(const QStringList &arguments)
{
    const bool json = arguments.contains(u"--json"_s);
    QJsonArray list;
    QString text;
    qsizetype idWidth = 2;
    for (const auto &preset : m_catalog.presets()) {
        idWidth = std::max(idWidth, preset.id.size());
    }
    for (const auto &preset : m_catalog.presets()) {
        const bool needsKey = preset.keyRequired;
        const bool hasKey = !m_keys(preset.id).isEmpty();
        QString key = !needsKey ? u"no key needed"_s : hasKey ? u"key %1"_s.arg(m_keySource(preset.id)) : u"no key"_s;
        if (needsKey && !hasKey && !preset.keyEnvironmentVariable.isEmpty()) {
            key += u" (set %1 or run: juxta-cli keys set %2)"_s.arg(preset.keyEnvironmentVariable, preset.id);
        }
        const QString endpoint = preset.family == Providers::WireFamily::Local
            ? u"in-process; models: juxta-cli models local"_s
            : preset.baseUrlIsTemplate
            ? u"%1 (set %2)"_s.arg(preset.baseUrl.toString(), PresetCatalog::baseUrlVariable(preset.id))
            : preset.baseUrl.toString();
        text += u"%1  %2\n%3  %4 · %5\n%3  %6\n"_s.arg(preset.id.leftJustified(idWidth),
            preset.displayName,
            QString(idWidth, u' '),
            Providers::ProviderPreset::familyName(preset.family),
            endpoint,
            key);
        list.append(QJsonObject {
            {u"id"_s, preset.id},
            {u"name"_s, preset.displayName},
            {u"family"_s, Providers::ProviderPreset::familyName(preset.family)},
            {u"base_url"_s, preset.baseUrl.toString()},
            {u"base_url_needs_editing"_s, preset.baseUrlIsTemplate},
            {u"key_configured"_s, !needsKey || hasKey},
            {u"key_env"_s, preset.keyEnvironmentVariable},
            {u"default_model"_s, preset.defaultModel},
        });
    }
    const QByteArray out = json ? QJsonDocument(QJsonObject {{u"providers"_s, list}}).toJson() : text.toUtf8();
    std::fputs(out.constData(), stdout);
    return 0;
}

} // namespace Juxta
