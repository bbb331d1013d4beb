// SPDX-License-Identifier: GPL-3.0-or-later
// What each wire family sends for the same conversation: the body, the URL and the key's place.
#include "providers/anthropic/anthropicprovider.h"
#include "providers/gemini/geminiprovider.h"
#include "providers/openaicompatible/openaicompatibleprovider.h"
#include "providers/openaicompatible/openairesponsesprovider.h"
#include "providers/providerfactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace {

ProviderPreset preset(const QByteArray &json)
{
    QString error;
    auto parsed = ProviderPreset::fromJson(QJsonDocument::fromJson(json).object(), &error);
    if (!parsed) {
        qFatal("bad test preset: %s", qPrintable(error));
    }
    return *parsed;
}

ChatRequest conversation()
{
    ChatRequest request;
    request.model = u"model-1"_s;
    request.systemPrompt = u"Be brief."_s;
    request.messages = {
        {ChatMessage::Role::User, u"Weather in Oslo?"_s, {}, {}, {}},
        {ChatMessage::Role::Assistant,
            {},
            {},
            {ToolCall {u"call_1"_s, u"get_weather"_s, u"{\"city\":\"Oslo\"}"_s}},
            {}},
        {ChatMessage::Role::Tool, u"12 C"_s, {}, {}, u"call_1"_s},
        {ChatMessage::Role::User, u"Thanks — and tomorrow?"_s, {}, {}, {}},
    };
    request.params.temperature = 0.5;
    request.params.maxTokens = 300;
    request.params.stop = {u"END"_s};
    request.params.seed = 7;
    return request;
}

QJsonObject bodyOf(const HttpProvider &provider, const ChatRequest &request)
{
    return QJsonDocument::fromJson(provider.requestBody(request)).object();
}

} // namespace

class TestRequestBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openAiChat();
    void azureDeploymentUrlAndKeyHeader();
    void mistralSeedAndNoUsageOption();
    void llamaServerSamplers();
    void anthropic();
    void anthropicThinkingLeavesRoomForTheAnswer();
    void gemini();
    void responses();
    void queryKeyStaysOutOfHeaders();

private:
    QNetworkAccessManager m_network;
};

void TestRequestBodies::openAiChat()
{
    const OpenAiCompatibleProvider provider(
        preset(R"({"id":"openai","family":"openai-chat","baseUrl":"https://api.example/v1","keyEnv":"K",
                   "maxTokensField":"max_completion_tokens"})"),
        m_network,
        u"sk-test"_s);
    ChatRequest request = conversation();
    request.params.topK = 40; // a chat-completions server cannot take it
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("model"_L1).toString(), u"model-1"_s);
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    QCOMPARE(body.value("stream_options"_L1).toObject().value("include_usage"_L1).toBool(), true);
    QCOMPARE(body.value("max_completion_tokens"_L1).toInt(), 300);
    QVERIFY(!body.contains("max_tokens"_L1));
    QVERIFY(!body.contains("top_k"_L1));
    QCOMPARE(body.value("seed"_L1).toInt(), 7);
    QCOMPARE(body.value("stop"_L1).toArray(), QJsonArray {u"END"_s});
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 5);
    QCOMPARE(messages[0].toObject().value("role"_L1).toString(), u"system"_s);
    const QJsonObject call = messages[2].toObject();
    QVERIFY(call.value("content"_L1).isNull());
    QCOMPARE(call.value("tool_calls"_L1).toArray()[0].toObject().value("function"_L1).toObject().value("arguments"_L1),
        QJsonValue(u"{\"city\":\"Oslo\"}"_s));
    QCOMPARE(messages[3].toObject().value("tool_call_id"_L1).toString(), u"call_1"_s);
    QCOMPARE(provider.unsupportedParameters(request), QStringList {u"top_k"_s});

    const QNetworkRequest http = provider.chatNetworkRequest(request);
    QCOMPARE(http.url(), QUrl(u"https://api.example/v1/chat/completions"_s));
    QCOMPARE(http.rawHeader("Authorization"), "Bearer sk-test");
    QCOMPARE(http.rawHeader("Accept"), "text/event-stream");
}

