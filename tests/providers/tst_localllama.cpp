// SPDX-License-Identifier: GPL-3.0-or-later
// The embedded engine end to end, on the generated tiny model: loading, greedy determinism
// (also against llama.cpp's own llama-completion), streaming, stop strings, cancel, context
// overflow, KV cache reuse across turns, and files that are not models; and on a medium model,
// huge pages for the weights libllama repacks.
#include "providers/local/hugepagerequest.h"
#include "providers/local/llamamodelhost.h"
#include "providers/local/llamaruntime.h"
#include "providers/local/localchatstream.h"
#include "providers/local/localllamaprovider.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#if defined(Q_OS_LINUX)
#include "tests/fixtures/hugepageprobe.h"
#endif

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace {

constexpr int TimeoutMs = 60'000;

struct Answer
{
    QStringList deltas;
    std::optional<FinishReason> reason;
    std::optional<ProviderError> error;
    LlamaGenerationStats stats;
    TokenUsage usage;
    ResponseInfo info;

    QString text() const { return deltas.join(QString()); }
};

ChatRequest userRequest(const QString &prompt, std::optional<int> maxTokens = 24)
{
    ChatRequest request;
    request.model = QStringLiteral(JUXTA_TINY_GGUF);
    request.messages.append(ChatMessage {ChatMessage::Role::User, prompt, {}, {}, {}});
    request.params.temperature = 0.0;
    request.params.maxTokens = maxTokens;
    request.params.seed = 42;
    return request;
}

LocalEngineSettings smallSettings(int context = 512)
{
    LocalEngineSettings settings;
    settings.contextLength = context;
    settings.threads = 2;
    return settings;
}

// Runs one request to its end, collecting everything the stream says.
Answer ask(LocalLlamaProvider &provider, const ChatRequest &request)
{
    Answer answer;
    std::unique_ptr<ChatStream> stream(provider.start(request));
    QObject::connect(stream.get(), &ChatStream::textDelta, stream.get(), [&answer](const QString &text) {
        answer.deltas.append(text);
    });
    QObject::connect(stream.get(), &ChatStream::usageReported, stream.get(), [&answer](const TokenUsage &usage) {
        answer.usage = usage;
    });
    QObject::connect(stream.get(),
        &ChatStream::responseInfoReported,
        stream.get(),
        [&answer](const ResponseInfo &info) {
            answer.info = info;
        });
    QObject::connect(stream.get(), &ChatStream::finished, stream.get(), [&answer](FinishReason reason) {
        answer.reason = reason;
    });
    QObject::connect(stream.get(), &ChatStream::failed, stream.get(), [&answer](const ProviderError &error) {
        answer.error = error;
    });
    if (!QTest::qWaitFor(
            [&stream] {
                return stream->isEnded();
            },
            TimeoutMs)) {
        qWarning("the answer did not end in time");
    }
    if (auto *local = qobject_cast<LocalChatStream *>(stream.get())) {
        answer.stats = local->stats();
    }
    return answer;
}

// Threads of this process whose name starts with @p prefix: a model host's thread, and the
// OpenMP workers it started, which take their starter's name.
int threadsNamed(const QByteArray &prefix)
{
    int count = 0;
    const QDir tasks(u"/proc/self/task"_s);
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile name(tasks.filePath(task + u"/comm"_s));
        if (name.open(QIODevice::ReadOnly) && name.readAll().startsWith(prefix)) {
            ++count;
        }
    }
    return count;
}

#if defined(Q_OS_LINUX)
// The process's anonymous memory in use, from /proc/self/status.
qint64 anonymousBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("RssAnon:")) {
                return line.simplified().split(' ').at(1).toLongLong() * 1024;
            }
        }
    }
    return 0;
}
#endif

QByteArray chatMlPrompt(const QString &user)
{
    return "<|im_start|>user\n" + user.toUtf8() + "<|im_end|>\n<|im_start|>assistant\n";
}

} // namespace

