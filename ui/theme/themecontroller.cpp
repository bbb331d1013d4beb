// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/theme/themecontroller.h"

#include "app/settings/appsettings.h"

#include <QApplication>
#include <QStyleHints>

namespace Juxta::Ui {

namespace {

void setGroupColours(QPalette &palette, QPalette::ColorGroup group, const QColor &text)
{
    palette.setColor(group, QPalette::WindowText, text);
    palette.setColor(group, QPalette::Text, text);
    palette.setColor(group, QPalette::ButtonText, text);
}

} // namespace

ThemeController::ThemeController(AppSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_systemPalette(QGuiApplication::palette())
    , m_systemFont(QGuiApplication::font())
{
    connect(&settings, &AppSettings::themeChanged, this, &ThemeController::apply);
    connect(&settings, &AppSettings::fontPointSizeChanged, this, &ThemeController::apply);
    apply();
}

ThemeController::~ThemeController() = default;

void ThemeController::apply()
{
    // Until the user picks a theme or a size, nothing is set, so the platform's own palette and
    // font keep following the desktop (a switch to dark mode while Juxta runs included).
    switch (m_settings.theme()) {
    case AppSettings::Theme::System:
        if (m_paletteOverridden) {
            QGuiApplication::styleHints()->unsetColorScheme();
            QApplication::setPalette(m_systemPalette);
            m_paletteOverridden = false;
        }
        break;
    case AppSettings::Theme::Light:
        QGuiApplication::styleHints()->setColorScheme(Qt::ColorScheme::Light);
        QApplication::setPalette(lightPalette());
        m_paletteOverridden = true;
        break;
    case AppSettings::Theme::Dark:
        QGuiApplication::styleHints()->setColorScheme(Qt::ColorScheme::Dark);
        QApplication::setPalette(darkPalette());
        m_paletteOverridden = true;
        break;
    }
    if (m_settings.fontPointSize() > 0) {
        QFont font = m_systemFont;
        font.setPointSize(m_settings.fontPointSize());
        QApplication::setFont(font);
        m_fontOverridden = true;
    } else if (m_fontOverridden) {
        QApplication::setFont(m_systemFont);
        m_fontOverridden = false;
    }
}

QPalette ThemeController::lightPalette()
{
    QPalette palette(QColor(0xef, 0xef, 0xef), QColor(0xf7, 0xf7, 0xf7));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x1d, 0x63, 0xb0));
    palette.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    palette.setColor(QPalette::ToolTipText, Qt::black);
    palette.setColor(QPalette::PlaceholderText, QColor(0x80, 0x80, 0x80));
    setGroupColours(palette, QPalette::Active, Qt::black);
    setGroupColours(palette, QPalette::Inactive, Qt::black);
    setGroupColours(palette, QPalette::Disabled, QColor(0x9a, 0x9a, 0x9a));
    return palette;
}

QPalette ThemeController::darkPalette()
{
    const QColor window(0x2b, 0x2b, 0x2e);
    QPalette palette(QColor(0x3a, 0x3a, 0x3e), window);
    palette.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
    palette.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2a));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xd6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xf0));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    palette.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    setGroupColours(palette, QPalette::Active, QColor(0xe8, 0xe8, 0xe8));
    setGroupColours(palette, QPalette::Inactive, QColor(0xe8, 0xe8, 0xe8));
    setGroupColours(palette, QPalette::Disabled, QColor(0x7a, 0x7a, 0x7a));
    return palette;
}

} // namespace Juxta::Ui
