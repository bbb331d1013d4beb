// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/promptbundle.h"

namespace Juxta {

/**
 * `.prompty` files, the prompt asset format of Azure AI Foundry and the Prompty tooling:
 * YAML front matter (name, description, tags, model: api/configuration/parameters, inputs,
 * sample) between `---` lines, then a body of `system:` / `user:` role sections with
 * {{variable}} placeholders.
 *
 * Juxta maps model.parameters to suggested parameters, model.configuration (type and
 * deployment or name) to a suggested PRESET:MODEL, and sample values (else input defaults)
 * to variable defaults.
 */
class PromptyFormat
{
public:
    /** Parses one file; @p fallbackName names the prompt when the front matter does not. */
    static StorageResult<PromptBundle::Entry> parse(const QByteArray &data, const QString &fallbackName);
    /** Writes one version of a prompt as a .prompty file. */
    static QByteArray write(const Prompt &prompt, const PromptVersion &version);
};

} // namespace Juxta
