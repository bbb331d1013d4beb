// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/theme/tintediconengine.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

/** Sizes, modes and palettes are few; past this the cache starts again rather than grow. */
constexpr qsizetype MaxCachedPixmaps = 64;

QString resourcePath(const QString &name)
{
    return u":/juxta/icons/%1.svg"_s.arg(name);
}

} // namespace

TintedIconEngine::TintedIconEngine(const QString &name)
    : m_name(name)
{ }

TintedIconEngine::TintedIconEngine(const TintedIconEngine &other)
    : QIconEngine(other)
    , m_name(other.m_name)
    , m_renderer(other.m_renderer)
{ }

TintedIconEngine::~TintedIconEngine() = default;

QIcon TintedIconEngine::icon(const QString &name)
{
    // The SVG is read on the first paint: a window holds many icons (every pane's menu) it may never show.
    if (!QFile::exists(resourcePath(name))) {
        return {};
    }
    return QIcon(new TintedIconEngine(name));
}

QSvgRenderer &TintedIconEngine::renderer()
{
    if (!m_renderer) {
        m_renderer = std::make_shared<QSvgRenderer>(resourcePath(m_name));
        m_renderer->setAspectRatioMode(Qt::KeepAspectRatio);
    }
    return *m_renderer;
}

QColor TintedIconEngine::colour(QIcon::Mode mode, const QPalette &palette)
{
    switch (mode) {
    case QIcon::Disabled:
        return palette.color(QPalette::Disabled, QPalette::ButtonText);
    case QIcon::Selected:
        return palette.color(QPalette::Active, QPalette::HighlightedText);
    case QIcon::Normal:
    case QIcon::Active:
        break;
    }
    return palette.color(QPalette::Active, QPalette::ButtonText);
}

void TintedIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state)
{
    const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : qreal(1);
    painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, scale));
}

QPixmap TintedIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1);
}

QPixmap TintedIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale)
{
    if (size.isEmpty() || isNull()) {
        return {};
    }
    const QColor tint = colour(mode, QGuiApplication::palette());
    const QSize pixels = (QSizeF(size) * scale).toSize();
    const QString cacheKey = u"%1x%2@%3:%4"_s.arg(pixels.width()).arg(pixels.height()).arg(scale).arg(tint.rgba());
    if (const auto cached = m_cache.constFind(cacheKey); cached != m_cache.cend()) {
        return *cached;
    }
    // Drawn in the file's own colour, then every drawn pixel takes the tint, edges keeping their alpha.
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer().render(&painter, QRectF(QPointF(0, 0), QSizeF(pixels)));
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(image.rect(), tint);
    }
    QPixmap pixmap = QPixmap::fromImage(std::move(image));
    pixmap.setDevicePixelRatio(scale);
    if (m_cache.size() >= MaxCachedPixmaps) {
        m_cache.clear();
    }
    m_cache.insert(cacheKey, pixmap);
    return pixmap;
}

QSize TintedIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    return size;
}

QIconEngine *TintedIconEngine::clone() const
{
    return new TintedIconEngine(*this);
}

QString TintedIconEngine::key() const
{
    return u"juxta-tinted-svg"_s;
}

QString TintedIconEngine::iconName()
{
    return m_name;
}

bool TintedIconEngine::isNull()
{
    return !renderer().isValid();
}

} // namespace Juxta::Ui
