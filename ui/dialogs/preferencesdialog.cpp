// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/preferencesdialog.h"

#include "app/settings/appsettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr double BytesPerGiB = 1024.0 * 1024.0 * 1024.0;
constexpr int MsPerMinute = 60 * 1000;

QSpinBox *secondsBox(QWidget *parent, int maximum, const QString &accessibleName)
{
    auto *box = new QSpinBox(parent);
    box->setRange(1, maximum);
    box->setSuffix(PreferencesDialog::tr(" s"));
    box->setAccessibleName(accessibleName);
    return box;
}

} // namespace

PreferencesDialog::PreferencesDialog(AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setWindowTitle(tr("Preferences"));
    setObjectName(u"preferencesDialog"_s);

    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    m_theme = new QComboBox(appearance);
    m_theme->addItem(tr("Follow the system"), int(AppSettings::Theme::System));
    m_theme->addItem(tr("Light"), int(AppSettings::Theme::Light));
    m_theme->addItem(tr("Dark"), int(AppSettings::Theme::Dark));
    m_theme->setAccessibleName(tr("Theme"));
    appearanceForm->addRow(tr("&Theme:"), m_theme);
    m_fontSize = new QSpinBox(appearance);
    m_fontSize->setRange(0, 48);
    m_fontSize->setSpecialValueText(tr("System default"));
    m_fontSize->setSuffix(tr(" pt"));
    m_fontSize->setAccessibleName(tr("Font size"));
    appearanceForm->addRow(tr("&Font size:"), m_fontSize);

    auto *network = new QGroupBox(tr("Network"), this);
    auto *networkForm = new QFormLayout(network);
    m_proxy = new QLineEdit(network);
    m_proxy->setPlaceholderText(tr("System proxy"));
    m_proxy->setToolTip(tr("Empty for the system proxy, \"none\" to connect directly, or a URL such as "
                           "http://host:3128 or socks5://host:1080."));
    m_proxy->setAccessibleName(tr("Proxy"));
    networkForm->addRow(tr("&Proxy:"), m_proxy);
    m_proxyError = new QLabel(network);
    m_proxyError->setObjectName(u"proxyError"_s);
    m_proxyError->setWordWrap(true);
    m_proxyError->setVisible(false);
    networkForm->addRow(QString(), m_proxyError);

    m_timeoutsGroup = new QGroupBox(tr("Use my own request &timeouts"), this);
    m_timeoutsGroup->setCheckable(true);
    m_timeoutsGroup->setAccessibleName(tr("Use my own request timeouts"));
    auto *timeoutsForm = new QFormLayout(m_timeoutsGroup);
    m_connectTimeout = secondsBox(m_timeoutsGroup, 600, tr("Connect timeout"));
    m_firstByteTimeout = secondsBox(m_timeoutsGroup, 3600, tr("First byte timeout"));
    m_idleTimeout = secondsBox(m_timeoutsGroup, 3600, tr("Idle timeout"));
    m_totalTimeout = secondsBox(m_timeoutsGroup, 24 * 3600, tr("Total timeout"));
    timeoutsForm->addRow(tr("&Connect:"), m_connectTimeout);
    timeoutsForm->addRow(tr("First &byte:"), m_firstByteTimeout);
    timeoutsForm->addRow(tr("&Silence between bytes:"), m_idleTimeout);
    timeoutsForm->addRow(tr("&Whole answer:"), m_totalTimeout);

    auto *storage = new QGroupBox(tr("Storage"), this);
    auto *storageForm = new QFormLayout(storage);
    auto *folderRow = new QHBoxLayout;
    m_dataFolder = new QLineEdit(storage);
    m_dataFolder->setPlaceholderText(tr("Default"));
    m_dataFolder->setAccessibleName(tr("Data folder"));
    auto *browse = new QPushButton(tr("Bro&wse…"), storage);
    browse->setAccessibleName(tr("Choose the data folder"));
    folderRow->addWidget(m_dataFolder);
    folderRow->addWidget(browse);
    // A row holding a layout gets no buddy by itself, and without one the mnemonic shows as "&".
    auto *folderLabel = new QLabel(tr("&Data folder:"), storage);
    folderLabel->setBuddy(m_dataFolder);
    storageForm->addRow(folderLabel, folderRow);
    auto *folderNote =
        new QLabel(tr("The prompt library and history move to a new folder the next time Juxta starts."), storage);
    folderNote->setWordWrap(true);
    storageForm->addRow(QString(), folderNote);

    auto *engine = new QGroupBox(tr("Local models in memory"), this);
    engine->setObjectName(u"localMemoryGroup"_s);
    auto *engineForm = new QFormLayout(engine);
    m_memoryBudget = new QDoubleSpinBox(engine);
    m_memoryBudget->setObjectName(u"memoryBudget"_s);
    m_memoryBudget->setRange(0, 4096);
    m_memoryBudget->setDecimals(1);
    m_memoryBudget->setSingleStep(0.5);
    m_memoryBudget->setSuffix(tr(" GiB"));
    m_memoryBudget->setSpecialValueText(tr("No limit"));
    m_memoryBudget->setAccessibleName(tr("Memory budget for local models"));
    m_memoryBudget->setToolTip(tr("Weights and context of every loaded model together; idle models are unloaded, "
                                  "least recently used first, to load another within it."));
    engineForm->addRow(tr("Memory &budget:"), m_memoryBudget);
    m_maxModels = new QSpinBox(engine);
    m_maxModels->setObjectName(u"maxLoadedModels"_s);
    m_maxModels->setRange(0, 64);
    m_maxModels->setSpecialValueText(tr("No limit"));
    m_maxModels->setAccessibleName(tr("Models loaded at once"));
    engineForm->addRow(tr("&Models loaded at once:"), m_maxModels);
    m_idleUnload = new QSpinBox(engine);
    m_idleUnload->setObjectName(u"idleUnload"_s);
    m_idleUnload->setRange(0, 24 * 60);
    m_idleUnload->setSuffix(tr(" min"));
    m_idleUnload->setSpecialValueText(tr("Never"));
    m_idleUnload->setAccessibleName(tr("Unload a model idle for"));
    engineForm->addRow(tr("&Unload a model idle for:"), m_idleUnload);
    auto *engineNote =
        new QLabel(tr("A model answering is never unloaded; the limits apply as soon as you press OK."), engine);
    engineNote->setWordWrap(true);
    engineForm->addRow(QString(), engineNote);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(appearance);
    layout->addWidget(network);
    layout->addWidget(m_timeoutsGroup);
    layout->addWidget(storage);
    layout->addWidget(engine);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    connect(m_proxy, &QLineEdit::textChanged, this, &PreferencesDialog::validate);
    connect(browse, &QPushButton::clicked, this, &PreferencesDialog::chooseDataFolder);
    load();
}

