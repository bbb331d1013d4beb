// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/appsettings.h"

#include "app/catalog/presetcatalog.h"
#include "app/storage/datadirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

const QString ThemeKey = u"appearance/theme"_s;
const QString FontKey = u"appearance/fontPointSize"_s;
const QString ProxyKey = u"network/proxy"_s;
const QString TimeoutsGroup = u"network/timeouts"_s;
const QString DataFolderKey = u"storage/dataFolder"_s;
const QString LocalGroup = u"local"_s;
const QString MemoryGroup = u"local/memory"_s;
// One JSON object keyed by file path: paths hold slashes, which QSettings would read as groups.
const QString PerModelKey = u"local/perModel"_s;
const QString BaseUrlGroup = u"providers/baseUrls"_s;
const QString CustomArray = u"providers/custom"_s;

QVariant optionalBool(const std::optional<bool> &value)
{
    return value ? QVariant(*value) : QVariant();
}

std::optional<bool> toOptionalBool(const QVariant &value)
{
    return value.isValid() && !value.toString().isEmpty() ? std::optional<bool>(value.toBool()) : std::nullopt;
}

QJsonObject engineToJson(const Providers::LocalEngineSettings &settings)
{
    QJsonObject json {{u"contextLength"_s, settings.contextLength},
        {u"gpuLayers"_s, settings.gpuLayers},
        {u"threads"_s, settings.threads},
        {u"batchSize"_s, settings.batchSize},
        {u"useMlock"_s, settings.useMlock}};
    if (settings.flashAttention) {
        json.insert(u"flashAttention"_s, *settings.flashAttention);
    }
    if (settings.useMmap) {
        json.insert(u"useMmap"_s, *settings.useMmap);
    }
    return json;
}

Providers::LocalEngineSettings engineFromJson(const QJsonObject &json)
{
    Providers::LocalEngineSettings settings;
    settings.contextLength = json.value("contextLength"_L1).toInt(settings.contextLength);
    settings.gpuLayers = json.value("gpuLayers"_L1).toInt(settings.gpuLayers);
    settings.threads = json.value("threads"_L1).toInt(settings.threads);
    settings.batchSize = json.value("batchSize"_L1).toInt(settings.batchSize);
    settings.useMlock = json.value("useMlock"_L1).toBool(settings.useMlock);
    if (json.value("flashAttention"_L1).isBool()) {
        settings.flashAttention = json.value("flashAttention"_L1).toBool();
    }
    if (json.value("useMmap"_L1).isBool()) {
        settings.useMmap = json.value("useMmap"_L1).toBool();
    }
    return settings;
}

} // namespace

AppSettings::AppSettings(const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_settings(fileName.isEmpty() ? std::make_unique<QSettings>()
                                    : std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{ }

AppSettings::~AppSettings() = default;

AppSettings::Theme AppSettings::theme() const
{
    const QString name = m_settings->value(ThemeKey).toString();
    if (name == "light"_L1) {
        return Theme::Light;
    }
    if (name == "dark"_L1) {
        return Theme::Dark;
    }
    return Theme::System;
}

void AppSettings::setTheme(Theme theme)
{
    if (theme == this->theme()) {
        return;
    }
    m_settings->setValue(ThemeKey, themeName(theme));
    Q_EMIT themeChanged();
}

QString AppSettings::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return u"light"_s;
    case Theme::Dark:
        return u"dark"_s;
    case Theme::System:
        break;
    }
    return u"system"_s;
}

int AppSettings::fontPointSize() const
{
    return std::max(0, m_settings->value(FontKey, 0).toInt());
}

void AppSettings::setFontPointSize(int points)
{
    points = std::max(0, points);
    if (points == fontPointSize()) {
        return;
    }
    m_settings->setValue(FontKey, points);
    Q_EMIT fontPointSizeChanged();
}

QString AppSettings::proxy() const
{
    return m_settings->value(ProxyKey).toString();
}

