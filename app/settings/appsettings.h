// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/proxysettings.h"
#include "providers/local/localenginesettings.h"
#include "providers/local/localmemorypolicy.h"
#include "providers/providerpreset.h"

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QSettings;

namespace Juxta {

class PresetCatalog;

/**
 * The user's preferences, kept with QSettings: theme, font size, proxy, request timeouts, the
 * data folder, the embedded engine's settings and memory limits, and what the user changed about provider presets
 * (base URLs, custom OpenAI-compatible endpoints). API keys are never kept here: they belong to
 * KeyStore.
 *
 * Every setter writes through at once and emits changed() only when the value differs.
 */
class AppSettings : public QObject
{
    Q_OBJECT

public:
    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)

    /** A custom endpoint the user added: an OpenAI-compatible server under a name of their choice. */
    struct CustomPreset
    {
        QString id;
        QString displayName;
        QUrl baseUrl;
        bool operator==(const CustomPreset &) const = default;
    };

    /** @p fileName: an INI file (tests, portable use); empty uses the application's QSettings. */
    explicit AppSettings(const QString &fileName = {}, QObject *parent = nullptr);
    ~AppSettings() override;
    Q_DISABLE_COPY_MOVE(AppSettings)

    Theme theme() const;
    void setTheme(Theme theme);
    /** The font size in points; 0 keeps the platform's. */
    int fontPointSize() const;
    void setFontPointSize(int points);

    /** As the user wrote it ("" for the system proxy, "none", "http://host:port"…). */
    QString proxy() const;
    /** Stores @p text when ProxySettings can read it; otherwise sets @p error and keeps the old value. */
    bool setProxy(const QString &text, QString *error);
    ProxySettings proxySettings() const;

    /** The deadlines every provider request uses; unset keeps each preset's own. */
    std::optional<Providers::Timeouts> timeouts() const;
    void setTimeouts(const std::optional<Providers::Timeouts> &timeouts);

    /** The folder of the database chosen in Preferences; empty for the default. Used from the next start. */
    QString dataFolder() const;
    void setDataFolder(const QString &folder);
    /** Where the database lives: `--data-dir` and JUXTA_DATA_DIR first, then dataFolder(), then the default. */
    QString resolveDataFolder(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const;

    Providers::LocalEngineSettings localEngineSettings() const;
    void setLocalEngineSettings(const Providers::LocalEngineSettings &settings);
    /** The settings the user gave the model in file @p path, in place of localEngineSettings(); none if it follows
     * them. */
    std::optional<Providers::LocalEngineSettings> modelEngineSettings(const QString &path) const;
    /** None makes the model follow localEngineSettings() again. */
    void setModelEngineSettings(const QString &path, const std::optional<Providers::LocalEngineSettings> &settings);
    /** Every model with settings of its own, by file path. */
    QHash<QString, Providers::LocalEngineSettings> allModelEngineSettings() const;

    /** When the embedded engine unloads models by itself; every limit off (0) by default. */
    Providers::LocalMemoryPolicy localMemoryPolicy() const;
    /** Negative figures are taken as 0 (no limit). */
    void setLocalMemoryPolicy(const Providers::LocalMemoryPolicy &policy);

    /** The base URL the user gave a built-in preset; empty when they did not. */
    QUrl baseUrlOverride(const QString &presetId) const;
    /** An empty URL forgets the override. */
    void setBaseUrlOverride(const QString &presetId, const QUrl &url);

    QList<CustomPreset> customPresets() const;
    /** Adds or replaces (same id) a custom endpoint. */
    void setCustomPreset(const CustomPreset &preset);
    void removeCustomPreset(const QString &id);
    /** A fresh id for a new custom endpoint: "custom-1", "custom-2"… */
    QString newCustomPresetId() const;

    /**
     * Applies what the user changed to @p catalog: base URL overrides (except where a
     * JUXTA_<ID>_BASE_URL variable in @p environment already chose one), custom endpoints (made
     * from the catalog's "custom" preset) and the timeouts.
     */
    void applyTo(PresetCatalog &catalog,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const;

    static QString themeName(Theme theme);

Q_SIGNALS:
    void themeChanged();
    void fontPointSizeChanged();
    void proxyChanged();
    void timeoutsChanged();
    void dataFolderChanged();
    void localEngineSettingsChanged();
    void localMemoryPolicyChanged();
    /** The model in file @p path was given settings of its own, or follows the common ones again. */
    void modelEngineSettingsChanged(const QString &path);
    /** Base URL overrides or custom endpoints changed. */
    void presetsChanged();

private:
    void writeCustomPresets(const QList<CustomPreset> &presets);
    void writeModelEngineSettings(const QHash<QString, Providers::LocalEngineSettings> &all);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace Juxta