PreferencesDialog::~PreferencesDialog()
{
    // Children outlive this body; none of their last signals may reach a half-destroyed dialog.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

void PreferencesDialog::load()
{
    m_theme->setCurrentIndex(m_theme->findData(int(m_settings.theme())));
    m_fontSize->setValue(m_settings.fontPointSize());
    m_proxy->setText(m_settings.proxy());
    const auto timeouts = m_settings.timeouts();
    const Providers::Timeouts shown = timeouts.value_or(Providers::Timeouts {});
    m_timeoutsGroup->setChecked(timeouts.has_value());
    m_connectTimeout->setValue(shown.connectMs / 1000);
    m_firstByteTimeout->setValue(shown.firstByteMs / 1000);
    m_idleTimeout->setValue(shown.idleMs / 1000);
    m_totalTimeout->setValue(shown.totalMs / 1000);
    m_dataFolder->setText(m_settings.dataFolder());
    const Providers::LocalMemoryPolicy memory = m_settings.localMemoryPolicy();
    m_memoryBudget->setValue(double(memory.budgetBytes) / BytesPerGiB);
    m_maxModels->setValue(memory.maxLoadedModels);
    m_idleUnload->setValue(memory.idleUnloadMs / MsPerMinute);
    validate();
}

void PreferencesDialog::validate()
{
    QString error;
    const bool valid = ProxySettings::fromString(m_proxy->text().trimmed(), &error).has_value();
    m_proxyError->setText(valid ? QString() : error);
    m_proxyError->setVisible(!valid);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

bool PreferencesDialog::save()
{
    QString error;
    if (!m_settings.setProxy(m_proxy->text(), &error)) {
        m_proxyError->setText(error);
        m_proxyError->setVisible(true);
        m_proxy->setFocus();
        return false;
    }
    m_settings.setTheme(AppSettings::Theme(m_theme->currentData().toInt()));
    m_settings.setFontPointSize(m_fontSize->value());
    if (m_timeoutsGroup->isChecked()) {
        Providers::Timeouts timeouts;
        timeouts.connectMs = m_connectTimeout->value() * 1000;
        timeouts.firstByteMs = m_firstByteTimeout->value() * 1000;
        timeouts.idleMs = m_idleTimeout->value() * 1000;
        timeouts.totalMs = m_totalTimeout->value() * 1000;
        m_settings.setTimeouts(timeouts);
    } else {
        m_settings.setTimeouts(std::nullopt);
    }
    m_settings.setDataFolder(m_dataFolder->text());
    Providers::LocalMemoryPolicy memory;
    memory.budgetBytes = qint64(std::llround(m_memoryBudget->value() * BytesPerGiB));
    memory.maxLoadedModels = m_maxModels->value();
    memory.idleUnloadMs = m_idleUnload->value() * MsPerMinute;
    m_settings.setLocalMemoryPolicy(memory);
    return true;
}

void PreferencesDialog::accept()
{
    if (save()) {
        QDialog::accept();
    }
}

void PreferencesDialog::chooseDataFolder()
{
    auto *dialog = new QFileDialog(this, tr("Data folder"), m_dataFolder->text());
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &folder) {
        m_dataFolder->setText(folder);
    });
    dialog->open();
}

} // namespace Juxta::Ui
