// SPDX-License-Identifier: GPL-3.0-or-later
// Every wire family's decoder against recorded streams, fed whole, byte by byte and in random
// slices: the events must not depend on how the network cut the bytes.
#include "providers/anthropic/anthropicdecoder.h"
#include "providers/chatmessage.h"
#include "providers/chatstream.h"
#include "providers/gemini/geminidecoder.h"
#include "providers/openaicompatible/chatcompletionsdecoder.h"
#include "providers/openaicompatible/responsesdecoder.h"
#include "tests/fixtures/streamoutcome.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <memory>
using namespace Qt::StringLiterals;
using namespace Juxta::Providers;
using Juxta::Testing::StreamOutcome;
using Juxta::Testing::StreamOutcomeCollector;

namespace {

std::unique_ptr<StreamDecoder> decoderFor(const QString &family)
{
    if (family == "anthropic"_L1) {
        return std::make_unique<AnthropicDecoder>();
    }
    if (family == "gemini"_L1) {
        return std::make_unique<GeminiDecoder>();
    }
    if (family == "openai-responses"_L1) {
        return std::make_unique<ResponsesDecoder>();
    }
    if (family == "openai-chat-document"_L1) {
        return std::make_unique<ChatCompletionsDecoder>(ChatCompletionsDecoder::Reading::Document);
    }
    return std::make_unique<ChatCompletionsDecoder>();
}

StreamOutcome decode(const QString &family, const QByteArray &bytes, const QList<qsizetype> &cuts)
{
    auto decoder = decoderFor(family);
    ChatStream stream;
    StreamOutcomeCollector collector(stream);
    qsizetype start = 0;
    for (const qsizetype cut : cuts) {
        decoder->feed(QByteArrayView(bytes).sliced(start, cut - start), stream);
        start = cut;
    }
    decoder->feed(QByteArrayView(bytes).sliced(start), stream);
    decoder->finish(stream);
    return collector.outcome();
}

} // namespace

namespace QTest {
template<>
char *toString(const StreamOutcome &outcome)
{
    return qstrdup(qPrintable(outcome.describe()));
}
} // namespace QTest

class TestStreamDecoders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void scannedReadingAgreesWithDocuments_data();
    void scannedReadingAgreesWithDocuments();
};