class TestLocalLlama : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsWithProgressAndUnloads();
    void loadCanBeCancelled();
    void greedyOutputIsRepeatable();
    void greedyOutputEqualsLlamaCompletion();
    void streamedDeltasMakeTheFinalText();
    void stopStringsEndTheAnswerUnseen();
    void cancelStopsWithinADecodeStep();
    void contextOverflowIsAClearError();
    void secondTurnEvaluatesOnlyNewTokens();
    void alternatingConversationsKeepTheirPrefixes();
    void evaluationStartsAtAnAttentionTileEdge();
    void multibytePiecesArriveWhole();
    void badFilesGiveAClearError_data();
    void badFilesGiveAClearError();
    void unknownModelNameIsNotFound();
    void unknownTemplateFallsBackToChatMl();
    void idleModelsHoldNoComputeThreads();
    void repackedWeightsGetHugePages();

private:
    LlamaRuntime m_runtime;
};

void TestLocalLlama::loadsWithProgressAndUnloads()
{
    LlamaModelHost host(QStringLiteral(JUXTA_TINY_GGUF), smallSettings());
    QSignalSpy progress(&host, &LlamaModelHost::loadProgress);
    QSignalSpy loaded(&host, &LlamaModelHost::loaded);
    QCOMPARE(host.state(), LlamaModelHost::State::Unloaded);
    host.load();
    QCOMPARE(host.state(), LlamaModelHost::State::Loading);
    QVERIFY(loaded.wait(TimeoutMs));
    QCOMPARE(host.state(), LlamaModelHost::State::Loaded);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().constFirst().toDouble(), 1.0);
    const LlamaLoadInfo info = loaded.constFirst().constFirst().value<LlamaLoadInfo>();
    QCOMPARE(info.contextLength, 512);
    QCOMPARE(info.trainedContextLength, 512);
    QVERIFY(info.parameterCount > 100000);
    QVERIFY(info.weightsBytes > 0);
    QVERIFY(info.kvCacheBytes > 0);
    QCOMPARE(info.conversationCacheBytes, info.kvCacheBytes);
    QVERIFY(info.templateSupported);

    QSignalSpy unloaded(&host, &LlamaModelHost::unloaded);
    host.unload();
    QVERIFY(unloaded.wait(TimeoutMs));
    QCOMPARE(host.state(), LlamaModelHost::State::Unloaded);
    QVERIFY(!host.loadInfo());
}

void TestLocalLlama::loadCanBeCancelled()
{
    LlamaModelHost host(QStringLiteral(JUXTA_TINY_GGUF), smallSettings(8192));
    // Keep the worker busy with a long answer, so that the reload below is still queued when
    // its cancellation is asked for: the cancel is then certain to come before the load.
    LocalChatStream busy(&host, userRequest(u"the answer is"_s, std::nullopt));
    QSignalSpy deltas(&busy, &ChatStream::textDelta);
    QVERIFY(deltas.wait(TimeoutMs));
    QSignalSpy failed(&host, &LlamaModelHost::loadFailed);
    QSignalSpy loaded(&host, &LlamaModelHost::loaded);
    host.unload();
    host.load();
    QCOMPARE(host.state(), LlamaModelHost::State::Loading);
    host.cancelLoad();
    busy.cancel();
    QVERIFY(failed.wait(TimeoutMs));
    QCOMPARE(failed.constFirst().constFirst().value<ProviderError>().kind, ProviderError::Kind::Cancelled);
    QVERIFY2(failed.constFirst().constFirst().value<ProviderError>().message.contains(u"tiny-llama.gguf"_s),
        qPrintable(failed.constFirst().constFirst().value<ProviderError>().message));
    QCOMPARE(host.state(), LlamaModelHost::State::Failed);
    QVERIFY(loaded.isEmpty());

    // A later request loads it again.
    LocalChatStream next(&host, userRequest(u"hello"_s, 2));
    QSignalSpy finished(&next, &ChatStream::finished);
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(host.state(), LlamaModelHost::State::Loaded);
}

void TestLocalLlama::greedyOutputIsRepeatable()
{
    const ChatRequest request = userRequest(u"hello world"_s, 32);
    LocalLlamaProvider first(LocalLlamaProvider::defaultPreset(), smallSettings());
    const Answer a = ask(first, request);
    QVERIFY2(a.reason, a.error ? qPrintable(a.error->message) : "no answer");
    QVERIFY(!a.text().isEmpty());
    // Again on the same loaded model (the KV cache now holds the whole prompt)…
    const Answer b = ask(first, request);
    QCOMPARE(b.text(), a.text());
    // …and on a model loaded afresh.
    LocalLlamaProvider second(LocalLlamaProvider::defaultPreset(), smallSettings());
    const Answer c = ask(second, request);
    QCOMPARE(c.text(), a.text());
    // A fixed seed repeats sampled output too.
    ChatRequest sampled = request;
    sampled.params.temperature = 0.9;
    sampled.params.seed = 7;
    QCOMPARE(ask(second, sampled).text(), ask(first, sampled).text());
}

