// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QObject>
#include <QPalette>

namespace Juxta {
class AppSettings;
}

namespace Juxta::Ui {

/**
 * Applies the Preferences' look to the whole application: the theme (the system's palette, or
 * a light or dark one) and the font size. It follows the settings as they change; views that
 * draw with the palette (code highlighting included) re-render on the palette change event.
 */
class ThemeController : public QObject
{
    Q_OBJECT

public:
    /** Remembers the application's palette and font as the system's, then applies @p settings. */
    explicit ThemeController(AppSettings &settings, QObject *parent = nullptr);
    ~ThemeController() override;
    Q_DISABLE_COPY_MOVE(ThemeController)

    void apply();

    static QPalette lightPalette();
    static QPalette darkPalette();

private:
    AppSettings &m_settings;
    QPalette m_systemPalette;
    QFont m_systemFont;
    bool m_paletteOverridden = false;
    bool m_fontOverridden = false;
};

} // namespace Juxta::Ui
