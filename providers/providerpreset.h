// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <utility>

namespace Juxta::Providers {

/** A model a preset knows, with its context size and prices in US dollars per million tokens. */
struct ModelInfo
{
    QString id;
    QString displayName;
    std::optional<qint64> contextLength;
    std::optional<double> inputPrice;
    std::optional<double> outputPrice;
    std::optional<double> cachedInputPrice;
};

/** The deadlines of one request; each has its own message when it passes. */
struct Timeouts
{
    int connectMs = 15'000;
    /** From the request being sent to the response headers. */
    int firstByteMs = 120'000;
    /** The longest silence allowed between two pieces of a stream. */
    int idleMs = 120'000;
    int totalMs = 900'000;
};

/** The wire format a provider speaks: one class per family, not per company. */
enum class WireFamily {
    OpenAiChat,
    OpenAiResponses,
    Anthropic,
    Gemini,
    Local, ///< the embedded libllama engine: no URL, the model is a GGUF file
};

/** Where the API key goes. */
enum class AuthStyle {
    None,
    Bearer, ///< Authorization: Bearer KEY
    ApiKeyHeader, ///< api-key: KEY (Azure)
    XApiKey, ///< x-api-key: KEY (Anthropic)
    GoogApiKey, ///< x-goog-api-key: KEY (Gemini)
    QueryKey, ///< ?key=KEY
};

/**
 * A company or server as data: how to reach it, how to authenticate, which models it has and
 * what they cost. Adding a provider of an existing wire family is a new preset, not new code.
 */
struct ProviderPreset
{
    QString id;
    QString displayName;
    WireFamily family = WireFamily::OpenAiChat;
    QUrl baseUrl;
    /** True when the base URL holds a placeholder (an Azure resource name) the user must fill in. */
    bool baseUrlIsTemplate = false;
    AuthStyle auth = AuthStyle::Bearer;
    /** False for servers that work without a key (a local llama-server, a custom gateway). */
    bool keyRequired = true;
    /** The environment variable developers already keep this provider's key in. */
    QString keyEnvironmentVariable;
    /** Sent as the api-version query parameter when set (Azure). */
    QString apiVersion;
    /** Appended to the base URL for a chat request; "{model}" is replaced by the model id. */
    QString chatPath;
    QString modelsPath;
    /** False where the URL names the model (Azure deployments, Gemini). */
    bool modelInBody = true;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QString defaultModel;
    QList<ModelInfo> models;
    Timeouts timeouts;

    // Where providers of one family differ.
    QString maxTokensField;
    QString seedField;
    /** Whether the server takes llama.cpp's samplers (top_k, min_p, repeat_penalty) in a chat request. */
    bool nativeSamplers = false;
    /** Whether stream_options.include_usage is sent (rejected by a few compatible servers). */
    bool streamUsageOption = true;
    /** Used when a request sets no limit but the API requires one (Anthropic). */
    int defaultMaxTokens = 4096;
    /** Parameters this provider is known to reject or ignore, beyond what its family cannot send. */
    QStringList unsupportedParameters;

    const ModelInfo *findModel(const QString &modelId) const;

    /** Reads one preset of the catalog; on failure returns nothing and sets @p error. */
    static std::optional<ProviderPreset> fromJson(const QJsonObject &object, QString *error);
    static QString familyName(WireFamily family);
    static std::optional<WireFamily> familyFromName(const QString &name);
};

} // namespace Juxta::Providers