bool AppSettings::setProxy(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    const auto parsed = ProxySettings::fromString(trimmed, error);
    if (!parsed) {
        return false;
    }
    // QSettings is a plain file: a secret must never reach it.
    if (parsed->proxy() && !parsed->proxy()->password().isEmpty()) {
        if (error) {
            *error = QCoreApplication::translate("Juxta::AppSettings",
                "A proxy password would be stored in clear text, so Juxta does not keep it. Give an "
                "authenticating proxy with --proxy or the JUXTA_PROXY environment variable instead.");
        }
        return false;
    }
    if (trimmed != proxy()) {
        m_settings->setValue(ProxyKey, trimmed);
        Q_EMIT proxyChanged();
    }
    return true;
}

ProxySettings AppSettings::proxySettings() const
{
    QString error;
    // A value that no longer reads (edited by hand) falls back to the system's proxy.
    return ProxySettings::fromString(proxy(), &error).value_or(*ProxySettings::fromString({}, &error));
}

std::optional<Providers::Timeouts> AppSettings::timeouts() const
{
    if (!m_settings->contains(TimeoutsGroup + u"/connectMs"_s)) {
        return std::nullopt;
    }
    const Providers::Timeouts defaults;
    Providers::Timeouts timeouts;
    timeouts.connectMs = m_settings->value(TimeoutsGroup + u"/connectMs"_s, defaults.connectMs).toInt();
    timeouts.firstByteMs = m_settings->value(TimeoutsGroup + u"/firstByteMs"_s, defaults.firstByteMs).toInt();
    timeouts.idleMs = m_settings->value(TimeoutsGroup + u"/idleMs"_s, defaults.idleMs).toInt();
    timeouts.totalMs = m_settings->value(TimeoutsGroup + u"/totalMs"_s, defaults.totalMs).toInt();
    return timeouts;
}

void AppSettings::setTimeouts(const std::optional<Providers::Timeouts> &timeouts)
{
    const auto current = this->timeouts();
    const auto same = [](const Providers::Timeouts &a, const Providers::Timeouts &b) {
        return a.connectMs == b.connectMs && a.firstByteMs == b.firstByteMs && a.idleMs == b.idleMs
            && a.totalMs == b.totalMs;
    };
    if (current.has_value() == timeouts.has_value() && (!current || same(*current, *timeouts))) {
        return;
    }
    m_settings->remove(TimeoutsGroup);
    if (timeouts) {
        m_settings->setValue(TimeoutsGroup + u"/connectMs"_s, timeouts->connectMs);
        m_settings->setValue(TimeoutsGroup + u"/firstByteMs"_s, timeouts->firstByteMs);
        m_settings->setValue(TimeoutsGroup + u"/idleMs"_s, timeouts->idleMs);
        m_settings->setValue(TimeoutsGroup + u"/totalMs"_s, timeouts->totalMs);
    }
    Q_EMIT timeoutsChanged();
}

QString AppSettings::dataFolder() const
{
    return m_settings->value(DataFolderKey).toString();
}

void AppSettings::setDataFolder(const QString &folder)
{
    const QString cleaned = folder.trimmed().isEmpty() ? QString() : QDir::cleanPath(folder.trimmed());
    if (cleaned == dataFolder()) {
        return;
    }
    m_settings->setValue(DataFolderKey, cleaned);
    Q_EMIT dataFolderChanged();
}

QString AppSettings::resolveDataFolder(const QProcessEnvironment &environment) const
{
    if (environment.value(u"JUXTA_DATA_DIR"_s).isEmpty() && !dataFolder().isEmpty()) {
        return dataFolder();
    }
    return DataDirectory::resolve(environment);
}

Providers::LocalEngineSettings AppSettings::localEngineSettings() const
{
    Providers::LocalEngineSettings settings;
    m_settings->beginGroup(LocalGroup);
    settings.contextLength = m_settings->value(u"contextLength"_s, settings.contextLength).toInt();
    settings.gpuLayers = m_settings->value(u"gpuLayers"_s, settings.gpuLayers).toInt();
    settings.threads = m_settings->value(u"threads"_s, settings.threads).toInt();
    settings.batchSize = m_settings->value(u"batchSize"_s, settings.batchSize).toInt();
    settings.flashAttention = toOptionalBool(m_settings->value(u"flashAttention"_s));
    settings.useMmap = toOptionalBool(m_settings->value(u"useMmap"_s));
    settings.useMlock = m_settings->value(u"useMlock"_s, false).toBool();
    m_settings->endGroup();
    return settings;
}

