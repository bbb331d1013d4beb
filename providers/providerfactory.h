// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerpreset.h"

#include <memory>

class QNetworkAccessManager;

namespace Juxta::Providers {

class Provider;

/** Makes the provider a preset's wire family calls for (the local engine included). */
class ProviderFactory
{
public:
    /** @p network must outlive the provider and its streams. */
    static std::unique_ptr<Provider> create(
        const ProviderPreset &preset, QNetworkAccessManager &network, const QString &apiKey);
};

} // namespace Juxta::Providers
