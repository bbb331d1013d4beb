// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/localmodelsdialog.h"

#include "app/models/modeldownload.h"
#include "app/models/modellibrary.h"
#include "app/settings/appsettings.h"
#include "providers/local/llamamodelhost.h"
#include "providers/local/localllamaprovider.h"
#include "ui/dialogs/downloadrow.h"
#include "ui/dialogs/enginesettingsform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int PathRole = Qt::UserRole + 1;

QString parameterText(qint64 count)
{
    if (count <= 0) {
        return {};
    }
    if (count >= 1'000'000'000) {
        return QLocale().toString(double(count) / 1e9, 'f', 1) + u" B"_s;
    }
    if (count >= 1'000'000) {
        return QLocale().toString(double(count) / 1e6, 'f', 1) + u" M"_s;
    }
    return QLocale().toString(count);
}

} // namespace

LocalModelsDialog::LocalModelsDialog(ModelLibrary &library,
    QNetworkAccessManager &network,
    AppSettings &settings,
    Providers::LocalLlamaProvider *engine,
    QWidget *parent)
    : QDialog(parent)
    , m_library(library)
    , m_network(network)
    , m_settings(settings)
    , m_engine(engine)
    , m_starters(StarterModels::builtIn())
{
    setWindowTitle(tr("Local models"));
    setObjectName(u"localModelsDialog"_s);

    m_models = new QTreeWidget(this);
    m_models->setRootIsDecorated(false);
    m_models->setAccessibleName(tr("Local models"));
    m_models->setHeaderLabels(
        {tr("Name"), tr("Architecture"), tr("Parameters"), tr("Quantisation"), tr("Context"), tr("Size"), tr("State")});
    m_models->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_models->header()->setStretchLastSection(false);

    m_message = new QLabel(this);
    m_message->setObjectName(u"localModelsMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_addFile = new QPushButton(tr("&Add GGUF file…"), this);
    m_addFile->setAccessibleName(tr("Add a GGUF file to the library"));
    m_reference = new QCheckBox(tr("Leave the file &where it is"), this);
    m_reference->setAccessibleName(tr("Reference the file instead of copying it"));
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setAccessibleName(tr("Load the selected model"));
    m_unload = new QPushButton(tr("&Unload"), this);
    m_unload->setAccessibleName(tr("Unload the selected model"));
    auto *rescan = new QPushButton(tr("Re&scan"), this);
    rescan->setAccessibleName(tr("Rescan the models folder"));
    m_load->setVisible(engine);
    m_unload->setVisible(engine);
    auto *libraryButtons = new QHBoxLayout;
    libraryButtons->addWidget(m_addFile);
    libraryButtons->addWidget(m_reference);
    libraryButtons->addStretch();
    libraryButtons->addWidget(m_load);
    libraryButtons->addWidget(m_unload);
    libraryButtons->addWidget(rescan);

    auto *downloadGroup = new QGroupBox(tr("Download"), this);
    auto *downloadForm = new QFormLayout(downloadGroup);
    auto *starterRow = new QHBoxLayout;
    m_starterList = new QComboBox(downloadGroup);
    m_starterList->setAccessibleName(tr("Starter models"));
    const QLocale locale;
    for (const StarterModel &starter : m_starters.models()) {
        m_starterList->addItem(
            tr("%1 — about %2, %3")
                .arg(starter.name, locale.formattedDataSize(starter.approximateSizeBytes, 1), starter.license),
            starter.id);
        m_starterList->setItemData(m_starterList->count() - 1, starter.description, Qt::ToolTipRole);
    }
    auto *downloadStarterButton = new QPushButton(tr("Download &starter"), downloadGroup);
    downloadStarterButton->setAccessibleName(tr("Download the chosen starter model"));
    starterRow->addWidget(m_starterList, 1);
    starterRow->addWidget(downloadStarterButton);
    // A row holding a layout gets no buddy by itself, and without one the mnemonic shows as "&".
    auto *starterLabel = new QLabel(tr("S&tarter:"), downloadGroup);
    starterLabel->setBuddy(m_starterList);
    downloadForm->addRow(starterLabel, starterRow);
    connect(downloadStarterButton, &QPushButton::clicked, this, [this] {
        downloadStarter(m_starterList->currentData().toString());
    });
    m_url = new QLineEdit(downloadGroup);
    m_url->setPlaceholderText(tr("https://…/model.gguf"));
    m_url->setAccessibleName(tr("Download URL"));
    downloadForm->addRow(tr("U&RL:"), m_url);
    m_sha256 = new QLineEdit(downloadGroup);
    m_sha256->setPlaceholderText(tr("Optional: the file's SHA-256, to check it"));
    m_sha256->setAccessibleName(tr("Expected SHA-256"));
    downloadForm->addRow(tr("SHA-&256:"), m_sha256);
    m_download = new QPushButton(tr("&Download"), downloadGroup);
    m_download->setAccessibleName(tr("Download the model"));
    downloadForm->addRow(QString(), m_download);
    auto *downloadsHolder = new QWidget(downloadGroup);
    m_downloads = new QVBoxLayout(downloadsHolder);
    m_downloads->setContentsMargins(0, 0, 0, 0);
    downloadForm->addRow(downloadsHolder);

    m_engineGroup = new QGroupBox(this);
    m_engineGroup->setObjectName(u"engineSettings"_s);
    auto *engineLayout = new QVBoxLayout(m_engineGroup);
    m_ownSettings = new QCheckBox(tr("Settings of &its own for the selected model"), m_engineGroup);
    m_ownSettings->setAccessibleName(tr("Settings of its own for the selected model"));
    m_ownSettings->setToolTip(tr("Off: the model loads with the settings every model shares."));
    m_engineForm = new EngineSettingsForm(m_engineGroup);
    engineLayout->addWidget(m_ownSettings);
    engineLayout->addWidget(m_engineForm);

    auto *folder = new QLabel(tr("Folder: %1").arg(QDir::toNativeSeparators(library.folder())), this);
    folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(folder);
    layout->addWidget(m_models, 1);
    layout->addLayout(libraryButtons);
    layout->addWidget(m_message);
    layout->addWidget(downloadGroup);
    layout->addWidget(m_engineGroup);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &LocalModelsDialog::reject);
    connect(m_addFile, &QPushButton::clicked, this, &LocalModelsDialog::chooseFile);
    connect(m_load, &QPushButton::clicked, this, &LocalModelsDialog::loadSelected);
    connect(m_unload, &QPushButton::clicked, this, &LocalModelsDialog::unloadSelected);
    connect(rescan, &QPushButton::clicked, this, &LocalModelsDialog::refresh);
    connect(m_download, &QPushButton::clicked, this, &LocalModelsDialog::downloadFromFields);
    connect(m_url, &QLineEdit::returnPressed, this, &LocalModelsDialog::downloadFromFields);
    connect(m_models, &QTreeWidget::currentItemChanged, this, &LocalModelsDialog::updateButtons);
    connect(m_models, &QTreeWidget::currentItemChanged, this, &LocalModelsDialog::showEngineSettings);
    if (engine) {
        connect(engine, &Providers::LocalLlamaProvider::modelUnloaded, this, [this](const QString &path) {
            m_hosts.remove(path);
            updateState(path);
            updateButtons();
        });
    }
    connect(m_engineForm, &EngineSettingsForm::changed, this, &LocalModelsDialog::saveEngineSettings);
    connect(m_ownSettings, &QCheckBox::clicked, this, &LocalModelsDialog::setOwnSettings);

    // Return belongs to the field it is pressed in (save the key, start a download), never to Close.
    const auto pushButtons = findChildren<QPushButton *>();
    for (QPushButton *button : pushButtons) {
        button->setAutoDefault(false);
    }
    refresh();
    showEngineSettings();
    resize(860, 720);
}

