// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamaruntime.h"

#include <llama.h>

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace {

struct ModelDeleter
{
    void operator()(llama_model *model) const { llama_model_free(model); }
};
struct ContextDeleter
{
    void operator()(llama_context *context) const { llama_free(context); }
};
using ModelPtr = std::unique_ptr<llama_model, ModelDeleter>;
using ContextPtr = std::unique_ptr<llama_context, ContextDeleter>;

ModelPtr loadModel(const QByteArray &path)
{
    llama_model_params params = llama_model_default_params();
    params.n_gpu_layers = 0;
    return ModelPtr(llama_model_load_from_file(path.constData(), params));
}

std::vector<llama_token> tokenize(const llama_vocab *vocab, const QByteArray &text, bool addSpecial, bool parseSpecial)
{
    std::vector<llama_token> tokens(text.size() + 8);
    const int count = llama_tokenize(vocab,
        text.constData(),
        int(text.size()),
        tokens.data(),
        int(tokens.size()),
        addSpecial,
        parseSpecial);
    tokens.resize(std::max(count, 0));
    return tokens;
}

QByteArray pieces(const llama_vocab *vocab, const std::vector<llama_token> &tokens)
{
    QByteArrayList list;
    for (const llama_token token : tokens) {
        char piece[64];
        const int length = llama_token_to_piece(vocab, token, piece, sizeof piece, 0, true);
        list.append('[' + QByteArray(piece, std::max(length, 0)) + ']');
    }
    return list.join(' ');
}

QByteArray metadata(const llama_model *model, const char *key)
{
    char buffer[256];
    const int length = llama_model_meta_val_str(model, key, buffer, sizeof buffer);
    return length < 0 ? QByteArray() : QByteArray(buffer, length);
}

} // namespace

class TestLlamaRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsVersionsAndDevices();
    void readsTheGeneratedModelsMetadata();
    void tokenizesLikeSentencePiece();
    void decodesOneToken();
    void appliesTheModelsChatTemplate();
    void refusesAFileThatIsNotGguf();

private:
    LlamaRuntime m_runtime;
};

void TestLlamaRuntime::reportsVersionsAndDevices()
{
    QVERIFY(!m_runtime.llamaVersion().isEmpty());
    QVERIFY(!m_runtime.ggmlVersion().isEmpty());
    // Every x86-64 and arm64 CPU has at least SSE3 or NEON: an empty list means parsing broke.
    QVERIFY2(!m_runtime.cpuFeatures().isEmpty(), llama_print_system_info());
    const QStringList devices = m_runtime.devices();
    QVERIFY2(!devices.isEmpty() && devices.constFirst().startsWith(u"CPU"_s), qPrintable(devices.join(u", "_s)));
    // Offload targets are GPUs only: a subset of the devices, never the CPU.
    const QStringList gpus = m_runtime.gpuDevices();
    for (const QString &gpu : gpus) {
        QVERIFY2(devices.contains(gpu), qPrintable(gpu));
    }
    QVERIFY2(!gpus.contains(devices.constFirst()), qPrintable(gpus.join(u", "_s)));
}

void TestLlamaRuntime::readsTheGeneratedModelsMetadata()
{
    const ModelPtr model = loadModel(JUXTA_TINY_GGUF);
    QVERIFY(model);
    QCOMPARE(metadata(model.get(), "general.architecture"), "llama");
    const llama_vocab *vocab = llama_model_get_vocab(model.get());
    QCOMPARE(QByteArray::number(llama_vocab_n_tokens(vocab)), metadata(model.get(), "llama.vocab_size"));
    QVERIFY2(llama_vocab_n_tokens(vocab) > 2000, "the vocabulary should hold a few thousand pieces");
    QCOMPARE(llama_vocab_type(vocab), LLAMA_VOCAB_TYPE_SPM);
    QCOMPARE(llama_vocab_bos(vocab), 1);
    QVERIFY(llama_vocab_is_eog(vocab, llama_vocab_eos(vocab)));
    // A few hundred KB: small enough to generate at build time, big enough to be a real model.
    QVERIFY(llama_model_size(model.get()) < 1024 * 1024);
    QVERIFY(llama_model_n_params(model.get()) > 100000);
}

