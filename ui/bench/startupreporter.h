// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QWidget;

namespace Juxta::Ui {

/**
 * `juxta --report-startup`, for the UI benchmark: prints "juxta-shown" on standard output as
 * soon as the main window has been exposed and painted, then, after a second of idling,
 * "juxta-idle-rss-kb N" (the resident set size), and quits.
 */
class StartupReporter : public QObject
{
    Q_OBJECT

public:
    explicit StartupReporter(QWidget *window, QObject *parent = nullptr);
    ~StartupReporter() override;
    Q_DISABLE_COPY_MOVE(StartupReporter)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reportShown();
    void reportIdle();

    QWidget *m_window;
    bool m_shown = false;
};

} // namespace Juxta::Ui