LocalModelsDialog::~LocalModelsDialog()
{
    // Children outlive this body; none of their last signals may reach a half-destroyed dialog.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

void LocalModelsDialog::refresh()
{
    const QString selected = selectedPath();
    m_models->clear();
    const QLocale locale;
    for (const ModelLibrary::Entry &entry : m_library.scan()) {
        auto *item = new QTreeWidgetItem(m_models);
        item->setText(NameColumn, entry.name);
        item->setData(NameColumn, PathRole, entry.path);
        item->setToolTip(NameColumn, QDir::toNativeSeparators(entry.path));
        if (entry.metadata) {
            const Providers::GgufMetadata &metadata = *entry.metadata;
            item->setText(ArchitectureColumn, metadata.architecture);
            item->setText(ParametersColumn, parameterText(metadata.parameterCount));
            item->setText(QuantisationColumn, metadata.quantisation);
            item->setText(ContextColumn, metadata.contextLength ? locale.toString(*metadata.contextLength) : QString());
            item->setText(SizeColumn, locale.formattedDataSize(metadata.fileSize));
        } else {
            item->setText(ArchitectureColumn, tr("Not usable"));
            item->setToolTip(ArchitectureColumn, entry.error);
        }
        if (entry.path == selected) {
            m_models->setCurrentItem(item);
        }
        updateState(entry.path);
    }
    for (int column = ArchitectureColumn; column <= StateColumn; ++column) {
        m_models->resizeColumnToContents(column);
    }
    updateButtons();
}

QString LocalModelsDialog::selectedPath() const
{
    const QTreeWidgetItem *item = m_models ? m_models->currentItem() : nullptr;
    return item ? item->data(NameColumn, PathRole).toString() : QString();
}

bool LocalModelsDialog::selectModel(const QString &name)
{
    const auto found = m_models->findItems(name, Qt::MatchExactly, NameColumn);
    if (found.isEmpty()) {
        return false;
    }
    m_models->setCurrentItem(found.constFirst());
    return true;
}

QString LocalModelsDialog::messageText() const
{
    return m_message->text();
}

void LocalModelsDialog::showMessage(const QString &text)
{
    m_message->setText(text);
}

void LocalModelsDialog::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Add a GGUF model"), QDir::homePath(), tr("GGUF models (*.gguf)"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        addFile(path, m_reference->isChecked());
    });
    dialog->open();
}

