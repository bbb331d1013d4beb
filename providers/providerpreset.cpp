// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerpreset.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

struct FamilyName
{
    WireFamily family;
    QLatin1StringView name;
};
constexpr FamilyName FamilyNames[] = {
    {WireFamily::OpenAiChat, "openai-chat"_L1},
    {WireFamily::OpenAiResponses, "openai-responses"_L1},
    {WireFamily::Anthropic, "anthropic"_L1},
    {WireFamily::Gemini, "gemini"_L1},
    {WireFamily::Local, "local"_L1},
};

struct AuthName
{
    AuthStyle auth;
    QLatin1StringView name;
};
constexpr AuthName AuthNames[] = {
    {AuthStyle::None, "none"_L1},
    {AuthStyle::Bearer, "bearer"_L1},
    {AuthStyle::ApiKeyHeader, "api-key"_L1},
    {AuthStyle::XApiKey, "x-api-key"_L1},
    {AuthStyle::GoogApiKey, "x-goog-api-key"_L1},
    {AuthStyle::QueryKey, "query-key"_L1},
};

std::optional<double> optionalDouble(const QJsonValue &value)
{
    return value.isDouble() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

int milliseconds(const QJsonObject &timeouts, QLatin1StringView key, int fallback)
{
    const QJsonValue seconds = timeouts.value(key);
    return seconds.isDouble() && seconds.toDouble() > 0 ? int(seconds.toDouble() * 1000) : fallback;
}

} // namespace

const ModelInfo *ProviderPreset::findModel(const QString &modelId) const
{
    for (const ModelInfo &model : models) {
        if (model.id == modelId) {
            return &model;
        }
    }
    return nullptr;
}

QString ProviderPreset::familyName(WireFamily family)
{
    for (const FamilyName &entry : FamilyNames) {
        if (entry.family == family) {
            return entry.name;
        }
    }
    return {};
}

std::optional<WireFamily> ProviderPreset::familyFromName(const QString &name)
{
    for (const FamilyName &entry : FamilyNames) {
        if (entry.name == name) {
            return entry.family;
        }
    }
    return std::nullopt;
}

std::optional<ProviderPreset> ProviderPreset::fromJson(const QJsonObject &object, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error) {
            *error = why;
        }
        return std::nullopt;
    };
    ProviderPreset preset;
    preset.id = object.value("id"_L1).toString();
    if (preset.id.isEmpty()) {
        return fail(u"a preset has no id"_s);
    }
    preset.displayName = object.value("name"_L1).toString(preset.id);
    const auto family = familyFromName(object.value("family"_L1).toString());
    if (!family) {
        return fail(u"preset %1: unknown family \"%2\""_s.arg(preset.id, object.value("family"_L1).toString()));
    }
    preset.family = *family;
    preset.baseUrl = QUrl(object.value("baseUrl"_L1).toString(), QUrl::StrictMode);
    // The embedded engine is reached without a URL.
    if (preset.family != WireFamily::Local && (!preset.baseUrl.isValid() || preset.baseUrl.scheme().isEmpty())) {
        return fail(u"preset %1: the base URL is not a valid URL"_s.arg(preset.id));
    }
    preset.baseUrlIsTemplate = object.value("baseUrlIsTemplate"_L1).toBool();

    const QString auth = object.value("auth"_L1).toString(u"bearer"_s);
    bool authKnown = false;
    for (const AuthName &entry : AuthNames) {
        if (entry.name == auth) {
            preset.auth = entry.auth;
            authKnown = true;
        }
    }
    if (!authKnown) {
        return fail(u"preset %1: unknown auth style \"%2\""_s.arg(preset.id, auth));
    }
    preset.keyRequired = preset.auth != AuthStyle::None && !object.value("keyOptional"_L1).toBool(false);
    preset.keyEnvironmentVariable = object.value("keyEnv"_L1).toString();
    preset.apiVersion = object.value("apiVersion"_L1).toString();

    const bool anthropic = preset.family == WireFamily::Anthropic;
    const bool gemini = preset.family == WireFamily::Gemini;
    const QString defaultChatPath = anthropic          ? u"/messages"_s
        : gemini                                       ? u"/models/{model}:streamGenerateContent"_s
        : preset.family == WireFamily::OpenAiResponses ? u"/responses"_s
                                                       : u"/chat/completions"_s;
    preset.chatPath = object.value("chatPath"_L1).toString(defaultChatPath);
    preset.modelsPath = object.value("modelsPath"_L1).toString(u"/models"_s);
    preset.modelInBody = object.value("modelInBody"_L1).toBool(!gemini);
    const QJsonObject headers = object.value("headers"_L1).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        preset.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }
    preset.maxTokensField = object.value("maxTokensField"_L1).toString(u"max_tokens"_s);
    preset.seedField = object.value("seedField"_L1).toString(u"seed"_s);
    preset.streamUsageOption = object.value("streamUsage"_L1).toBool(true);
    preset.nativeSamplers = object.value("nativeSamplers"_L1).toBool(false);
    preset.defaultMaxTokens = object.value("defaultMaxTokens"_L1).toInt(4096);
    for (const QJsonValue &name : object.value("unsupported"_L1).toArray()) {
        preset.unsupportedParameters.append(name.toString());
    }

    const QJsonObject timeouts = object.value("timeouts"_L1).toObject();
    preset.timeouts.connectMs = milliseconds(timeouts, "connect"_L1, preset.timeouts.connectMs);
    preset.timeouts.firstByteMs = milliseconds(timeouts, "firstByte"_L1, preset.timeouts.firstByteMs);
    preset.timeouts.idleMs = milliseconds(timeouts, "idle"_L1, preset.timeouts.idleMs);
    preset.timeouts.totalMs = milliseconds(timeouts, "total"_L1, preset.timeouts.totalMs);

    for (const QJsonValue &value : object.value("models"_L1).toArray()) {
        const QJsonObject model = value.toObject();
        ModelInfo info;
        info.id = model.value("id"_L1).toString();
        if (info.id.isEmpty()) {
            return fail(u"preset %1: a model has no id"_s.arg(preset.id));
        }
        info.displayName = model.value("name"_L1).toString(info.id);
        if (model.value("context"_L1).isDouble()) {
            info.contextLength = qint64(model.value("context"_L1).toDouble());
        }
        const QJsonObject price = model.value("price"_L1).toObject();
        info.inputPrice = optionalDouble(price.value("input"_L1));
        info.outputPrice = optionalDouble(price.value("output"_L1));
        info.cachedInputPrice = optionalDouble(price.value("cachedInput"_L1));
        preset.models.append(info);
    }
    preset.defaultModel =
        object.value("defaultModel"_L1).toString(preset.models.isEmpty() ? QString() : preset.models.constFirst().id);
    return preset;
}

} // namespace Juxta::Providers
