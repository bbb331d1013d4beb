// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/catalog/presetcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCatalog, "juxta.catalog", QtInfoMsg)

namespace Juxta {

std::optional<PresetCatalog> PresetCatalog::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        if (error) {
            *error = u"the provider catalog is not valid JSON: %1"_s.arg(parseError.errorString());
        }
        return std::nullopt;
    }
    PresetCatalog catalog;
    for (const QJsonValue &value : document.object().value("presets"_L1).toArray()) {
        auto preset = Providers::ProviderPreset::fromJson(value.toObject(), error);
        if (!preset) {
            return std::nullopt;
        }
        if (catalog.find(preset->id)) {
            if (error) {
                *error = u"the provider catalog has two presets with the id %1"_s.arg(preset->id);
            }
            return std::nullopt;
        }
        catalog.m_presets.append(*preset);
    }
    return catalog;
}

PresetCatalog PresetCatalog::builtIn(const QProcessEnvironment &environment)
{
    QFile file(u":/juxta/providers.json"_s);
    QString error;
    std::optional<PresetCatalog> catalog;
    if (file.open(QIODevice::ReadOnly)) {
        catalog = fromJson(file.readAll(), &error);
    }
    // The built-in catalog is part of the program, so a broken one is a build defect.
    Q_ASSERT_X(catalog, "PresetCatalog::builtIn", qPrintable(error));
    if (!catalog) {
        qCCritical(lcCatalog) << "the built-in provider catalog is broken:" << error;
        return {};
    }
    for (const QString &problem : catalog->applyEnvironment(environment)) {
        qCWarning(lcCatalog).noquote() << problem;
    }
    return *catalog;
}

const Providers::ProviderPreset *PresetCatalog::find(const QString &id) const
{
    for (const Providers::ProviderPreset &preset : m_presets) {
        if (preset.id == id) {
            return &preset;
        }
    }
    return nullptr;
}

bool PresetCatalog::add(const Providers::ProviderPreset &preset)
{
    if (preset.id.isEmpty() || find(preset.id)) {
        return false;
    }
    m_presets.append(preset);
    return true;
}

void PresetCatalog::setTimeouts(const Providers::Timeouts &timeouts)
{
    for (Providers::ProviderPreset &preset : m_presets) {
        if (preset.family != Providers::WireFamily::Local) {
            preset.timeouts = timeouts;
        }
    }
}

bool PresetCatalog::overrideBaseUrl(const QString &id, const QUrl &url)
{
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()) {
        return false;
    }
    for (Providers::ProviderPreset &preset : m_presets) {
        if (preset.id == id) {
            preset.baseUrl = url;
            preset.baseUrlIsTemplate = false;
            return true;
        }
    }
    return false;
}

QString PresetCatalog::baseUrlVariable(const QString &presetId)
{
    return u"JUXTA_%1_BASE_URL"_s.arg(presetId.toUpper().replace(u'-', u'_'));
}

QStringList PresetCatalog::applyEnvironment(const QProcessEnvironment &environment)
{
    QStringList problems;
    for (const Providers::ProviderPreset &preset : std::as_const(m_presets)) {
        const QString variable = baseUrlVariable(preset.id);
        const QString value = environment.value(variable);
        if (!value.isEmpty() && !overrideBaseUrl(preset.id, QUrl(value, QUrl::StrictMode))) {
            problems.append(u"%1 is not an http(s) URL: %2"_s.arg(variable, value));
        }
    }
    return problems;
}

} // namespace Juxta