bool LocalModelsDialog::addFile(const QString &path, bool reference)
{
    QString error;
    const auto entry =
        m_library.add(path, reference ? ModelLibrary::AddMode::Reference : ModelLibrary::AddMode::Copy, &error);
    if (!entry) {
        showMessage(error);
        return false;
    }
    showMessage(tr("Added %1.").arg(entry->name));
    refresh();
    selectModel(entry->name);
    Q_EMIT libraryChanged();
    return true;
}

void LocalModelsDialog::downloadFromFields()
{
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (startDownload(url, m_sha256->text().trimmed().toLatin1())) {
        m_url->clear();
        m_sha256->clear();
    }
}

DownloadRow *LocalModelsDialog::downloadStarter(const QString &id)
{
    const StarterModel *starter = m_starters.find(id);
    if (!starter) {
        showMessage(tr("There is no starter model %1.").arg(id));
        return nullptr;
    }
    return startDownload(m_starters.downloadUrl(*starter), starter->sha256);
}

DownloadRow *LocalModelsDialog::startDownload(const QUrl &url, const QByteArray &sha256)
{
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()) {
        showMessage(tr("Enter an http:// or https:// address of a .gguf file."));
        return nullptr;
    }
    if (!sha256.isEmpty() && (sha256.size() != 64 || QByteArray::fromHex(sha256).toHex() != sha256.toLower())) {
        showMessage(tr("A SHA-256 is 64 hexadecimal characters."));
        return nullptr;
    }
    QString fileName = QFileInfo(url.path()).fileName();
    if (fileName.isEmpty()) {
        fileName = u"model"_s;
    }
    if (!fileName.endsWith(u".gguf"_s, Qt::CaseInsensitive)) {
        fileName += u".gguf"_s;
    }
    if (!QDir().mkpath(m_library.folder())) {
        showMessage(tr("Cannot create the models folder %1.").arg(QDir::toNativeSeparators(m_library.folder())));
        return nullptr;
    }
    const QString target = QDir(m_library.folder()).filePath(fileName);
    if (QFileInfo::exists(target)) {
        showMessage(tr("The library already has %1.").arg(fileName));
        return nullptr;
    }
    auto *download = new ModelDownload(m_network, url, target);
    download->setExpectedSha256(sha256);
    auto *row = new DownloadRow(download, this);
    m_downloads->addWidget(row);
    connect(row, &DownloadRow::finished, this, [this](const QString &path) {
        showMessage(tr("Downloaded %1.").arg(QFileInfo(path).fileName()));
        refresh();
        Q_EMIT libraryChanged();
    });
    connect(row, &DownloadRow::cancelled, this, [row] {
        row->deleteLater();
    });
    showMessage({});
    return row;
}

