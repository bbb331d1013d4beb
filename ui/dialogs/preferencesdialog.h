// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Juxta {
class AppSettings;
}

namespace Juxta::Ui {

/**
 * Preferences: theme (system, light, dark), font size, proxy, request timeouts, the data
 * folder and when the embedded engine unloads models (memory budget, models at once, idle time). Nothing changes until
 * OK; a proxy Juxta cannot read keeps OK disabled and says why.
 */
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(AppSettings &settings, QWidget *parent = nullptr);
    ~PreferencesDialog() override;
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

    void accept() override;

private:
    void load();
    bool save();
    void validate();
    void chooseDataFolder();

    AppSettings &m_settings;
    QComboBox *m_theme = nullptr;
    QSpinBox *m_fontSize = nullptr;
    QLineEdit *m_proxy = nullptr;
    QLabel *m_proxyError = nullptr;
    QGroupBox *m_timeoutsGroup = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_firstByteTimeout = nullptr;
    QSpinBox *m_idleTimeout = nullptr;
    QSpinBox *m_totalTimeout = nullptr;
    QLineEdit *m_dataFolder = nullptr;
    QDoubleSpinBox *m_memoryBudget = nullptr;
    QSpinBox *m_maxModels = nullptr;
    QSpinBox *m_idleUnload = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Juxta::Ui