void TestStreamDecoders::decodes_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("file");
    QTest::addColumn<StreamOutcome>("expected");

    const auto row = [](const char *name, const QString &family, const QString &file, const StreamOutcome &expected) {
        QTest::newRow(name) << family << file << expected;
    };
    const QString chat = u"openai-chat"_s;

    StreamOutcome basic;
    basic.started = true;
    basic.text = u"Hello, wörld 🙂"_s;
    basic.result = u"finished:stop"_s;
    basic.usage = u"12/5/0/4"_s;
    basic.model = u"gpt-4.1-mini-2025-04-14"_s;
    row("openai text and usage", chat, u"openai-basic.sse"_s, basic);

    StreamOutcome tools;
    tools.started = true;
    tools.tools = QStringList {u"call_1:get_weather({\"city\":\"Oslo\"})"_s, u"call_2:get_time({})"_s};
    tools.result = u"finished:tool_calls"_s;
    tools.usage = u"50/18/-/-"_s;
    tools.model = u"gpt-4.1"_s;
    row("openai tool calls by index", chat, u"openai-tools.sse"_s, tools);

    StreamOutcome deepseek;
    deepseek.started = true;
    deepseek.text = u"4"_s;
    deepseek.reasoning = u"Two plus two is four."_s;
    deepseek.result = u"finished:stop"_s;
    deepseek.usage = u"10/9/8/6"_s;
    deepseek.model = u"deepseek-reasoner"_s;
    row("deepseek reasoning_content and cache hits", chat, u"deepseek-reasoning.sse"_s, deepseek);

    StreamOutcome azure;
    azure.started = true;
    azure.text = u"I can"_s;
    azure.result = u"finished:content_filter"_s;
    azure.model = u"gpt-4o-2024-11-20"_s;
    azure.annotations = 3; // the prompt's verdict and two of the answer's
    row("azure filter results", chat, u"azure-content-filter.sse"_s, azure);

    StreamOutcome openrouter;
    openrouter.started = true;
    openrouter.text = u"Part"_s;
    openrouter.result = u"failed:server"_s;
    openrouter.serverMessage = u"Provider returned error"_s;
    row("openrouter error inside a 200 stream", chat, u"openrouter-midstream-error.sse"_s, openrouter);

    StreamOutcome groq;
    groq.started = true;
    groq.text = u"Done"_s;
    groq.reasoning = u"Think"_s;
    groq.result = u"finished:stop"_s;
    groq.usage = u"7/3/-/-"_s;
    groq.model = u"qwen/qwen3-32b"_s;
    row("groq reasoning and x_groq usage", chat, u"groq-reasoning.sse"_s, groq);

    StreamOutcome mistral;
    mistral.started = true;
    mistral.text = u"Answer"_s;
    mistral.reasoning = u"Hmm."_s;
    mistral.result = u"finished:length"_s;
    mistral.usage = u"5/4/-/-"_s;
    mistral.model = u"magistral-medium-2509"_s;
    row("mistral content arrays", chat, u"mistral-content-array.sse"_s, mistral);

    StreamOutcome truncated;
    truncated.started = true;
    truncated.text = u"The answer is"_s;
    row("openai stream without an end stays open", chat, u"openai-truncated.sse"_s, truncated);

    StreamOutcome malformed;
    malformed.started = true;
    malformed.text = u"ok"_s;
    malformed.result = u"failed:malformed_stream"_s;
    row("openai broken JSON", chat, u"openai-malformed.sse"_s, malformed);

    StreamOutcome llamaError;
    llamaError.result = u"failed:bad_request"_s;
    llamaError.serverMessage = u"the request exceeds the available context size, try increasing it"_s;
    row("llama-server error event", chat, u"llamacpp-context-error.sse"_s, llamaError);

    StreamOutcome anthropic;
    anthropic.started = true;
    anthropic.text = u"Checking the weather."_s;
    anthropic.reasoning = u"Let me look up"_s;
    anthropic.tools = QStringList {u"toolu_1:get_weather({\"city\": \"Oslo\"})"_s};
    anthropic.result = u"finished:tool_calls"_s;
    anthropic.usage = u"125/42/-/100"_s;
    anthropic.model = u"claude-sonnet-4-5-20250929"_s;
    row("anthropic thinking, text and tool use", u"anthropic"_s, u"anthropic-thinking-tools.sse"_s, anthropic);

    StreamOutcome overloaded;
    overloaded.started = true;
    overloaded.text = u"Partial"_s;
    overloaded.result = u"failed:overloaded"_s;
    overloaded.serverMessage = u"Overloaded"_s;
    row("anthropic overloaded mid-stream", u"anthropic"_s, u"anthropic-overloaded.sse"_s, overloaded);

    StreamOutcome anthropicCut;
    anthropicCut.started = true;
    anthropicCut.text = u"Cut"_s;
    row("anthropic without message_stop stays open", u"anthropic"_s, u"anthropic-truncated.sse"_s, anthropicCut);

    StreamOutcome gemini;
    gemini.started = true;
    gemini.text = u"Bonjour le monde"_s;
    gemini.reasoning = u"Weighing options"_s;
    gemini.result = u"finished:stop"_s;
    gemini.usage = u"8/16/12/-"_s;
    gemini.model = u"gemini-2.5-flash"_s;
    row("gemini thoughts over CRLF", u"gemini"_s, u"gemini-thoughts-crlf.sse"_s, gemini);

    StreamOutcome safety;
    safety.started = true;
    safety.text = u"Some"_s;
    safety.result = u"finished:content_filter"_s;
    safety.usage = u"6/1/-/-"_s;
    safety.model = u"gemini-2.5-flash"_s;
    safety.annotations = 1;
    row("gemini safety stop", u"gemini"_s, u"gemini-safety.sse"_s, safety);

    StreamOutcome blocked;
    blocked.started = true;
    blocked.result = u"failed:content_filter"_s;
    blocked.model = u"gemini-2.5-flash"_s;
    blocked.annotations = 1;
    row("gemini blocked prompt", u"gemini"_s, u"gemini-prompt-blocked.sse"_s, blocked);

    StreamOutcome geminiCall;
    geminiCall.started = true;
    geminiCall.tools = QStringList {u"get_weather:get_weather({\"city\":\"Oslo\"})"_s};
    geminiCall.result = u"finished:tool_calls"_s;
    geminiCall.usage = u"20/5/-/-"_s;
    geminiCall.model = u"gemini-2.5-pro"_s;
    row("gemini whole function call", u"gemini"_s, u"gemini-function-call.sse"_s, geminiCall);

    StreamOutcome responses;
    responses.started = true;
    responses.text = u"Forty-two"_s;
    responses.reasoning = u"Summing up."_s;
    responses.result = u"finished:stop"_s;
    responses.usage = u"11/70/64/0"_s;
    responses.model = u"gpt-5-mini-2025-08-07"_s;
    row("responses api text and summary", u"openai-responses"_s, u"responses-basic.sse"_s, responses);

    StreamOutcome incomplete;
    incomplete.started = true;
    incomplete.tools = QStringList {u"call_9:get_weather({\"city\":\"Oslo\"})"_s};
    incomplete.result = u"finished:length"_s;
    incomplete.usage = u"30/16/-/-"_s;
    incomplete.model = u"gpt-5-mini"_s;
    row("responses api incomplete with a call", u"openai-responses"_s, u"responses-incomplete-tool.sse"_s, incomplete);
}

