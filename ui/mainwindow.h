// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QAction;
class QLabel;

namespace Juxta {
class AppInfo;
}

namespace Juxta::Ui {

/**
 * Juxta's main window: the menus, the status bar and the central area where comparison panes
 * are laid out.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(const AppInfo &appInfo, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    /** The text of the About box: the versions of Juxta and of what it is built on. */
    QString aboutText() const;

private:
    void createMenus();
    void createStatusBar();
    void showAbout();
    void updateEditActions();
    void forwardToFocusWidget(const char *slot);

    const AppInfo &m_appInfo;
    QAction *m_cutAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_selectAllAction = nullptr;
};

} // namespace Juxta::Ui
