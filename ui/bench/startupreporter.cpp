// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bench/startupreporter.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {
constexpr int IdleMs = 1000;
}

StartupReporter::StartupReporter(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    m_window->winId(); // makes the native window, so its expose event can be watched
    m_window->windowHandle()->installEventFilter(this);
}

StartupReporter::~StartupReporter() = default;

bool StartupReporter::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_shown && event->type() == QEvent::Expose && m_window->windowHandle()->isExposed()) {
        m_shown = true;
        // The expose is handled (and the window painted) before the next turn of the loop.
        QTimer::singleShot(0, this, &StartupReporter::reportShown);
    }
    return QObject::eventFilter(watched, event);
}

void StartupReporter::reportShown()
{
    std::fputs("juxta-shown\n", stdout);
    std::fflush(stdout);
    QTimer::singleShot(IdleMs, this, &StartupReporter::reportIdle);
}

void StartupReporter::reportIdle()
{
    qint64 rssKb = 0;
    QFile status(u"/proc/self/status"_s);
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:")) {
                rssKb = line.mid(6).trimmed().split(' ').value(0).toLongLong();
            }
        }
    }
    std::fprintf(stdout, "juxta-idle-rss-kb %lld\n", static_cast<long long>(rssKb));
    std::fflush(stdout);
    QCoreApplication::exit(0);
}

} // namespace Juxta::Ui
