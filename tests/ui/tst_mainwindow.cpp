// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/appinfo.h"
#include "providers/local/llamaruntime.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QStatusBar>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using Juxta::Ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWithMenusAndStatusBar();
    void aboutNamesTheVersions();
    void editActionsFollowTheFocusedField();

private:
    Juxta::Providers::LlamaRuntime m_runtime;
    Juxta::AppInfo m_appInfo {m_runtime};
};

void TestMainWindow::showsWithMenusAndStatusBar()
{
    MainWindow window(m_appInfo);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"Juxta"_s);

    QStringList menus;
    for (const QAction *action : window.menuBar()->actions()) {
        menus.append(action->text().remove(u'&'));
    }
    QCOMPARE(menus, (QStringList {u"File"_s, u"Edit"_s, u"View"_s, u"Help"_s}));

    QVERIFY(window.statusBar()->isVisible());
    const auto *engine = window.findChild<QLabel *>(u"engineStatus"_s);
    QVERIFY(engine);
    QVERIFY2(engine->text().contains(u"CPU"_s), qPrintable(engine->text()));
    QVERIFY(window.findChild<QWidget *>(u"comparisonArea"_s));
    QVERIFY(!window.grab().isNull());
}

void TestMainWindow::aboutNamesTheVersions()
{
    MainWindow window(m_appInfo);
    const QString about = window.aboutText();
    QVERIFY(about.contains(u"Juxta 0.1.0"_s));
    QVERIFY(about.contains(QLatin1StringView(qVersion())));
    QVERIFY(about.contains(u"KSyntaxHighlighting"_s));
    QVERIFY(about.contains(m_runtime.llamaVersion().toHtmlEscaped()));
}

void TestMainWindow::editActionsFollowTheFocusedField()
{
    MainWindow window(m_appInfo);
    auto *field = new QLineEdit(u"some prompt text"_s, window.centralWidget());
    window.centralWidget()->layout()->addWidget(field);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    QAction *selectAll = nullptr;
    QAction *cut = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == u"Select &All"_s) {
            selectAll = action;
        } else if (action->text() == u"Cu&t"_s) {
            cut = action;
        }
    }
    QVERIFY(selectAll && cut);

    field->setFocus();
    QTRY_VERIFY(selectAll->isEnabled());
    selectAll->trigger();
    QCOMPARE(field->selectedText(), u"some prompt text"_s);
    cut->trigger();
    QCOMPARE(field->text(), QString());

    field->clearFocus();
    QTRY_VERIFY(!selectAll->isEnabled());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