void TestLocalLlama::greedyOutputEqualsLlamaCompletion()
{
    const QString user = u"the answer is"_s;
    constexpr int tokens = 40;
    constexpr int ExtraTokens = 24;
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    const Answer ours = ask(provider, userRequest(user, tokens));
    QVERIFY(ours.reason);
    QCOMPARE(ours.stats.outputTokens, tokens);

    // The same formatted prompt, template applied by hand, through llama.cpp's own tool.
    const auto runCompletion = [&user]() -> QByteArray {
        QProcess completion;
        completion.start(QStringLiteral(JUXTA_LLAMA_COMPLETION),
            {u"-m"_s,
                QStringLiteral(JUXTA_TINY_GGUF),
                u"-no-cnv"_s,
                u"-p"_s,
                QString::fromUtf8(chatMlPrompt(user)),
                u"--temp"_s,
                u"0"_s,
                u"-n"_s,
                QString::number(tokens + ExtraTokens),
                u"-s"_s,
                u"42"_s,
                u"-c"_s,
                u"512"_s,
                u"-t"_s,
                u"2"_s,
                u"-ngl"_s,
                u"0"_s,
                u"--no-display-prompt"_s,
                u"--simple-io"_s});
        if (!completion.waitForFinished(TimeoutMs) || completion.exitCode() != 0) {
            return "llama-completion failed: " + completion.readAllStandardError().right(500);
        }
        QByteArray text = completion.readAllStandardOutput();
        // llama-completion ends its output with a blank line (after " [end of text]" on EOS).
        if (text.endsWith("\n\n")) {
            text.chop(2);
        }
        if (text.endsWith(" [end of text]")) {
            text.chop(14);
        }
        return text;
    };
    // llama-completion prints through an asynchronous logger that, on a busy machine, can exit
    // before its last tokens are written. So it generates more than we compare (greedy output
    // is the same token by token however long it runs), and a short output is run again.
    QByteArray theirs;
    for (int attempt = 0; attempt < 3 && !theirs.startsWith(ours.text().toUtf8()); ++attempt) {
        const QByteArray output = runCompletion();
        if (output.size() >= theirs.size()) {
            theirs = output;
        }
    }
    QVERIFY2(theirs.startsWith(ours.text().toUtf8()),
        qPrintable(u"ours:   %1\ntheirs: %2"_s.arg(ours.text(), QString::fromUtf8(theirs))));
    // A model that ends its answer early ends it at the same place in both.
    if (theirs.size() == ours.text().toUtf8().size()) {
        QCOMPARE(theirs, ours.text().toUtf8());
    }
}

void TestLocalLlama::streamedDeltasMakeTheFinalText()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    const Answer answer = ask(provider, userRequest(u"write a long answer about the world"_s, 200));
    QVERIFY(answer.reason);
    QCOMPARE(*answer.reason, FinishReason::Length);
    QVERIFY(answer.deltas.size() >= 1);
    QCOMPARE(answer.text(), answer.stats.text);
    QCOMPARE(answer.usage.outputTokens, 200);
    QCOMPARE(answer.usage.inputTokens, answer.stats.promptTokens);
    QCOMPARE(answer.info.model, u"tiny-llama.gguf"_s);
    QCOMPARE(answer.info.annotations.size(), 1);
    const QJsonObject engine = answer.info.annotations.at(0).toObject();
    QCOMPARE(engine.value("chat_template"_L1).toString(), u"model"_s);
    QVERIFY(engine.value("load_ms"_L1).isDouble());
    QVERIFY(engine.value("prompt_eval_tokens_per_second"_L1).toDouble() > 0);
    QVERIFY(engine.value("decode_tokens_per_second"_L1).toDouble() > 0);
}

