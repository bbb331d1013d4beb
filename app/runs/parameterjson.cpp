// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/parameterjson.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using Juxta::Providers::GenerationParams;

namespace Juxta {

namespace {

std::optional<double> number(const QJsonValue &value)
{
    if (value.isDouble()) {
        return value.toDouble();
    }
    if (value.isString()) {
        bool ok = false;
        const double parsed = value.toString().trimmed().toDouble(&ok);
        if (ok) {
            return parsed;
        }
    }
    return std::nullopt;
}

std::optional<qint64> integer(const QJsonValue &value)
{
    const auto parsed = number(value);
    if (!parsed || std::trunc(*parsed) != *parsed || std::abs(*parsed) > 9.0e15) {
        return std::nullopt;
    }
    return qint64(*parsed);
}

} // namespace

QJsonObject ParameterJson::write(const GenerationParams &params)
{
    QJsonObject json;
    if (params.temperature) {
        json.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP) {
        json.insert(u"top_p"_s, *params.topP);
    }
    if (params.topK) {
        json.insert(u"top_k"_s, *params.topK);
    }
    if (params.minP) {
        json.insert(u"min_p"_s, *params.minP);
    }
    if (params.repeatPenalty) {
        json.insert(u"repeat_penalty"_s, *params.repeatPenalty);
    }
    if (params.maxTokens) {
        json.insert(u"max_tokens"_s, *params.maxTokens);
    }
    if (!params.stop.isEmpty()) {
        json.insert(u"stop"_s, QJsonArray::fromStringList(params.stop));
    }
    if (params.seed) {
        json.insert(u"seed"_s, *params.seed);
    }
    if (!params.reasoningEffort.isEmpty()) {
        json.insert(u"reasoning_effort"_s, params.reasoningEffort);
    }
    if (params.thinkingBudget) {
        json.insert(u"thinking_budget"_s, *params.thinkingBudget);
    }
    if (params.responseFormat == GenerationParams::ResponseFormat::JsonObject) {
        json.insert(u"response_format"_s, u"json_object"_s);
    } else if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
        json.insert(u"response_format"_s, u"json_schema"_s);
        json.insert(u"json_schema"_s, params.jsonSchema);
    }
    return json;
}

GenerationParams ParameterJson::read(const QJsonObject &json, QStringList *ignored)
{
    GenerationParams params;
    QStringList skipped;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        bool used = true;
        if (key == "temperature"_L1) {
            params.temperature = number(value);
            used = params.temperature.has_value();
        } else if (key == "top_p"_L1) {
            params.topP = number(value);
            used = params.topP.has_value();
        } else if (key == "min_p"_L1) {
            params.minP = number(value);
            used = params.minP.has_value();
        } else if (key == "repeat_penalty"_L1) {
            params.repeatPenalty = number(value);
            used = params.repeatPenalty.has_value();
        } else if (key == "top_k"_L1 || key == "max_tokens"_L1 || key == "thinking_budget"_L1) {
            const auto parsed = integer(value);
            used = parsed && *parsed >= 0 && *parsed <= std::numeric_limits<int>::max();
            if (used) {
                (key == "top_k"_L1               ? params.topK
                        : key == "max_tokens"_L1 ? params.maxTokens
                                                 : params.thinkingBudget) = int(*parsed);
            }
        } else if (key == "seed"_L1) {
            params.seed = integer(value);
            used = params.seed.has_value();
        } else if (key == "stop"_L1) {
            // OpenAI accepts one string or a list of them.
            if (value.isString()) {
                params.stop = {value.toString()};
            } else if (value.isArray()) {
                for (const QJsonValue &stop : value.toArray()) {
                    used = used && stop.isString();
                    params.stop.append(stop.toString());
                }
                if (!used) {
                    params.stop.clear();
                }
            } else {
                used = false;
            }
        } else if (key == "reasoning_effort"_L1) {
            params.reasoningEffort = value.toString();
            used = value.isString();
        } else if (key == "response_format"_L1) {
            // Juxta writes the name; Prompty and OpenAI write {"type": name, "json_schema": {...}}.
            const QString type = value.isObject() ? value.toObject().value("type"_L1).toString() : value.toString();
            if (type == "json_object"_L1) {
                params.responseFormat = GenerationParams::ResponseFormat::JsonObject;
            } else if (type == "json_schema"_L1) {
                const QJsonValue schema =
                    value.isObject() ? value.toObject().value("json_schema"_L1) : json.value("json_schema"_L1);
                used = schema.isObject();
                if (used) {
                    params.responseFormat = GenerationParams::ResponseFormat::JsonSchema;
                    params.jsonSchema = schema.toObject();
                }
            } else {
                used = type == "text"_L1;
            }
        } else if (key == "json_schema"_L1) {
            used = json.value("response_format"_L1).toString() == "json_schema"_L1;
        } else {
            used = false;
        }
        if (!used) {
            skipped.append(key);
        }
    }
    if (ignored) {
        *ignored = skipped;
    }
    return params;
}

void ParameterJson::fillUnset(GenerationParams &params, const GenerationParams &suggested)
{
    const auto fill = [](auto &field, const auto &fallback) {
        if (!field) {
            field = fallback;
        }
    };
    fill(params.temperature, suggested.temperature);
    fill(params.topP, suggested.topP);
    fill(params.topK, suggested.topK);
    fill(params.minP, suggested.minP);
    fill(params.repeatPenalty, suggested.repeatPenalty);
    fill(params.maxTokens, suggested.maxTokens);
    fill(params.seed, suggested.seed);
    fill(params.thinkingBudget, suggested.thinkingBudget);
    if (params.stop.isEmpty()) {
        params.stop = suggested.stop;
    }
    if (params.reasoningEffort.isEmpty()) {
        params.reasoningEffort = suggested.reasoningEffort;
    }
    if (params.responseFormat == GenerationParams::ResponseFormat::Text) {
        params.responseFormat = suggested.responseFormat;
        params.jsonSchema = suggested.jsonSchema;
    }
}

} // namespace Juxta
