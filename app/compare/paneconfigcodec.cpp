// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compare/paneconfigcodec.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Juxta {

using Providers::GenerationParams;

QJsonObject PaneConfigCodec::toJson(const PaneConfig &config)
{
    const GenerationParams &p = config.params;
    QJsonObject params;
    const auto put = [&params](const QString &name, const auto &value) {
        if (value) {
            params.insert(name, double(*value));
        }
    };
    put(u"temperature"_s, p.temperature);
    put(u"top_p"_s, p.topP);
    put(u"top_k"_s, p.topK);
    put(u"min_p"_s, p.minP);
    put(u"repeat_penalty"_s, p.repeatPenalty);
    put(u"max_tokens"_s, p.maxTokens);
    put(u"seed"_s, p.seed);
    put(u"thinking_budget"_s, p.thinkingBudget);
    if (!p.stop.isEmpty()) {
        params.insert(u"stop"_s, QJsonArray::fromStringList(p.stop));
    }
    if (!p.reasoningEffort.isEmpty()) {
        params.insert(u"reasoning_effort"_s, p.reasoningEffort);
    }
    if (p.responseFormat == GenerationParams::ResponseFormat::JsonObject) {
        params.insert(u"response_format"_s, u"json_object"_s);
    } else if (p.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
        params.insert(u"response_format"_s, u"json_schema"_s);
        params.insert(u"json_schema"_s, p.jsonSchema);
    }
    QJsonObject json {{u"preset"_s, config.presetId}, {u"model"_s, config.model}, {u"params"_s, params}};
    if (!config.systemPrompt.isEmpty()) {
        json.insert(u"system"_s, config.systemPrompt);
    }
    return json;
}

PaneConfig PaneConfigCodec::fromJson(const QJsonObject &json)
{
    PaneConfig config;
    config.presetId = json.value("preset"_L1).toString();
    config.model = json.value("model"_L1).toString();
    config.systemPrompt = json.value("system"_L1).toString();
    const QJsonObject params = json.value("params"_L1).toObject();
    GenerationParams &p = config.params;
    const auto number = [&params](const QString &name) -> std::optional<double> {
        const QJsonValue value = params.value(name);
        return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
    };
    p.temperature = number(u"temperature"_s);
    p.topP = number(u"top_p"_s);
    p.minP = number(u"min_p"_s);
    p.repeatPenalty = number(u"repeat_penalty"_s);
    if (const auto value = number(u"top_k"_s)) {
        p.topK = int(*value);
    }
    if (const auto value = number(u"max_tokens"_s)) {
        p.maxTokens = int(*value);
    }
    if (const auto value = number(u"seed"_s)) {
        p.seed = qint64(*value);
    }
    if (const auto value = number(u"thinking_budget"_s)) {
        p.thinkingBudget = int(*value);
    }
    for (const QJsonValue &stop : params.value("stop"_L1).toArray()) {
        if (stop.isString()) {
            p.stop.append(stop.toString());
        }
    }
    p.reasoningEffort = params.value("reasoning_effort"_L1).toString();
    const QString format = params.value("response_format"_L1).toString();
    if (format == "json_object"_L1) {
        p.responseFormat = GenerationParams::ResponseFormat::JsonObject;
    } else if (format == "json_schema"_L1) {
        p.responseFormat = GenerationParams::ResponseFormat::JsonSchema;
        p.jsonSchema = params.value("json_schema"_L1).toObject();
    }
    return config;
}

} // namespace Juxta
