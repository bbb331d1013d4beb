// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QIconEngine>
#include <QPalette>

#include <memory>

class QSvgRenderer;

namespace Juxta::Ui {

/**
 * One of Juxta's own monochrome SVG icons (resources/icons), drawn at whatever size and device
 * pixel ratio is asked and coloured with the application palette's text colour at that moment:
 * the icons follow light and dark themes, and a palette change re-tints them on the next paint
 * (widgets repaint on QEvent::PaletteChange). Disabled and selected states take the palette's
 * disabled and highlighted-text colours.
 */
class TintedIconEngine : public QIconEngine
{
public:
    /** @p name: a file of resources/icons without ".svg" ("send", "stop"…). */
    explicit TintedIconEngine(const QString &name);
    ~TintedIconEngine() override;
    TintedIconEngine &operator=(const TintedIconEngine &) = delete;

    /** The icon @p name as a QIcon; a null icon when there is no such file. */
    static QIcon icon(const QString &name);
    /** The colour an icon in @p mode is drawn with under @p palette. */
    static QColor colour(QIcon::Mode mode, const QPalette &palette);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QIconEngine *clone() const override;
    QString key() const override;
    QString iconName() override;
    bool isNull() override;

private:
    TintedIconEngine(const TintedIconEngine &other);
    QSvgRenderer &renderer();

    QString m_name;
    /** Made on first use, then shared by the copies QIcon makes; only used on the GUI thread. */
    std::shared_ptr<QSvgRenderer> m_renderer;
    QHash<QString, QPixmap> m_cache;
};

} // namespace Juxta::Ui