void LocalModelsDialog::loadSelected()
{
    const QString path = selectedPath();
    if (!m_engine || path.isEmpty()) {
        return;
    }
    QString error;
    Providers::LlamaModelHost *host = m_engine->host(path, &error);
    if (!host) {
        showMessage(error);
        return;
    }
    if (!m_hosts.value(path)) {
        m_hosts.insert(path, host);
        const auto update = [this, path] {
            updateState(path);
            updateButtons();
        };
        connect(host, &Providers::LlamaModelHost::loadProgress, this, update);
        connect(host, &Providers::LlamaModelHost::loaded, this, update);
        connect(host, &Providers::LlamaModelHost::loadFailed, this, update);
        connect(host, &Providers::LlamaModelHost::unloaded, this, update);
        connect(host, &QObject::destroyed, this, update);
    }
    host->load();
    updateState(path);
    updateButtons();
}

void LocalModelsDialog::unloadSelected()
{
    const QString path = selectedPath();
    if (!m_engine || path.isEmpty()) {
        return;
    }
    m_engine->unload(path);
    m_hosts.remove(path);
    updateState(path);
    updateButtons();
}

void LocalModelsDialog::updateState(const QString &path)
{
    QTreeWidgetItem *item = nullptr;
    for (int row = 0; row < m_models->topLevelItemCount(); ++row) {
        if (m_models->topLevelItem(row)->data(NameColumn, PathRole).toString() == path) {
            item = m_models->topLevelItem(row);
        }
    }
    if (!item) {
        return;
    }
    const Providers::LlamaModelHost *host = m_hosts.value(path);
    QString state = m_engine && m_engine->loadedModels().contains(path) ? tr("Loaded") : tr("Not loaded");
    if (host) {
        switch (host->state()) {
        case Providers::LlamaModelHost::State::Unloaded:
            break;
        case Providers::LlamaModelHost::State::Loading:
            state = tr("Loading…");
            break;
        case Providers::LlamaModelHost::State::Loaded:
            state = tr("Loaded");
            break;
        case Providers::LlamaModelHost::State::Failed:
            state = tr("Failed");
            item->setToolTip(StateColumn, host->loadError() ? host->loadError()->message : QString());
            break;
        }
    }
    item->setText(StateColumn, state);
}

void LocalModelsDialog::updateButtons()
{
    const QString path = selectedPath();
    const Providers::LlamaModelHost *host = m_hosts.value(path);
    const bool busy = host
        && (host->state() == Providers::LlamaModelHost::State::Loading
            || host->state() == Providers::LlamaModelHost::State::Loaded);
    m_load->setEnabled(m_engine && !path.isEmpty() && !busy);
    m_unload->setEnabled(m_engine && host);
}

void LocalModelsDialog::showEngineSettings()
{
    const QString path = selectedPath();
    const std::optional<Providers::LocalEngineSettings> own =
        path.isEmpty() ? std::nullopt : m_settings.modelEngineSettings(path);
    m_ownSettings->setEnabled(!path.isEmpty());
    m_ownSettings->setChecked(own.has_value());
    m_engineForm->setSettings(own.value_or(m_settings.localEngineSettings()));
    m_engineGroup->setTitle(own ? tr("Engine settings of %1 (from its next load)").arg(QFileInfo(path).fileName())
                                : tr("Engine settings of every model (for models loaded from now on)"));
}

void LocalModelsDialog::setOwnSettings(bool own)
{
    const QString path = selectedPath();
    if (path.isEmpty()) {
        return;
    }
    // A model's own settings start as the shared ones it had; unticked, it follows them again.
    const std::optional<Providers::LocalEngineSettings> settings =
        own ? std::optional(m_settings.localEngineSettings()) : std::nullopt;
    m_settings.setModelEngineSettings(path, settings);
    if (m_engine) {
        m_engine->setModelSettings(path, settings);
    }
    showEngineSettings();
}

void LocalModelsDialog::saveEngineSettings()
{
    const Providers::LocalEngineSettings settings = m_engineForm->settings();
    const QString path = selectedPath();
    if (m_ownSettings->isChecked() && !path.isEmpty()) {
        m_settings.setModelEngineSettings(path, settings);
        if (m_engine) {
            m_engine->setModelSettings(path, settings);
        }
        return;
    }
    m_settings.setLocalEngineSettings(settings);
    if (m_engine) {
        m_engine->setSettings(settings);
    }
}

} // namespace Juxta::Ui