void AppSettings::setLocalEngineSettings(const Providers::LocalEngineSettings &settings)
{
    if (settings == localEngineSettings()) {
        return;
    }
    m_settings->beginGroup(LocalGroup);
    m_settings->setValue(u"contextLength"_s, settings.contextLength);
    m_settings->setValue(u"gpuLayers"_s, settings.gpuLayers);
    m_settings->setValue(u"threads"_s, settings.threads);
    m_settings->setValue(u"batchSize"_s, settings.batchSize);
    m_settings->setValue(u"flashAttention"_s, optionalBool(settings.flashAttention));
    m_settings->setValue(u"useMmap"_s, optionalBool(settings.useMmap));
    m_settings->setValue(u"useMlock"_s, settings.useMlock);
    m_settings->endGroup();
    Q_EMIT localEngineSettingsChanged();
}

std::optional<Providers::LocalEngineSettings> AppSettings::modelEngineSettings(const QString &path) const
{
    const QHash<QString, Providers::LocalEngineSettings> all = allModelEngineSettings();
    const auto it = all.constFind(path);
    return it != all.cend() ? std::optional(*it) : std::nullopt;
}

void AppSettings::setModelEngineSettings(const QString &path,
    const std::optional<Providers::LocalEngineSettings> &settings)
{
    QHash<QString, Providers::LocalEngineSettings> all = allModelEngineSettings();
    const auto it = all.constFind(path);
    const std::optional<Providers::LocalEngineSettings> old = it != all.cend() ? std::optional(*it) : std::nullopt;
    if (old == settings) {
        return;
    }
    if (settings) {
        all.insert(path, *settings);
    } else {
        all.remove(path);
    }
    writeModelEngineSettings(all);
    Q_EMIT modelEngineSettingsChanged(path);
}

QHash<QString, Providers::LocalEngineSettings> AppSettings::allModelEngineSettings() const
{
    QHash<QString, Providers::LocalEngineSettings> all;
    const QJsonObject json = QJsonDocument::fromJson(m_settings->value(PerModelKey).toByteArray()).object();
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.value().isObject()) {
            all.insert(it.key(), engineFromJson(it.value().toObject()));
        }
    }
    return all;
}

void AppSettings::writeModelEngineSettings(const QHash<QString, Providers::LocalEngineSettings> &all)
{
    if (all.isEmpty()) {
        m_settings->remove(PerModelKey);
        return;
    }
    QJsonObject json;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        json.insert(it.key(), engineToJson(it.value()));
    }
    m_settings->setValue(PerModelKey, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
}

Providers::LocalMemoryPolicy AppSettings::localMemoryPolicy() const
{
    Providers::LocalMemoryPolicy policy;
    m_settings->beginGroup(MemoryGroup);
    policy.budgetBytes = std::max<qint64>(0, m_settings->value(u"budgetBytes"_s, 0).toLongLong());
    policy.maxLoadedModels = std::max(0, m_settings->value(u"maxLoadedModels"_s, 0).toInt());
    policy.idleUnloadMs = std::max(0, m_settings->value(u"idleUnloadMs"_s, 0).toInt());
    m_settings->endGroup();
    return policy;
}

void AppSettings::setLocalMemoryPolicy(const Providers::LocalMemoryPolicy &policy)
{
    Providers::LocalMemoryPolicy kept;
    kept.budgetBytes = std::max<qint64>(0, policy.budgetBytes);
    kept.maxLoadedModels = std::max(0, policy.maxLoadedModels);
    kept.idleUnloadMs = std::max(0, policy.idleUnloadMs);
    if (kept == localMemoryPolicy()) {
        return;
    }
    m_settings->beginGroup(MemoryGroup);
    m_settings->setValue(u"budgetBytes"_s, kept.budgetBytes);
    m_settings->setValue(u"maxLoadedModels"_s, kept.maxLoadedModels);
    m_settings->setValue(u"idleUnloadMs"_s, kept.idleUnloadMs);
    m_settings->endGroup();
    Q_EMIT localMemoryPolicyChanged();
}

