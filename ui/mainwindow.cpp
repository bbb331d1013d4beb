// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "app/appinfo.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {
constexpr QSize DefaultSize(1280, 800);
}

MainWindow::MainWindow(const AppInfo &appInfo, QWidget *parent)
    : QMainWindow(parent)
    , m_appInfo(appInfo)
{
    setWindowTitle(tr("Juxta"));
    setObjectName(u"mainWindow"_s);

    // The comparison panes are laid out here; until a pane exists the area says so plainly.
    auto *comparisonArea = new QWidget(this);
    comparisonArea->setObjectName(u"comparisonArea"_s);
    auto *layout = new QVBoxLayout(comparisonArea);
    auto *emptyHint = new QLabel(tr("No comparison panes are open."), comparisonArea);
    emptyHint->setObjectName(u"emptyHint"_s);
    emptyHint->setAlignment(Qt::AlignCenter);
    emptyHint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(emptyHint);
    setCentralWidget(comparisonArea);

    createMenus();
    createStatusBar();
    resize(DefaultSize);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
    quit->setMenuRole(QAction::QuitRole);

    // Edit actions work on whichever text field has focus, as in any native application.
    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    m_cutAction = editMenu->addAction(tr("Cu&t"), QKeySequence::Cut, this, [this] {
        forwardToFocusWidget("cut");
    });
    m_copyAction = editMenu->addAction(tr("&Copy"), QKeySequence::Copy, this, [this] {
        forwardToFocusWidget("copy");
    });
    m_pasteAction = editMenu->addAction(tr("&Paste"), QKeySequence::Paste, this, [this] {
        forwardToFocusWidget("paste");
    });
    editMenu->addSeparator();
    m_selectAllAction = editMenu->addAction(tr("Select &All"), QKeySequence::SelectAll, this, [this] {
        forwardToFocusWidget("selectAll");
    });
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateEditActions);
    updateEditActions();

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *statusBarAction = viewMenu->addAction(tr("Show &Status Bar"));
    statusBarAction->setCheckable(true);
    statusBarAction->setChecked(true);
    connect(statusBarAction, &QAction::toggled, this, [this](bool visible) {
        statusBar()->setVisible(visible);
    });
    QAction *fullScreen = viewMenu->addAction(tr("&Full Screen"));
    fullScreen->setShortcut(QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen) : (windowState() & ~Qt::WindowFullScreen));
    });

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About Juxta"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    const QStringList devices = m_appInfo.computeDevices();
    auto *engine =
        new QLabel(tr("Local engine: %1").arg(devices.isEmpty() ? tr("no compute device") : devices.join(u", "_s)),
            this);
    engine->setObjectName(u"engineStatus"_s);
    statusBar()->addPermanentWidget(engine);
}

QString MainWindow::aboutText() const
{
    QString rows;
    for (const auto &[label, value] : m_appInfo.components()) {
        rows += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    }
    return tr("<h3>Juxta %1</h3><p>Compare language models side by side: one prompt, several models, "
              "answers streaming in parallel with honest metrics.</p>")
               .arg(AppInfo::version())
        + u"<table cellspacing=\"4\">%1</table>"_s.arg(rows);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Juxta"), aboutText());
}

void MainWindow::updateEditActions()
{
    const QWidget *focus = QApplication::focusWidget();
    const auto has = [focus](const char *slot) {
        return focus && focus->metaObject()->indexOfMethod(QMetaObject::normalizedSignature(slot).constData()) >= 0;
    };
    m_cutAction->setEnabled(has("cut()"));
    m_copyAction->setEnabled(has("copy()"));
    m_pasteAction->setEnabled(has("paste()"));
    m_selectAllAction->setEnabled(has("selectAll()"));
}

void MainWindow::forwardToFocusWidget(const char *slot)
{
    if (QWidget *focus = QApplication::focusWidget()) {
        QMetaObject::invokeMethod(focus, slot);
    }
}

} // namespace Juxta::Ui