void TestLocalLlama::stopStringsEndTheAnswerUnseen()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    const ChatRequest plain = userRequest(u"hello world"_s, 32);
    const QString full = ask(provider, plain).text();
    QVERIFY(full.size() > 12);
    // A stop string that most likely spans a token boundary, from the middle of the answer.
    const QString stop = full.mid(full.size() / 2, 4);
    const qsizetype at = full.indexOf(stop);

    ChatRequest stopping = plain;
    stopping.params.stop = {u"never appears"_s, stop};
    const Answer answer = ask(provider, stopping);
    QVERIFY(answer.reason);
    QCOMPARE(*answer.reason, FinishReason::Stop);
    QCOMPARE(answer.text(), full.left(at));
    QVERIFY(!answer.text().contains(stop));
}

void TestLocalLlama::cancelStopsWithinADecodeStep()
{
    // A long context and no token limit: the tiny model would go on for thousands of tokens.
    LlamaModelHost host(QStringLiteral(JUXTA_TINY_GGUF), smallSettings(8192));
    ChatRequest request = userRequest(u"the answer is"_s, std::nullopt);
    LocalChatStream stream(&host, request);
    QSignalSpy deltas(&stream, &ChatStream::textDelta);
    QSignalSpy failed(&stream, &ChatStream::failed);
    QSignalSpy engineFailed(&host, &LlamaModelHost::generationFailed);
    QSignalSpy engineFinished(&host, &LlamaModelHost::generationFinished);
    QVERIFY(deltas.wait(TimeoutMs));
    stream.cancel();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().constFirst().value<ProviderError>().kind, ProviderError::Kind::Cancelled);
    // The engine itself stops at its next check, long before the context would be full.
    QTRY_COMPARE_WITH_TIMEOUT(engineFailed.size(), 1, TimeoutMs);
    QCOMPARE(engineFailed.constFirst().at(1).value<ProviderError>().kind, ProviderError::Kind::Cancelled);
    QVERIFY(engineFinished.isEmpty());
    // Nothing more reaches the stream's listeners, and the model serves the next turn at once.
    const qsizetype seen = deltas.size();
    LocalChatStream next(&host, userRequest(u"hello"_s, 4));
    QSignalSpy finished(&next, &ChatStream::finished);
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(deltas.size(), seen);
}

void TestLocalLlama::contextOverflowIsAClearError()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings(512));
    QStringList words;
    for (int i = 0; i < 600; ++i) {
        words.append(u"world"_s);
    }
    const Answer answer = ask(provider, userRequest(words.join(u' ')));
    QVERIFY(!answer.reason);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->kind, ProviderError::Kind::TooLarge);
    QVERIFY2(answer.error->message.contains(u"holds 512"_s), qPrintable(answer.error->message));
    // 600 words and the template around them.
    QVERIFY2(answer.error->message.contains(u"The prompt is 6"_s), qPrintable(answer.error->message));
    QVERIFY2(answer.error->message.contains(u"tiny-llama.gguf"_s), qPrintable(answer.error->message));
    QVERIFY(answer.deltas.isEmpty());
    // The same model still answers a prompt that fits.
    QVERIFY(ask(provider, userRequest(u"hello"_s, 4)).reason);
}

void TestLocalLlama::secondTurnEvaluatesOnlyNewTokens()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    ChatRequest first = userRequest(u"hello world"_s, 16);
    first.systemPrompt = u"You answer in a few words."_s;
    const Answer one = ask(provider, first);
    QVERIFY(one.reason);
    QCOMPARE(one.stats.reusedPromptTokens, 0);
    QCOMPARE(one.stats.evaluatedPromptTokens, one.stats.promptTokens);

    ChatRequest second = first;
    second.messages.append(ChatMessage {ChatMessage::Role::Assistant, one.text(), {}, {}, {}});
    second.messages.append(ChatMessage {ChatMessage::Role::User, u"tell me more about the model"_s, {}, {}, {}});
    const Answer two = ask(provider, second);
    QVERIFY(two.reason);
    // Everything the first turn's prompt held is reused; only the rest is evaluated.
    QVERIFY2(two.stats.reusedPromptTokens >= one.stats.promptTokens,
        qPrintable(
            u"reused %1 of the first prompt's %2"_s.arg(two.stats.reusedPromptTokens).arg(one.stats.promptTokens)));
    QCOMPARE(two.stats.evaluatedPromptTokens, two.stats.promptTokens - two.stats.reusedPromptTokens);
    QVERIFY(two.stats.evaluatedPromptTokens < two.stats.promptTokens - one.stats.promptTokens + 1);
    QCOMPARE(two.usage.cachedInputTokens, two.stats.reusedPromptTokens);

    // Reusing the cache changes nothing in the answer: a fresh model evaluates it all and agrees.
    LocalLlamaProvider fresh(LocalLlamaProvider::defaultPreset(), smallSettings());
    const Answer again = ask(fresh, second);
    QCOMPARE(again.stats.evaluatedPromptTokens, again.stats.promptTokens);
    QCOMPARE(again.text(), two.text());
}

