// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaicompatible/openaijson.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {
std::optional<qint64> count(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? std::optional<qint64>(value.toInteger()) : std::nullopt;
}

std::optional<qint64> firstOf(const QJsonObject &object, std::initializer_list<QLatin1StringView> keys)
{
    for (const QLatin1StringView key : keys) {
        if (const auto value = count(object, key)) {
            return value;
        }
    }
    return std::nullopt;
}
} // namespace

TokenUsage usageFromOpenAiJson(const QJsonObject &usage)
{
    TokenUsage result;
    result.inputTokens = firstOf(usage, {"prompt_tokens"_L1, "input_tokens"_L1});
    result.outputTokens = firstOf(usage, {"completion_tokens"_L1, "output_tokens"_L1});
    const QJsonObject inputDetails =
        usage.value("prompt_tokens_details"_L1).toObject(usage.value("input_tokens_details"_L1).toObject());
    const QJsonObject outputDetails =
        usage.value("completion_tokens_details"_L1).toObject(usage.value("output_tokens_details"_L1).toObject());
    result.cachedInputTokens = count(inputDetails, "cached_tokens"_L1);
    if (!result.cachedInputTokens) {
        result.cachedInputTokens = count(usage, "prompt_cache_hit_tokens"_L1);
    }
    result.reasoningTokens = count(outputDetails, "reasoning_tokens"_L1);
    return result;
}

QList<ModelInfo> modelsFromOpenAiJson(const QJsonObject &document)
{
    QList<ModelInfo> models;
    // Azure AI Foundry's /info describes the one model behind the endpoint.
    if (const QString single = document.value("model_name"_L1).toString(); !single.isEmpty()) {
        return {ModelInfo {single, single, std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
    }
    for (const QJsonValue &value : document.value("data"_L1).toArray()) {
        const QJsonObject entry = value.toObject();
        ModelInfo model;
        model.id = entry.value("id"_L1).toString();
        if (model.id.isEmpty()) {
            continue;
        }
        model.displayName = entry.value("name"_L1).toString(model.id);
        // OpenRouter and llama-server say how long a context each model takes.
        const QJsonValue context = entry.value("context_length"_L1);
        if (context.isDouble()) {
            model.contextLength = context.toInteger();
        } else if (const QJsonValue trained = entry.value("meta"_L1).toObject().value("n_ctx_train"_L1);
            trained.isDouble()) {
            model.contextLength = trained.toInteger();
        }
        models.append(model);
    }
    std::sort(models.begin(), models.end(), [](const ModelInfo &a, const ModelInfo &b) {
        return a.id < b.id;
    });
    return models;
}

} // namespace Juxta::Providers
