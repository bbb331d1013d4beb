// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerpreset.h"
#include "providers/tokenusage.h"

#include <QJsonObject>

namespace Juxta::Providers {

/**
 * Token counts from an OpenAI-style usage object, in both of its namings: Chat Completions'
 * prompt/completion tokens and the Responses API's input/output tokens, with DeepSeek's cache
 * fields and Ollama's eval counts.
 */
TokenUsage usageFromOpenAiJson(const QJsonObject &usage);

/** Models from an OpenAI-style list, `{"data":[{"id":…}]}`, sorted by id. */
QList<ModelInfo> modelsFromOpenAiJson(const QJsonObject &document);

} // namespace Juxta::Providers