void TestStreamDecoders::decodes()
{
    QFETCH(QString, family);
    QFETCH(QString, file);
    QFETCH(StreamOutcome, expected);

    QFile transcript(QStringLiteral(JUXTA_TEST_DATA) + u"/streams/"_s + file);
    QVERIFY2(transcript.open(QIODevice::ReadOnly), qPrintable(transcript.fileName()));
    const QByteArray bytes = transcript.readAll();

    QCOMPARE(decode(family, bytes, {}), expected);
    if (family == "openai-chat"_L1) {
        // The same stream read with a document per event, as the scanned reading's reference.
        QCOMPARE(decode(u"openai-chat-document"_s, bytes, {}), expected);
    }

    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < bytes.size(); ++i) {
        everyByte.append(i);
    }
    QCOMPARE(decode(family, bytes, everyByte), expected);

    for (quint32 seed = 1; seed <= 8; ++seed) {
        QRandomGenerator random(seed);
        QList<qsizetype> cuts;
        for (qsizetype at = random.bounded(1, 40); at < bytes.size(); at += random.bounded(1, 40)) {
            cuts.append(at);
        }
        const StreamOutcome sliced = decode(family, bytes, cuts);
        QVERIFY2(sliced == expected, qPrintable(u"seed %1: "_s.arg(seed) + sliced.describe()));
    }
}

void TestStreamDecoders::scannedReadingAgreesWithDocuments_data()
{
    QTest::addColumn<QByteArray>("events");
    const auto row = [](const char *name, const QList<QByteArray> &payloads) {
        QByteArray stream;
        for (const QByteArray &payload : payloads) {
            stream += "data: " + payload + "\n\n";
        }
        QTest::newRow(name) << stream + "data: [DONE]\n\n";
    };
    row("plain deltas",
        {R"({"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})",
            R"({"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]})",
            R"({"id":"c1","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"});
    row("white space everywhere",
        {" { \"choices\" : [ { \"index\" : 0 , \"delta\" : { \"content\" : \"a b\" } } ] , \"model\" : \"m\" } "});
    row("escapes and unicode",
        {R"({"choices":[{"index":0,"delta":{"content":"line\nnext \"quoted\" \\ \/ \u00e9 \ud83d\ude42 tab\t"}}]})",
            R"({"choices":[{"index":0,"delta":{"content":"lone \ud800 surrogate"}}]})",
            R"({"choices":[{"index":0,"delta":{"content":"raw ünïcödé 🙂"}}]})"});
    row("escaped keys", {R"({"choices":[{"index":0,"delta":{"\u0063ontent":"via escape"}}]})"});
    row("reasoning then answer",
        {R"({"choices":[{"index":0,"delta":{"reasoning_content":"think","reasoning":"more","content":null}}]})",
            R"({"choices":[{"index":0,"delta":{"content":"answer","refusal":null}}]})"});
    row("refusal", {R"({"choices":[{"index":0,"delta":{"refusal":"I can't."},"finish_reason":"stop"}]})"});
    row("other choice indexes",
        {R"({"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]})"});
    row("no index", {R"({"choices":[{"delta":{"content":"no index"}}]})"});
    row("non-string content", {R"({"choices":[{"index":0,"delta":{"content":42}}]})"});
    row("empty choices and usage",
        {R"({"choices":[{"index":0,"delta":{"content":"x"}}]})",
            R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})"});
    row("id changes midway",
        {R"({"id":"a","model":"m1","choices":[{"index":0,"delta":{"content":"1"}}]})",
            R"({"id":"b","model":"m2","choices":[{"index":0,"delta":{"content":"2"}}],"usage":null})",
            R"({"id":"a","model":"m1","choices":[{"index":0,"delta":{"content":"3"}}]})"});
    row("unknown nested values",
        {R"({"provider":{"name":"x","list":[1,2.5e3,-0.5,true,false,null,{"a":[]}]},"choices":[{"index":0,"delta":{"content":"ok"}}]})"});
    row("tool call",
        {R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":"{}"}}]}}]})"});
    row("error inside the stream", {R"({"error":{"message":"boom","code":500}})"});
    row("not an object", {R"(["choices"])"});
    row("broken JSON", {R"({"choices":[{"index":0,"delta":{"content":"cut)"});
    row("trailing garbage", {R"({"choices":[]} x)"});
    row("invalid UTF-8", {"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\xC3\x28\"}}]}"});
}

void TestStreamDecoders::scannedReadingAgreesWithDocuments()
{
    QFETCH(QByteArray, events);
    const StreamOutcome scanned = decode(u"openai-chat"_s, events, {});
    const StreamOutcome document = decode(u"openai-chat-document"_s, events, {});
    QCOMPARE(scanned, document);
}

QTEST_GUILESS_MAIN(TestStreamDecoders)
#include "tst_streamdecoders.moc"
