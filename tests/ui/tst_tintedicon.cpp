// SPDX-License-Identifier: GPL-3.0-or-later
// Juxta's own SVG icons: every one compiled in and drawn sharp at any device pixel ratio, in the
// palette's text colour, re-tinted when the palette changes (light ↔ dark).
#include "app/catalog/presetcatalog.h"
#include "ui/composer.h"
#include "ui/panewidget.h"
#include "ui/theme/themecontroller.h"
#include "ui/theme/tintediconengine.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Ui::ThemeController;
using Juxta::Ui::TintedIconEngine;

namespace {

/** Pixels of @p image drawn at all (alpha > 0), and whether every fully opaque one has @p colour. */
struct Coverage
{
    int drawn = 0;
    int opaque = 0;
    int opaqueOfColour = 0;
};

Coverage coverage(const QImage &source, const QColor &colour)
{
    const QImage image = source.convertToFormat(QImage::Format_ARGB32);
    Coverage result;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            result.drawn += pixel.alpha() > 0;
            if (pixel.alpha() == 255) {
                ++result.opaque;
                result.opaqueOfColour += pixel.rgb() == colour.rgb();
            }
        }
    }
    return result;
}

/** Pixels of @p image of (nearly exactly) @p colour. */
int pixelsNear(const QImage &source, const QColor &colour)
{
    const QImage image = source.convertToFormat(QImage::Format_ARGB32);
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            count += std::abs(pixel.red() - colour.red()) + std::abs(pixel.green() - colour.green())
                    + std::abs(pixel.blue() - colour.blue())
                < 6;
        }
    }
    return count;
}

} // namespace

class TestTintedIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void everyIconDrawsAtEverySize_data();
    void everyIconDrawsAtEverySize();
    void colourFollowsThePalette();
    void anUnknownNameIsANullIcon();
    void paneHeaderAndComposerUseTheIcons();
    void aButtonIsRetintedWhenThePaletteChanges();
    void contactSheetForPeople();
};

void TestTintedIcon::cleanup()
{
    QApplication::setPalette(ThemeController::lightPalette());
}

void TestTintedIcon::everyIconDrawsAtEverySize_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(u":/juxta/icons"_s).entryList({u"*.svg"_s}, QDir::Files);
    QVERIFY(files.size() >= 20);
    for (const QString &file : files) {
        QTest::newRow(qPrintable(file)) << file.chopped(4);
    }
}

void TestTintedIcon::everyIconDrawsAtEverySize()
{
    QFETCH(QString, name);
    QApplication::setPalette(ThemeController::lightPalette());
    const QIcon icon = TintedIconEngine::icon(name);
    QVERIFY(!icon.isNull());
    const QColor text = QApplication::palette().color(QPalette::Active, QPalette::ButtonText);
    for (const int size : {16, 24, 32}) {
        for (const qreal scale : {1.0, 2.0}) {
            const QPixmap pixmap = icon.pixmap(QSize(size, size), scale);
            QCOMPARE(pixmap.deviceIndependentSize().toSize(), QSize(size, size));
            // Drawn at the device's own resolution, not scaled up from a smaller picture.
            QCOMPARE(pixmap.size(), QSize(size, size) * scale);
            const Coverage drawn = coverage(pixmap.toImage(), text);
            QVERIFY2(drawn.drawn > size, qPrintable(u"%1 at %2@%3x"_s.arg(name).arg(size).arg(scale)));
            // Something shows, and far from all of it: a stroke icon on a transparent ground.
            QVERIFY(drawn.drawn < pixmap.width() * pixmap.height() * 3 / 4);
            QCOMPARE(drawn.opaqueOfColour, drawn.opaque);
        }
    }
}

void TestTintedIcon::colourFollowsThePalette()
{
    const QIcon icon = TintedIconEngine::icon(u"stop"_s);
    for (const QPalette &palette : {ThemeController::lightPalette(), ThemeController::darkPalette()}) {
        QApplication::setPalette(palette);
        const QImage normal = icon.pixmap(QSize(24, 24), 2.0).toImage();
        const Coverage drawn = coverage(normal, palette.color(QPalette::Active, QPalette::ButtonText));
        QVERIFY(drawn.opaque > 20);
        QCOMPARE(drawn.opaqueOfColour, drawn.opaque);
        const QImage disabled = icon.pixmap(QSize(24, 24), 2.0, QIcon::Disabled).toImage();
        const Coverage grey = coverage(disabled, palette.color(QPalette::Disabled, QPalette::ButtonText));
        QVERIFY(grey.opaque > 20);
        QCOMPARE(grey.opaqueOfColour, grey.opaque);
    }
    QVERIFY(TintedIconEngine::colour(QIcon::Normal, ThemeController::lightPalette())
        != TintedIconEngine::colour(QIcon::Normal, ThemeController::darkPalette()));
}