void TestLlamaRuntime::tokenizesLikeSentencePiece()
{
    const ModelPtr model = loadModel(JUXTA_TINY_GGUF);
    QVERIFY(model);
    const llama_vocab *vocab = llama_model_get_vocab(model.get());

    // Whole words are single pieces, and BOS comes first.
    const auto words = tokenize(vocab, "hello world", true, false);
    QVERIFY2(words.size() == 3, pieces(vocab, words).constData());
    QCOMPARE(words.front(), llama_vocab_bos(vocab));

    // A character outside the vocabulary falls back to its UTF-8 bytes: Ж is two bytes.
    const auto bytes = tokenize(vocab, "Ж", false, false);
    QVERIFY2(bytes.size() == 3, pieces(vocab, bytes).constData()); // the word-start piece, then one per byte
    char piece[16];
    QCOMPARE(llama_token_to_piece(vocab, bytes[1], piece, sizeof piece, 0, false), 1);
    QCOMPARE(static_cast<unsigned char>(piece[0]), 0xD0);

    // ChatML control tokens are single tokens when special tokens are parsed.
    const auto control = tokenize(vocab, "<|im_start|>user", false, true);
    QVERIFY2(control.size() == 2, pieces(vocab, control).constData());
    QVERIFY(llama_vocab_get_attr(vocab, control.front()) & LLAMA_TOKEN_ATTR_CONTROL);
}

void TestLlamaRuntime::decodesOneToken()
{
    const ModelPtr model = loadModel(JUXTA_TINY_GGUF);
    QVERIFY(model);
    llama_context_params params = llama_context_default_params();
    params.n_ctx = 128;
    params.n_batch = 128;
    params.n_threads = 2;
    const ContextPtr context(llama_init_from_model(model.get(), params));
    QVERIFY(context);

    const llama_vocab *vocab = llama_model_get_vocab(model.get());
    auto tokens = tokenize(vocab, "the model answers", true, false);
    QVERIFY(tokens.size() >= 2);
    QCOMPARE(llama_decode(context.get(), llama_batch_get_one(tokens.data(), int(tokens.size()))), 0);

    const float *logits = llama_get_logits_ith(context.get(), -1);
    QVERIFY(logits);
    const int vocabSize = llama_vocab_n_tokens(vocab);
    llama_token best = 0;
    float spread = 0;
    for (llama_token token = 0; token < vocabSize; ++token) {
        QVERIFY2(std::isfinite(logits[token]), "a logit is not a finite number");
        if (logits[token] > logits[best]) {
            best = token;
        }
        spread = std::max(spread, std::abs(logits[token] - logits[0]));
    }
    QVERIFY2(spread > 0, "random weights must not give identical logits");

    // The chosen token goes back in as the next position, as generation would do it.
    QCOMPARE(llama_decode(context.get(), llama_batch_get_one(&best, 1)), 0);
    QVERIFY(llama_get_logits_ith(context.get(), -1));
}

void TestLlamaRuntime::appliesTheModelsChatTemplate()
{
    const ModelPtr model = loadModel(JUXTA_TINY_GGUF);
    QVERIFY(model);
    const char *tmpl = llama_model_chat_template(model.get(), nullptr);
    QVERIFY(tmpl);
    const llama_chat_message messages[] = {{"system", "Be brief."}, {"user", "Hi"}};
    char buffer[256];
    const int length = llama_chat_apply_template(tmpl, messages, 2, true, buffer, sizeof buffer);
    QVERIFY(length > 0);
    QCOMPARE(QByteArray(buffer, length),
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
}

void TestLlamaRuntime::refusesAFileThatIsNotGguf()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(u"not-a-model.gguf"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    QVERIFY(!loadModel(QFile::encodeName(file.fileName())));
}

QTEST_GUILESS_MAIN(TestLlamaRuntime)
#include "tst_llamaruntime.moc"
