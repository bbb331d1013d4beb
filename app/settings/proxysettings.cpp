// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/proxysettings.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Juxta {

std::optional<ProxySettings> ProxySettings::fromString(const QString &text, QString *error)
{
    ProxySettings settings;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return settings;
    }
    if (trimmed.compare("none"_L1, Qt::CaseInsensitive) == 0) {
        settings.m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        return settings;
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::DefaultProxy;
    if (scheme == "http"_L1 || scheme == "https"_L1) {
        type = QNetworkProxy::HttpProxy;
    } else if (scheme == "socks5"_L1 || scheme == "socks5h"_L1) {
        type = QNetworkProxy::Socks5Proxy;
    }
    if (!url.isValid() || url.host().isEmpty() || type == QNetworkProxy::DefaultProxy) {
        if (error) {
            *error = QCoreApplication::translate("Juxta::ProxySettings",
                "\"%1\" is not a proxy: write http://host:port or socks5://host:port.")
                         .arg(trimmed);
        }
        return std::nullopt;
    }
    settings.m_proxy = QNetworkProxy(type,
        url.host(),
        quint16(url.port(type == QNetworkProxy::HttpProxy ? 8080 : 1080)),
        url.userName(QUrl::FullyDecoded),
        url.password(QUrl::FullyDecoded));
    return settings;
}

void ProxySettings::applyTo(QNetworkAccessManager &network) const
{
    if (m_proxy) {
        network.setProxy(*m_proxy);
    } else {
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        network.setProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
    }
}

} // namespace Juxta
