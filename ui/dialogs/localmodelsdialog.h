// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/models/startermodels.h"

#include <QDialog>
#include <QHash>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QVBoxLayout;

namespace Juxta {
class AppSettings;
class ModelLibrary;
namespace Providers {
class LocalLlamaProvider;
class LlamaModelHost;
} // namespace Providers
} // namespace Juxta

namespace Juxta::Ui {

class DownloadRow;
class EngineSettingsForm;

/**
 * The local model library: every GGUF with what its header says (architecture, parameters,
 * quantisation, context), adding a file (copied, or referenced where it is), downloads by URL
 * with progress, pause, resume and cancel, loading and unloading a model in the embedded engine,
 * and the engine's settings for the models it loads next: shared by every model, or a model's own.
 */
class LocalModelsDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        ArchitectureColumn,
        ParametersColumn,
        QuantisationColumn,
        ContextColumn,
        SizeColumn,
        StateColumn
    };

    /**
     * @p engine may be null (no load/unload then). Everything passed must outlive the dialog.
     */
    LocalModelsDialog(ModelLibrary &library,
        QNetworkAccessManager &network,
        AppSettings &settings,
        Providers::LocalLlamaProvider *engine,
        QWidget *parent = nullptr);
    ~LocalModelsDialog() override;
    Q_DISABLE_COPY_MOVE(LocalModelsDialog)

    /** Rescans the library folder. */
    void refresh();
    /** Adds a GGUF file to the library; false with the reason shown when it cannot. */
    bool addFile(const QString &path, bool reference);
    /** Starts downloading @p url into the library; nullptr with the reason shown when it cannot. */
    DownloadRow *startDownload(const QUrl &url, const QByteArray &sha256 = {});
    /** Downloads the starter model @p id (see StarterModels), checked against its SHA-256 when known. */
    DownloadRow *downloadStarter(const QString &id);
    /** Selects the model named @p name; false when the library has none. */
    bool selectModel(const QString &name);
    void loadSelected();
    void unloadSelected();

    QTreeWidget *modelList() const { return m_models; }
    QString messageText() const;

Q_SIGNALS:
    /** The library gained or lost a model. */
    void libraryChanged();

private:
    void chooseFile();
    void downloadFromFields();
    void updateButtons();
    void updateState(const QString &path);
    void saveEngineSettings();
    /** Shows the selected model's own engine settings, or the shared ones it follows. */
    void showEngineSettings();
    void setOwnSettings(bool own);
    void showMessage(const QString &text);
    QString selectedPath() const;

    ModelLibrary &m_library;
    QNetworkAccessManager &m_network;
    AppSettings &m_settings;
    QPointer<Providers::LocalLlamaProvider> m_engine;
    /** Models this dialog loaded, by path. */
    QHash<QString, QPointer<Providers::LlamaModelHost>> m_hosts;

    QTreeWidget *m_models = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_addFile = nullptr;
    QCheckBox *m_reference = nullptr;
    QPushButton *m_load = nullptr;
    QPushButton *m_unload = nullptr;
    StarterModels m_starters;
    QComboBox *m_starterList = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_sha256 = nullptr;
    QPushButton *m_download = nullptr;
    QVBoxLayout *m_downloads = nullptr;
    QGroupBox *m_engineGroup = nullptr;
    QCheckBox *m_ownSettings = nullptr;
    EngineSettingsForm *m_engineForm = nullptr;
};

} // namespace Juxta::Ui
