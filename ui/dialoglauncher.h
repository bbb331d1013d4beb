// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/catalog/presetcatalog.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QWidget;

namespace Juxta {
class ApiKeys;
class AppSettings;
class KeyStore;
class ModelLibrary;
namespace Providers {
class LocalLlamaProvider;
}
} // namespace Juxta

namespace Juxta::Ui {

class LocalModelsDialog;
class PreferencesDialog;
class ProvidersDialog;

/**
 * Opens the Providers, Local models and Preferences dialogs for a window: one of each at a time,
 * window-modal-free so the workspace stays usable, raised again when asked twice. Also opens a
 * GGUF file into the model library.
 */
class DialogLauncher : public QObject
{
    Q_OBJECT

public:
    /** What the dialogs work on; every pointer but engine is required and must outlive the launcher. */
    struct Services
    {
        PresetCatalog catalog;
        AppSettings *settings = nullptr;
        KeyStore *keyStore = nullptr;
        ApiKeys *apiKeys = nullptr;
        QNetworkAccessManager *network = nullptr;
        ModelLibrary *library = nullptr;
        /** The embedded engine, for load/unload; may be null. */
        Providers::LocalLlamaProvider *engine = nullptr;
    };

    DialogLauncher(const Services &services, QWidget *window);
    ~DialogLauncher() override;
    Q_DISABLE_COPY_MOVE(DialogLauncher)

    ProvidersDialog *showProviders(const QString &presetId = {});
    LocalModelsDialog *showLocalModels();
    PreferencesDialog *showPreferences();
    /** Asks for a GGUF file and adds it to the library where it is. */
    void openModelFile();
    /** Adds @p path to the library by reference; false with a message box when it is not a model. */
    bool addModelFile(const QString &path);

Q_SIGNALS:
    /** A key was stored or forgotten in the Providers dialog. */
    void keysChanged();
    /** The model library gained a model. */
    void libraryChanged();

private:
    Services m_services;
    QWidget *m_window;
    QPointer<ProvidersDialog> m_providers;
    QPointer<LocalModelsDialog> m_localModels;
    QPointer<PreferencesDialog> m_preferences;
};

} // namespace Juxta::Ui
