// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Juxta::Providers {

/**
 * How a model should generate. Every field is optional: an unset field is not sent, so the
 * provider's own default applies. A provider reports the fields it cannot honour instead of
 * dropping them silently (Provider::unsupportedParameters()).
 */
struct GenerationParams
{
    enum class ResponseFormat { Text, JsonObject, JsonSchema };

    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<double> minP;
    std::optional<double> repeatPenalty;
    std::optional<int> maxTokens;
    QStringList stop;
    std::optional<qint64> seed;
    /** none, minimal, low, medium, high, xhigh; empty leaves the model's default. */
    QString reasoningEffort;
    /** Tokens a model may spend thinking (Anthropic extended thinking, Gemini thinking budget). */
    std::optional<int> thinkingBudget;
    ResponseFormat responseFormat = ResponseFormat::Text;
    /** The JSON Schema an answer must follow when responseFormat is JsonSchema. */
    QJsonObject jsonSchema;
};

} // namespace Juxta::Providers