// Two panes on one model take turns; each conversation's state is kept for its next turn, so a
// pane's second turn evaluates only its new tokens although the other pane's turn came in between.
void TestLocalLlama::alternatingConversationsKeepTheirPrefixes()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    const QString system = u"You answer in a few words about the model and the world."_s;
    ChatRequest paneA = userRequest(u"hello world tell me about the people who live in it"_s, 12);
    paneA.systemPrompt = system;
    ChatRequest paneB = userRequest(u"compare the local model with the cloud one for code"_s, 12);
    paneB.systemPrompt = system;

    const Answer a1 = ask(provider, paneA);
    const Answer b1 = ask(provider, paneB);
    QVERIFY(a1.reason && b1.reason);
    // B starts from A's evaluated system prompt instead of evaluating it again.
    QVERIFY2(b1.stats.reusedPromptTokens > 10, qPrintable(QString::number(b1.stats.reusedPromptTokens)));
    QVERIFY(b1.stats.reusedPromptTokens < b1.stats.promptTokens);

    for (ChatRequest *pane : {&paneA, &paneB}) {
        const Answer &first = pane == &paneA ? a1 : b1;
        pane->messages.append(ChatMessage {ChatMessage::Role::Assistant, first.text(), {}, {}, {}});
        pane->messages.append(ChatMessage {ChatMessage::Role::User, u"and then what"_s, {}, {}, {}});
    }
    const Answer a2 = ask(provider, paneA);
    const Answer b2 = ask(provider, paneB);
    QVERIFY(a2.reason && b2.reason);
    for (const auto &[second, first] : {std::pair {&a2, &a1}, std::pair {&b2, &b1}}) {
        QVERIFY2(second->stats.reusedPromptTokens >= first->stats.promptTokens,
            qPrintable(u"reused %1 of the first prompt's %2"_s.arg(second->stats.reusedPromptTokens)
                    .arg(first->stats.promptTokens)));
        QVERIFY(second->stats.evaluatedPromptTokens < second->stats.promptTokens - first->stats.promptTokens + 1);
    }

    // The answers are those of a model that evaluates everything afresh.
    LocalLlamaProvider fresh(LocalLlamaProvider::defaultPreset(), smallSettings());
    QCOMPARE(ask(fresh, paneB).text(), b2.text());
    QCOMPARE(ask(fresh, paneA).text(), a2.text());
}

// A prompt sharing a few tokens past a multiple of 64 with the cache is evaluated from that
// multiple when the new tokens outnumber the re-evaluated ones 32 to 1 (CPU flash attention
// skips whole 64x64 tiles; see evaluationStart() in LlamaEngine).
void TestLocalLlama::evaluationStartsAtAnAttentionTileEdge()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    const auto words = [](int count, int offset) {
        static const QStringList pool =
            u"the model answers a question about the world and the people who live in it"_s.split(u' ');
        QStringList out;
        for (int i = 0; i < count; ++i) {
            out.append(pool.at((i + offset) % pool.size()));
        }
        return out.join(u' ');
    };

    // A new conversation shares only the chat template's first tokens with the one before.
    const Answer first = ask(provider, userRequest(u"hello "_s + words(300, 0), 1));
    const Answer other = ask(provider, userRequest(u"goodbye "_s + words(300, 0), 1));
    QVERIFY(first.reason && other.reason);
    QCOMPARE(other.stats.reusedPromptTokens, 0);
    QCOMPARE(other.stats.evaluatedPromptTokens, other.stats.promptTokens);

    // A system prompt whose conversations share a little more than a multiple of 64 tokens: found
    // by asking, since how many tokens a word takes is the vocabulary's business.
    int shared = 0;
    QString system;
    for (int length = 60; length < 130 && (shared % 64 == 0 || shared % 64 > 8); ++length) {
        system = words(length, 3);
        ChatRequest primer = userRequest(u"hello"_s, 1);
        primer.systemPrompt = system;
        ChatRequest shortQuestion = userRequest(u"why"_s, 1);
        shortQuestion.systemPrompt = system;
        QVERIFY(ask(provider, primer).reason);
        const Answer answer = ask(provider, shortQuestion);
        QVERIFY(answer.reason);
        // Few new tokens: all the shared ones are reused.
        shared = answer.stats.reusedPromptTokens;
    }
    QVERIFY2(shared > 64 && shared % 64 != 0 && shared % 64 <= 8, qPrintable(QString::number(shared)));

    // Many new tokens: evaluation starts at the multiple of 64 below what is shared.
    ChatRequest longQuestion = userRequest(u"tell me "_s + words(240, 5), 8);
    longQuestion.systemPrompt = system;
    const Answer answer = ask(provider, longQuestion);
    QVERIFY2(answer.reason, qPrintable(answer.error ? answer.error->message : QString()));
    QVERIFY2(answer.stats.promptTokens - shared >= 32 * (shared % 64),
        qPrintable(QString::number(answer.stats.promptTokens)));
    QCOMPARE(answer.stats.reusedPromptTokens, shared - shared % 64);
    QCOMPARE(answer.stats.evaluatedPromptTokens, answer.stats.promptTokens - answer.stats.reusedPromptTokens);

    // Starting earlier changes nothing in the answer.
    LocalLlamaProvider fresh(LocalLlamaProvider::defaultPreset(), smallSettings());
    QCOMPARE(ask(fresh, longQuestion).text(), answer.text());
}

