// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkProxy>
#include <QString>

#include <optional>

class QNetworkAccessManager;

namespace Juxta {

/**
 * Which proxy Juxta's requests take: the system's (environment variables, platform settings)
 * unless the user names one. TLS verification stays on either way.
 */
class ProxySettings
{
public:
    /**
     * Reads "http://host:port", "socks5://user:pass@host:port" or "none" (connect directly);
     * an empty string means the system proxy. Returns nothing and sets @p error when unreadable.
     */
    static std::optional<ProxySettings> fromString(const QString &text, QString *error);

    /** Makes @p network use this proxy. */
    void applyTo(QNetworkAccessManager &network) const;

    bool usesSystemProxy() const { return !m_proxy.has_value(); }
    std::optional<QNetworkProxy> proxy() const { return m_proxy; }

private:
    std::optional<QNetworkProxy> m_proxy;
};

} // namespace Juxta
