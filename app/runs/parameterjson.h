// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/generationparams.h"

#include <QJsonObject>
#include <QStringList>

namespace Juxta {

/**
 * Generation parameters as JSON, the way the run history records them and prompt versions
 * suggest them: "temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens",
 * "stop", "seed", "reasoning_effort", "thinking_budget", "response_format" ("json_object",
 * "json_schema" with "json_schema", or Prompty's {"type": …}). Numbers may be written as text
 * (YAML front matter often does).
 */
class ParameterJson
{
public:
    static QJsonObject write(const Providers::GenerationParams &params);
    /**
     * The parameters in @p json. Names this Juxta does not know, or values of the wrong type,
     * are left out and listed in @p ignored, so the caller can say so instead of dropping them
     * silently.
     */
    static Providers::GenerationParams read(const QJsonObject &json, QStringList *ignored = nullptr);
    /** Copies into @p params every field @p suggested sets and @p params leaves unset. */
    static void fillUnset(Providers::GenerationParams &params, const Providers::GenerationParams &suggested);
};

} // namespace Juxta
