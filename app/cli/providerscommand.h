// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/comparecommand.h"

namespace Juxta {

/** `juxta-cli providers`: the presets, their endpoints and whether a key is configured. */
class ProvidersCommand
{
public:
    ProvidersCommand(const PresetCatalog &catalog, CompareCommand::KeyLookup keys, CompareCommand::KeyLookup keySource);
    int run(const QStringList &arguments);

private:
    const PresetCatalog &m_catalog;
    CompareCommand::KeyLookup m_keys;
    CompareCommand::KeyLookup m_keySource;
};

} // namespace Juxta
