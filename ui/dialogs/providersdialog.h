// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/catalog/presetcatalog.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;

namespace Juxta {
class ApiKeys;
class AppSettings;
class KeyStore;
struct KeyStoreResult;
struct ResolvedKey;
namespace Providers {
class ModelListing;
class Provider;
struct ProviderError;
struct ModelInfo;
} // namespace Providers
} // namespace Juxta

namespace Juxta::Ui {

/**
 * The provider presets: each one's endpoint and where its key comes from. The user can point a
 * preset at another base URL, add and name their own OpenAI-compatible endpoints, store or forget
 * a key (only ever in the keychain, through KeyStore) and test a connection, which asks the
 * endpoint for its models with the key typed in or the one already stored.
 */
class ProvidersDialog : public QDialog
{
    Q_OBJECT

public:
    /**
     * @p catalog is the built-in catalog (environment overrides applied); the user's changes from
     * @p settings are applied on top. The other objects must outlive the dialog.
     */
    ProvidersDialog(const PresetCatalog &catalog,
        AppSettings &settings,
        KeyStore &store,
        ApiKeys &keys,
        QNetworkAccessManager &network,
        QWidget *parent = nullptr);
    ~ProvidersDialog() override;
    Q_DISABLE_COPY_MOVE(ProvidersDialog)

    /** Selects the preset @p presetId; false when there is none. */
    bool selectPreset(const QString &presetId);
    QString currentPresetId() const;

Q_SIGNALS:
    /** A key was stored or forgotten. */
    void keysChanged();

private:
    void rebuild();
    void showPreset();
    void commitBaseUrl();
    void commitDisplayName();
    void addCustomPreset();
    void removeCustomPreset();
    void saveKey();
    void forgetKey();
    void testConnection();
    void startTest(const Providers::ProviderPreset &preset, const QString &key);
    void keyResolved(const QString &presetId, const ResolvedKey &key);
    void keyWritten(const QString &presetId, const KeyStoreResult &result);
    void keyRemoved(const QString &presetId, const KeyStoreResult &result);
    /** What a keychain write or removal means for the dialog; @p failure has one %1 for the reason. */
    void keyStoreFinished(const QString &presetId, const KeyStoreResult &result, const QString &failure);
    void modelsListed(const QList<Providers::ModelInfo> &models);
    void listingFailed(const Providers::ProviderError &error);
    bool isCustom(const QString &presetId) const;
    const Providers::ProviderPreset *currentPreset() const;

    PresetCatalog m_builtIn;
    PresetCatalog m_catalog;
    AppSettings &m_settings;
    KeyStore &m_store;
    ApiKeys &m_keys;
    QNetworkAccessManager &m_network;

    QListWidget *m_list = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLineEdit *m_displayName = nullptr;
    QLabel *m_family = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLabel *m_baseUrlError = nullptr;
    QLabel *m_keyStatus = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_saveKey = nullptr;
    QPushButton *m_forgetKey = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testStatus = nullptr;
    QListWidget *m_models = nullptr;

    /** The preset whose stored key a test waits for. */
    QString m_testWaitingForKey;
    std::unique_ptr<Providers::Provider> m_testProvider;
    QPointer<Providers::ModelListing> m_listing;
};

} // namespace Juxta::Ui
