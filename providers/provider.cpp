// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/provider.h"

namespace Juxta::Providers {

Provider::Provider(const ProviderPreset &preset, QObject *parent)
    : QObject(parent)
    , m_preset(preset)
{ }

Provider::~Provider() = default;

} // namespace Juxta::Providers