void TestRequestBodies::azureDeploymentUrlAndKeyHeader()
{
    const OpenAiCompatibleProvider provider(
        preset(
            R"({"id":"azure-openai","family":"openai-chat","baseUrl":"https://res.openai.azure.com/","auth":"api-key",
                   "apiVersion":"2024-10-21","chatPath":"/openai/deployments/{model}/chat/completions","modelInBody":false})"),
        m_network,
        u"azure-key"_s);
    ChatRequest request = conversation();
    request.model = u"my deployment"_s;
    const QNetworkRequest http = provider.chatNetworkRequest(request);
    QCOMPARE(http.url().toString(QUrl::FullyEncoded),
        u"https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21"_s);
    QCOMPARE(http.rawHeader("api-key"), "azure-key");
    QVERIFY(!http.hasRawHeader("Authorization"));
    QVERIFY(!bodyOf(provider, request).contains("model"_L1));
}

void TestRequestBodies::mistralSeedAndNoUsageOption()
{
    const OpenAiCompatibleProvider provider(
        preset(
            R"({"id":"mistral","family":"openai-chat","baseUrl":"https://api.mistral.example/v1","seedField":"random_seed",
                   "streamUsage":false})"),
        m_network,
        u"k"_s);
    const QJsonObject body = bodyOf(provider, conversation());
    QCOMPARE(body.value("random_seed"_L1).toInt(), 7);
    QVERIFY(!body.contains("seed"_L1));
    QVERIFY(!body.contains("stream_options"_L1));
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 300);
}

void TestRequestBodies::llamaServerSamplers()
{
    const OpenAiCompatibleProvider provider(
        preset(
            R"({"id":"llamacpp","family":"openai-chat","baseUrl":"http://127.0.0.1:8080/v1","nativeSamplers":true})"),
        m_network,
        {});
    ChatRequest request = conversation();
    request.params.topK = 40;
    request.params.minP = 0.05;
    request.params.repeatPenalty = 1.1;
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("top_k"_L1).toInt(), 40);
    QCOMPARE(body.value("min_p"_L1).toDouble(), 0.05);
    QCOMPARE(body.value("repeat_penalty"_L1).toDouble(), 1.1);
    QVERIFY(provider.unsupportedParameters(request).isEmpty());
    QVERIFY(!provider.chatNetworkRequest(request).hasRawHeader("Authorization"));
}

void TestRequestBodies::anthropic()
{
    const AnthropicProvider provider(
        preset(
            R"({"id":"anthropic","family":"anthropic","baseUrl":"https://api.anthropic.example/v1","auth":"x-api-key",
                   "headers":{"anthropic-version":"2023-06-01"}})"),
        m_network,
        u"ant-key"_s);
    const ChatRequest request = conversation();
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("system"_L1).toString(), u"Be brief."_s);
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 300);
    QCOMPARE(body.value("stop_sequences"_L1).toArray(), QJsonArray {u"END"_s});
    QVERIFY(!body.contains("seed"_L1));
    const QJsonArray messages = body.value("messages"_L1).toArray();
    QCOMPARE(messages.size(), 4);
    const QJsonObject toolUse = messages[1].toObject().value("content"_L1).toArray()[0].toObject();
    QCOMPARE(toolUse.value("type"_L1).toString(), u"tool_use"_s);
    QCOMPARE(toolUse.value("input"_L1).toObject().value("city"_L1).toString(), u"Oslo"_s);
    const QJsonObject result = messages[2].toObject();
    QCOMPARE(result.value("role"_L1).toString(), u"user"_s);
    QCOMPARE(result.value("content"_L1).toArray()[0].toObject().value("tool_use_id"_L1).toString(), u"call_1"_s);
    QCOMPARE(provider.unsupportedParameters(request), QStringList {u"seed"_s});

    const QNetworkRequest http = provider.chatNetworkRequest(request);
    QCOMPARE(http.url(), QUrl(u"https://api.anthropic.example/v1/messages"_s));
    QCOMPARE(http.rawHeader("x-api-key"), "ant-key");
    QCOMPARE(http.rawHeader("anthropic-version"), "2023-06-01");
}

