// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialoglauncher.h"

#include "app/models/modellibrary.h"
#include "ui/dialogs/localmodelsdialog.h"
#include "ui/dialogs/preferencesdialog.h"
#include "ui/dialogs/providersdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>

namespace Juxta::Ui {

namespace {

template<typename Dialog>
Dialog *present(Dialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

} // namespace

DialogLauncher::DialogLauncher(const Services &services, QWidget *window)
    : QObject(window)
    , m_services(services)
    , m_window(window)
{
    Q_ASSERT(services.settings && services.keyStore && services.apiKeys && services.network && services.library);
}

DialogLauncher::~DialogLauncher() = default;

ProvidersDialog *DialogLauncher::showProviders(const QString &presetId)
{
    if (!m_providers) {
        m_providers = new ProvidersDialog(m_services.catalog,
            *m_services.settings,
            *m_services.keyStore,
            *m_services.apiKeys,
            *m_services.network,
            m_window);
        connect(m_providers, &ProvidersDialog::keysChanged, this, &DialogLauncher::keysChanged);
    }
    if (!presetId.isEmpty()) {
        m_providers->selectPreset(presetId);
    }
    return present(m_providers.data());
}

LocalModelsDialog *DialogLauncher::showLocalModels()
{
    if (!m_localModels) {
        m_localModels = new LocalModelsDialog(*m_services.library,
            *m_services.network,
            *m_services.settings,
            m_services.engine,
            m_window);
        connect(m_localModels, &LocalModelsDialog::libraryChanged, this, &DialogLauncher::libraryChanged);
    }
    return present(m_localModels.data());
}

PreferencesDialog *DialogLauncher::showPreferences()
{
    if (!m_preferences) {
        m_preferences = new PreferencesDialog(*m_services.settings, m_window);
    }
    return present(m_preferences.data());
}

void DialogLauncher::openModelFile()
{
    auto *dialog = new QFileDialog(m_window, tr("Open a GGUF model"), QDir::homePath(), tr("GGUF models (*.gguf)"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &DialogLauncher::addModelFile);
    dialog->open();
}

bool DialogLauncher::addModelFile(const QString &path)
{
    QString error;
    if (!m_services.library->add(path, ModelLibrary::AddMode::Reference, &error)) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Open a GGUF model"), error, QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    Q_EMIT libraryChanged();
    return true;
}

} // namespace Juxta::Ui
