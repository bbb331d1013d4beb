// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QPushButton;
class QTreeWidget;

namespace Juxta {
class KeyOverview;
}

namespace Juxta::Ui {

/**
 * The providers in the side bar: which presets have a key and where it comes from (keychain,
 * environment variable, this session only), which need one, and a way to the Providers dialog.
 */
class ProvidersPanel : public QWidget
{
    Q_OBJECT

public:
    /** @p overview must outlive the panel. */
    explicit ProvidersPanel(KeyOverview &overview, QWidget *parent = nullptr);
    ~ProvidersPanel() override;
    Q_DISABLE_COPY_MOVE(ProvidersPanel)

    QTreeWidget *list() const { return m_list; }

Q_SIGNALS:
    /** Open the Providers dialog, on @p presetId when one was chosen. */
    void manageRequested(const QString &presetId);

private:
    void rebuild();

    KeyOverview &m_overview;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_manage = nullptr;
};

} // namespace Juxta::Ui