void TestRequestBodies::anthropicThinkingLeavesRoomForTheAnswer()
{
    const AnthropicProvider provider(
        preset(R"({"id":"anthropic","family":"anthropic","baseUrl":"https://a.example/v1","defaultMaxTokens":2000})"),
        m_network,
        {});
    ChatRequest request;
    request.model = u"m"_s;
    request.messages = {{ChatMessage::Role::User, u"Hi"_s, {}, {}, {}}};
    request.params.thinkingBudget = 4000;
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("thinking"_L1).toObject().value("budget_tokens"_L1).toInt(), 4000);
    QCOMPARE(body.value("max_tokens"_L1).toInt(), 6000);
}

void TestRequestBodies::gemini()
{
    const GeminiProvider provider(
        preset(R"({"id":"gemini","family":"gemini","baseUrl":"https://gen.example/v1beta","auth":"x-goog-api-key",
                   "chatPath":"/models/{model}:streamGenerateContent?alt=sse"})"),
        m_network,
        u"g-key"_s);
    ChatRequest request = conversation();
    request.params.thinkingBudget = 512;
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("systemInstruction"_L1).toObject().value("parts"_L1).toArray()[0].toObject().value("text"_L1),
        QJsonValue(u"Be brief."_s));
    const QJsonArray contents = body.value("contents"_L1).toArray();
    QCOMPARE(contents.size(), 4);
    QCOMPARE(contents[1].toObject().value("role"_L1).toString(), u"model"_s);
    const QJsonObject config = body.value("generationConfig"_L1).toObject();
    QCOMPARE(config.value("maxOutputTokens"_L1).toInt(), 300);
    QCOMPARE(config.value("seed"_L1).toInt(), 7);
    QCOMPARE(config.value("thinkingConfig"_L1).toObject().value("includeThoughts"_L1).toBool(), true);
    QVERIFY(!body.contains("model"_L1));

    const QNetworkRequest http = provider.chatNetworkRequest(request);
    QCOMPARE(http.url().toString(QUrl::FullyEncoded),
        u"https://gen.example/v1beta/models/model-1:streamGenerateContent?alt=sse"_s);
    QCOMPARE(http.rawHeader("x-goog-api-key"), "g-key");
}

void TestRequestBodies::responses()
{
    const OpenAiResponsesProvider provider(
        preset(R"({"id":"openai-responses","family":"openai-responses","baseUrl":"https://api.example/v1"})"),
        m_network,
        u"k"_s);
    ChatRequest request = conversation();
    request.params.reasoningEffort = u"low"_s;
    const QJsonObject body = bodyOf(provider, request);
    QCOMPARE(body.value("instructions"_L1).toString(), u"Be brief."_s);
    QCOMPARE(body.value("max_output_tokens"_L1).toInt(), 300);
    QCOMPARE(body.value("store"_L1).toBool(), false);
    QCOMPARE(body.value("reasoning"_L1).toObject().value("effort"_L1).toString(), u"low"_s);
    const QJsonArray input = body.value("input"_L1).toArray();
    QCOMPARE(input[1].toObject().value("type"_L1).toString(), u"function_call"_s);
    QCOMPARE(input[2].toObject().value("type"_L1).toString(), u"function_call_output"_s);
    QCOMPARE(provider.unsupportedParameters(request), (QStringList {u"stop"_s, u"seed"_s}));
    QCOMPARE(provider.chatNetworkRequest(request).url(), QUrl(u"https://api.example/v1/responses"_s));
}

void TestRequestBodies::queryKeyStaysOutOfHeaders()
{
    const auto provider = ProviderFactory::create(
        preset(R"({"id":"q","family":"gemini","baseUrl":"https://gen.example/v1beta","auth":"query-key"})"),
        m_network,
        u"secret key"_s);
    const auto *http = qobject_cast<const HttpProvider *>(provider.get());
    QVERIFY(http);
    const QNetworkRequest request = http->chatNetworkRequest(conversation());
    QCOMPARE(QUrlQuery(request.url()).queryItemValue(u"key"_s, QUrl::FullyDecoded), u"secret key"_s);
    QVERIFY(!request.hasRawHeader("x-goog-api-key"));
}

QTEST_GUILESS_MAIN(TestRequestBodies)
#include "tst_requestbodies.moc"
