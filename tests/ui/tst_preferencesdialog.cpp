// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/appsettings.h"
#include "ui/dialogs/preferencesdialog.h"
#include "ui/theme/themecontroller.h"

#include "widgettesthelpers.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Ui::PreferencesDialog;
using Juxta::Ui::ThemeController;
using WidgetTest::child;

namespace {

QPushButton *okButton(QWidget *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void showsTheStoredValues();
    void savesOnOk();
    void cancelChangesNothing();
    void anUnreadableProxyKeepsOkDisabled();
    void everyControlIsNamed();
    void themeFollowsTheSettings();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
};

void TestPreferencesDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(u"juxta.ini"_s));
}

void TestPreferencesDialog::showsTheStoredValues()
{
    m_settings->setTheme(AppSettings::Theme::Dark);
    m_settings->setFontPointSize(13);
    QString error;
    QVERIFY(m_settings->setProxy(u"socks5://127.0.0.1:1080"_s, &error));
    Providers::Timeouts timeouts;
    timeouts.connectMs = 7000;
    m_settings->setTimeouts(timeouts);
    m_settings->setDataFolder(u"/data/juxta"_s);
    m_settings->setLocalMemoryPolicy({3LL * 1024 * 1024 * 1024, 2, 10 * 60 * 1000});

    PreferencesDialog dialog(*m_settings);
    QCOMPARE(child<QComboBox>(&dialog, u"Theme"_s)->currentText(), u"Dark"_s);
    QCOMPARE(child<QSpinBox>(&dialog, u"Font size"_s)->value(), 13);
    QCOMPARE(child<QLineEdit>(&dialog, u"Proxy"_s)->text(), u"socks5://127.0.0.1:1080"_s);
    QVERIFY(child<QGroupBox>(&dialog, u"Use my own request timeouts"_s)->isChecked());
    QCOMPARE(child<QSpinBox>(&dialog, u"Connect timeout"_s)->value(), 7);
    QCOMPARE(child<QLineEdit>(&dialog, u"Data folder"_s)->text(), u"/data/juxta"_s);
    QCOMPARE(child<QDoubleSpinBox>(&dialog, u"Memory budget for local models"_s)->value(), 3.0);
    QCOMPARE(child<QSpinBox>(&dialog, u"Models loaded at once"_s)->value(), 2);
    QCOMPARE(child<QSpinBox>(&dialog, u"Unload a model idle for"_s)->value(), 10);
}

void TestPreferencesDialog::savesOnOk()
{
    PreferencesDialog dialog(*m_settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *theme = child<QComboBox>(&dialog, u"Theme"_s);
    theme->setFocus();
    QTest::keyClick(theme, Qt::Key_Down);
    QTest::keyClick(theme, Qt::Key_Down);
    QCOMPARE(theme->currentText(), u"Dark"_s);
    auto *font = child<QSpinBox>(&dialog, u"Font size"_s);
    font->setValue(16);
    auto *proxy = child<QLineEdit>(&dialog, u"Proxy"_s);
    QTest::keyClicks(proxy, u"http://proxy.local:3128"_s);
    child<QGroupBox>(&dialog, u"Use my own request timeouts"_s)->setChecked(true);
    child<QSpinBox>(&dialog, u"Idle timeout"_s)->setValue(42);
    child<QLineEdit>(&dialog, u"Data folder"_s)->setText(m_dir->filePath(u"elsewhere"_s));
    auto *budget = child<QDoubleSpinBox>(&dialog, u"Memory budget for local models"_s);
    QCOMPARE(budget->text(), u"No limit"_s);
    budget->setValue(1.5);
    child<QSpinBox>(&dialog, u"Models loaded at once"_s)->setValue(1);
    child<QSpinBox>(&dialog, u"Unload a model idle for"_s)->setValue(5);

    QSignalSpy accepted(&dialog, &QDialog::accepted);
    // Return in a line edit presses the default button: the dialog works from the keyboard.
    QTest::keyClick(proxy, Qt::Key_Return);
    QCOMPARE(accepted.size(), 1);

    const AppSettings reread(m_dir->filePath(u"juxta.ini"_s));
    QCOMPARE(reread.theme(), AppSettings::Theme::Dark);
    QCOMPARE(reread.fontPointSize(), 16);
    QCOMPARE(reread.proxy(), u"http://proxy.local:3128"_s);
    QCOMPARE(reread.timeouts()->idleMs, 42'000);
    QCOMPARE(reread.timeouts()->connectMs, Providers::Timeouts {}.connectMs);
    QCOMPARE(reread.dataFolder(), m_dir->filePath(u"elsewhere"_s));
    const Providers::LocalMemoryPolicy memory = reread.localMemoryPolicy();
    QCOMPARE(memory.budgetBytes, 1536LL * 1024 * 1024);
    QCOMPARE(memory.maxLoadedModels, 1);
    QCOMPARE(memory.idleUnloadMs, 5 * 60 * 1000);
}

void TestPreferencesDialog::cancelChangesNothing()
{
    PreferencesDialog dialog(*m_settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QComboBox>(&dialog, u"Theme"_s)->setCurrentIndex(2);
    child<QSpinBox>(&dialog, u"Font size"_s)->setValue(20);
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(m_settings->theme(), AppSettings::Theme::System);
    QCOMPARE(m_settings->fontPointSize(), 0);
}

void TestPreferencesDialog::anUnreadableProxyKeepsOkDisabled()
{
    PreferencesDialog dialog(*m_settings);
    auto *proxy = child<QLineEdit>(&dialog, u"Proxy"_s);
    auto *error = dialog.findChild<QLabel *>(u"proxyError"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    proxy->setText(u"gopher://old.example"_s);
    QVERIFY(!okButton(&dialog)->isEnabled());
    QVERIFY(!error->isHidden());
    QVERIFY(error->text().contains(u"gopher://old.example"_s));
    dialog.accept();
    QVERIFY(m_settings->proxy().isEmpty());
    proxy->setText(u"none"_s);
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(error->isHidden());
}

void TestPreferencesDialog::everyControlIsNamed()
{
    PreferencesDialog dialog(*m_settings);
    const QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

void TestPreferencesDialog::themeFollowsTheSettings()
{
    const QPalette system = QApplication::palette();
    const int systemFont = QApplication::font().pointSize();
    ThemeController theme(*m_settings);
    QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));

    m_settings->setTheme(AppSettings::Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 180);
    QWidget widget;
    QVERIFY(widget.palette().color(QPalette::Base).lightness() < 100);

    m_settings->setTheme(AppSettings::Theme::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
    QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() < 60);

    m_settings->setFontPointSize(systemFont + 5);
    QCOMPARE(QApplication::font().pointSize(), systemFont + 5);
    m_settings->setFontPointSize(0);
    QCOMPARE(QApplication::font().pointSize(), systemFont);

    m_settings->setTheme(AppSettings::Theme::System);
    QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));
}

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