QUrl AppSettings::baseUrlOverride(const QString &presetId) const
{
    return QUrl(m_settings->value(BaseUrlGroup + u'/' + presetId).toString(), QUrl::StrictMode);
}

void AppSettings::setBaseUrlOverride(const QString &presetId, const QUrl &url)
{
    if (url == baseUrlOverride(presetId)) {
        return;
    }
    if (url.isEmpty()) {
        m_settings->remove(BaseUrlGroup + u'/' + presetId);
    } else {
        m_settings->setValue(BaseUrlGroup + u'/' + presetId, url.toString());
    }
    Q_EMIT presetsChanged();
}

QList<AppSettings::CustomPreset> AppSettings::customPresets() const
{
    QList<CustomPreset> presets;
    const int size = m_settings->beginReadArray(CustomArray);
    for (int i = 0; i < size; ++i) {
        m_settings->setArrayIndex(i);
        presets.append({m_settings->value(u"id"_s).toString(),
            m_settings->value(u"name"_s).toString(),
            QUrl(m_settings->value(u"baseUrl"_s).toString(), QUrl::StrictMode)});
    }
    m_settings->endArray();
    return presets;
}

void AppSettings::setCustomPreset(const CustomPreset &preset)
{
    QList<CustomPreset> presets = customPresets();
    const auto it = std::find_if(presets.begin(), presets.end(), [&](const CustomPreset &existing) {
        return existing.id == preset.id;
    });
    if (it != presets.end()) {
        if (*it == preset) {
            return;
        }
        *it = preset;
    } else {
        presets.append(preset);
    }
    writeCustomPresets(presets);
    Q_EMIT presetsChanged();
}

void AppSettings::removeCustomPreset(const QString &id)
{
    QList<CustomPreset> presets = customPresets();
    const auto removed = presets.removeIf([&](const CustomPreset &preset) {
        return preset.id == id;
    });
    if (removed == 0) {
        return;
    }
    writeCustomPresets(presets);
    m_settings->remove(BaseUrlGroup + u'/' + id);
    Q_EMIT presetsChanged();
}

void AppSettings::writeCustomPresets(const QList<CustomPreset> &presets)
{
    m_settings->remove(CustomArray);
    m_settings->beginWriteArray(CustomArray, int(presets.size()));
    for (int i = 0; i < presets.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(u"id"_s, presets.at(i).id);
        m_settings->setValue(u"name"_s, presets.at(i).displayName);
        m_settings->setValue(u"baseUrl"_s, presets.at(i).baseUrl.toString());
    }
    m_settings->endArray();
}

QString AppSettings::newCustomPresetId() const
{
    const QList<CustomPreset> presets = customPresets();
    for (int n = 1;; ++n) {
        const QString id = u"custom-%1"_s.arg(n);
        const bool taken = std::any_of(presets.begin(), presets.end(), [&](const CustomPreset &preset) {
            return preset.id == id;
        });
        if (!taken) {
            return id;
        }
    }
}

void AppSettings::applyTo(PresetCatalog &catalog, const QProcessEnvironment &environment) const
{
    if (const Providers::ProviderPreset *templatePreset = catalog.find(u"custom"_s)) {
        const Providers::ProviderPreset base = *templatePreset;
        for (const CustomPreset &custom : customPresets()) {
            Providers::ProviderPreset preset = base;
            preset.id = custom.id;
            preset.displayName = custom.displayName;
            preset.baseUrl = custom.baseUrl;
            preset.baseUrlIsTemplate = false;
            // A server of the user's own: no well-known variable, a key only if they store one.
            preset.keyEnvironmentVariable.clear();
            preset.keyRequired = false;
            catalog.add(preset);
        }
    }
    QStringList ids;
    for (const Providers::ProviderPreset &preset : catalog.presets()) {
        ids.append(preset.id);
    }
    for (const QString &id : std::as_const(ids)) {
        const QUrl url = baseUrlOverride(id);
        if (!url.isEmpty() && environment.value(PresetCatalog::baseUrlVariable(id)).isEmpty()) {
            catalog.overrideBaseUrl(id, url);
        }
    }
    if (const auto timeouts = this->timeouts()) {
        catalog.setTimeouts(*timeouts);
    }
}

} // namespace Juxta
