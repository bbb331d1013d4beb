// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QNetworkAccessManager;
class QSettings;

namespace Juxta {
class ApiKeys;
class AppSettings;
class KeyStore;
class PresetCatalog;
class PromptStore;
class RunStore;
} // namespace Juxta

namespace Juxta::Ui {

/**
 * The application objects the main window works with, made once by the composition root
 * (app/main.cpp, or a test) and outliving the window. Nothing here is a singleton.
 */
struct WorkspaceServices
{
    const PresetCatalog *catalog = nullptr;
    QNetworkAccessManager *network = nullptr;
    /** Where window geometry, the panes and the composer's system prompt are kept. */
    QSettings *settings = nullptr;
    /** Finds each preset's key (keychain, then environment); null: no keys, key-less presets only. */
    ApiKeys *apiKeys = nullptr;
    /** Watched so a key written or removed elsewhere (the Providers dialog) takes effect at once. */
    KeyStore *keyStore = nullptr;
    /** Where every prompt sent to all panes is recorded once its panes have answered; null: not recorded. */
    RunStore *runStore = nullptr;
    /** The GGUF model folder offered to local panes; empty: the library's default folder. */
    QString modelsFolder;
    /** False: local models are not scanned (tests that do not need them). */
    bool scanLocalModels = true;
    /** The user's preferences and preset changes; null: no Providers, Local models or Preferences dialog. */
    AppSettings *appSettings = nullptr;
    /** The prompt library the side bar shows; with runStore and keyStore, null: no side bar. */
    PromptStore *promptStore = nullptr;
    /** Show the welcome view instead of the workspace while no key is stored and no model is in the library. */
    bool firstRunWelcome = false;
};

} // namespace Juxta::Ui