void TestLocalLlama::multibytePiecesArriveWhole()
{
    // Hot, flat sampling reaches the byte-fallback tokens and the multibyte pieces of the
    // vocabulary; a character split between tokens must still arrive whole.
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    bool sawMultibyte = false;
    for (int seed = 1; seed <= 6 && !sawMultibyte; ++seed) {
        ChatRequest request = userRequest(u"中文 café über 🙂"_s, 160);
        request.params.temperature = 3.0;
        request.params.topK = 0;
        request.params.topP = 1.0;
        request.params.minP = 0.0;
        request.params.seed = seed;
        const Answer answer = ask(provider, request);
        QVERIFY(answer.reason);
        // Each delta decoded alone equals the whole decoded at once: no character was cut.
        QCOMPARE(answer.text(), answer.stats.text);
        for (const QString &delta : answer.deltas) {
            QVERIFY(!delta.isEmpty());
            QVERIFY(!delta.front().isLowSurrogate() && !delta.back().isHighSurrogate());
        }
        for (const QChar c : answer.text()) {
            sawMultibyte = sawMultibyte || (c.unicode() >= 0x80 && c != QChar::ReplacementCharacter);
        }
    }
    QVERIFY2(sawMultibyte, "no multibyte character was generated");
}

void TestLocalLlama::badFilesGiveAClearError_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");

    QFile model(QStringLiteral(JUXTA_TINY_GGUF));
    QVERIFY(model.open(QIODevice::ReadOnly));
    const QByteArray real = model.readAll();
    QTest::newRow("not gguf") << u"notes.gguf"_s << QByteArray("these are notes, not a model\n") << u"magic"_s;
    QTest::newRow("empty") << u"empty.gguf"_s << QByteArray() << u"too short"_s;
    QTest::newRow("wrong magic") << u"magic.gguf"_s << (QByteArray("GGML") + real.mid(4)) << u"magic"_s;
    QTest::newRow("truncated data") << u"cut.gguf"_s << real.left(real.size() * 3 / 4) << u"truncated"_s;
    QTest::newRow("truncated header") << u"short.gguf"_s << real.left(200) << u"corrupt"_s;
    QByteArray absurd = real;
    // The tensor count, right after the magic and version, claims far more tensors than exist.
    absurd.replace(8, 8, QByteArray("\xff\xff\xff\xff\xff\xff\xff\x0f", 8));
    QTest::newRow("absurd tensor count") << u"absurd.gguf"_s << absurd << u"corrupt"_s;
}

void TestLocalLlama::badFilesGiveAClearError()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(fileName));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    ChatRequest request = userRequest(u"hello"_s);
    request.model = file.fileName();
    const Answer answer = ask(provider, request);
    QVERIFY(answer.error);
    QVERIFY2(answer.error->message.contains(fileName), qPrintable(answer.error->message));
    QVERIFY2(answer.error->message.contains(reason), qPrintable(answer.error->message));
    QVERIFY(answer.deltas.isEmpty());
}