void TestTintedIcon::anUnknownNameIsANullIcon()
{
    QVERIFY(TintedIconEngine::icon(u"no-such-icon"_s).isNull());
}

void TestTintedIcon::paneHeaderAndComposerUseTheIcons()
{
    const PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    Ui::PaneWidget pane(catalog);
    for (const QString &name : {u"listModelsButton"_s, u"paneActionsButton"_s, u"parametersButton"_s}) {
        auto *button = pane.findChild<QToolButton *>(name);
        QVERIFY2(button, qPrintable(name));
        QVERIFY2(!button->icon().isNull(), qPrintable(name));
        QVERIFY(!button->toolTip().isEmpty());
        QVERIFY(!button->accessibleName().isEmpty());
        // No text glyph stands in for a picture any more.
        QVERIFY(!button->text().contains(u'↻') && !button->text().contains(u'⋯'));
    }
    auto *actionsButton = pane.findChild<QToolButton *>(u"paneActionsButton"_s);
    QCOMPARE(actionsButton->toolButtonStyle(), Qt::ToolButtonIconOnly);
    // The icon alone says "more": no style-drawn menu arrow beside it, yet a click opens the menu.
    QVERIFY(!actionsButton->menu());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTest::mouseClick(actionsButton, Qt::LeftButton);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    QVERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget())->actions().contains(pane.action(u"stop"_s)));
    QApplication::activePopupWidget()->close();
    for (const QString &name : {u"stop"_s, u"regenerate"_s, u"copyMarkdown"_s, u"remove"_s}) {
        QVERIFY2(!pane.action(name)->icon().isNull(), qPrintable(name));
    }
    Ui::Composer composer;
    for (const QString &name : {u"sendButton"_s, u"stopButton"_s}) {
        auto *button = composer.findChild<QPushButton *>(name);
        QVERIFY(button && !button->icon().isNull());
        QVERIFY(!button->accessibleName().isEmpty());
    }
}

void TestTintedIcon::aButtonIsRetintedWhenThePaletteChanges()
{
    QApplication::setPalette(ThemeController::lightPalette());
    QToolButton button;
    button.setIcon(TintedIconEngine::icon(u"stop"_s));
    button.setIconSize(QSize(32, 32));
    button.setToolButtonStyle(Qt::ToolButtonIconOnly);
    button.show();
    QVERIFY(QTest::qWaitForWindowExposed(&button));
    const QColor lightText = ThemeController::lightPalette().color(QPalette::ButtonText);
    const QColor darkText = ThemeController::darkPalette().color(QPalette::ButtonText);
    QVERIFY(pixelsNear(button.grab().toImage(), lightText) > 40);
    QCOMPARE(pixelsNear(button.grab().toImage(), darkText), 0);

    QApplication::setPalette(ThemeController::darkPalette());
    QVERIFY(pixelsNear(button.grab().toImage(), darkText) > 40);
    QCOMPARE(pixelsNear(button.grab().toImage(), lightText), 0);
}

// Every icon at 16, 24 and 48 px, light and dark, in one PNG per theme under the build tree.
void TestTintedIcon::contactSheetForPeople()
{
    const QString folder = QStringLiteral(JUXTA_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(folder));
    const QStringList files = QDir(u":/juxta/icons"_s).entryList({u"*.svg"_s}, QDir::Files);
    const QList<int> sizes {16, 24, 48};
    constexpr int Cell = 64;
    for (const bool dark : {false, true}) {
        const QPalette palette = dark ? ThemeController::darkPalette() : ThemeController::lightPalette();
        QApplication::setPalette(palette);
        QImage sheet(QSize(Cell * int(sizes.size()), Cell * int(files.size())), QImage::Format_ARGB32_Premultiplied);
        sheet.fill(palette.color(QPalette::Window));
        QPainter painter(&sheet);
        for (qsizetype row = 0; row < files.size(); ++row) {
            const QIcon icon = TintedIconEngine::icon(files.at(row).chopped(4));
            for (qsizetype column = 0; column < sizes.size(); ++column) {
                const int size = sizes.at(column);
                const QRect cell(int(column) * Cell, int(row) * Cell, Cell, Cell);
                icon.paint(&painter, QRect(cell.center() - QPoint(size / 2, size / 2), QSize(size, size)));
            }
        }
        painter.end();
        QVERIFY(sheet.save(folder + (dark ? u"/icons-dark.png"_s : u"/icons-light.png"_s)));
    }
}

QTEST_MAIN(TestTintedIcon)
#include "tst_tintedicon.moc"