void TestLocalLlama::unknownModelNameIsNotFound()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    QTemporaryDir dir;
    provider.setModelDirectories({dir.path()});
    ChatRequest request = userRequest(u"hello"_s);
    request.model = u"no-such-model"_s;
    const Answer answer = ask(provider, request);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->kind, ProviderError::Kind::NotFound);
    QVERIFY(answer.error->message.contains(u"no-such-model"_s));

    // A name in the model folders resolves with or without its extension.
    QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), dir.filePath(u"tiny.gguf"_s)));
    request.model = u"tiny"_s;
    request.params.maxTokens = 2;
    QVERIFY(ask(provider, request).reason);
}

void TestLocalLlama::unknownTemplateFallsBackToChatMl()
{
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    ChatRequest request = userRequest(u"hello world"_s, 16);
    const Answer usual = ask(provider, request);
    QVERIFY(usual.reason);
    QVERIFY(!usual.stats.usedFallbackTemplate);

    request.model = QStringLiteral(JUXTA_ODD_TEMPLATE_GGUF);
    const Answer odd = ask(provider, request);
    QVERIFY(odd.reason);
    QVERIFY(odd.stats.usedFallbackTemplate);
    const QJsonObject engine = odd.info.annotations.at(0).toObject();
    QCOMPARE(engine.value("chat_template"_L1).toString(), u"chatml_fallback"_s);
    QVERIFY(engine.value("notice"_L1).toString().contains(u"ChatML"_s));
    // The same weights, the same ChatML prompt: the same answer.
    QCOMPARE(odd.text(), usual.text());
}

// A model that is not working holds only its own thread, so that a second loaded model does not
// push libgomp into sleeping at every barrier while the first one decodes.
void TestLocalLlama::idleModelsHoldNoComputeThreads()
{
    if (!QFile::exists(u"/proc/self/task"_s)) {
        QSKIP("needs /proc to count threads");
    }
    QCOMPARE(threadsNamed("llama: "), 0);
    LocalLlamaProvider provider(LocalLlamaProvider::defaultPreset(), smallSettings());
    QVERIFY(ask(provider, userRequest(u"hello world"_s, 16)).reason);
    // Two threads decoded (smallSettings); the worker ends once the answer is complete.
    QTRY_COMPARE_WITH_TIMEOUT(threadsNamed("llama: "), 1, 5000);

    LocalLlamaProvider other(LocalLlamaProvider::defaultPreset(), smallSettings(256));
    QVERIFY(ask(other, userRequest(u"good morning"_s, 16)).reason);
    QVERIFY(ask(provider, userRequest(u"hello again"_s, 16)).reason);
    QTRY_COMPARE_WITH_TIMEOUT(threadsNamed("llama: "), 2, 5000);
}

void TestLocalLlama::repackedWeightsGetHugePages()
{
#if !defined(Q_OS_LINUX)
    QSKIP("Huge pages are asked for on Linux only.");
#else
    constexpr qint64 MiB = 1 << 20;
    // Whether the kernel has huge pages to give: memory that asks for them itself.
    if (Juxta::Testing::hugePagesForAdvisedMemory(64 * MiB) < 32 * MiB) {
        QSKIP("The kernel gives no huge pages here (transparent huge pages are off, or memory is fragmented).");
    }

    const qint64 anonymousBefore = anonymousBytes();
    const qint64 hugeBefore = HugePageRequest::processHugePageBytes();
    LlamaModelHost host(QStringLiteral(JUXTA_MEDIUM_GGUF), smallSettings());
    QSignalSpy loaded(&host, &LlamaModelHost::loaded);
    host.load();
    QVERIFY(loaded.wait(TimeoutMs));
    const qint64 modelBytes = QFileInfo(QStringLiteral(JUXTA_MEDIUM_GGUF)).size();
    if (anonymousBytes() - anonymousBefore < modelBytes / 2) {
        QSKIP("libllama uses these weights from the file on this CPU instead of repacking them.");
    }
    // Nearly all of the repacked weights; the rest of the file is the token embeddings, which
    // stay where they are.
    QCOMPARE_GE(HugePageRequest::processHugePageBytes() - hugeBefore, modelBytes / 2);
#endif
}

QTEST_GUILESS_MAIN(TestLocalLlama)
#include "tst_localllama.moc"
