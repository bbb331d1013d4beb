// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamaengine.h"

#include "providers/local/ggufmetadata.h"
#include "providers/local/largestlogit.h"
#include "providers/local/llamachatformat.h"
#include "providers/local/llamaconversationcache.h"
#include "providers/local/tokentextassembler.h"

#include <ggml-backend.h>
#include <ggml.h>
#include <llama.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcLlama)

namespace Juxta::Providers {

namespace {

// Deltas cross to the GUI thread at most this often (DESIGN.md: about every 16 ms).
constexpr qint64 CoalesceNs = 16'000'000;
// Recent tokens the repeat penalty looks at, as llama.cpp's own tools default to.
constexpr int PenaltyWindow = 64;

struct SamplerDeleter
{
    void operator()(llama_sampler *sampler) const { llama_sampler_free(sampler); }
};
using SamplerPtr = std::unique_ptr<llama_sampler, SamplerDeleter>;

// The sampler chain llama.cpp's tools build, in their order, from what the request sets;
// unset values take those tools' defaults so a request means the same here as there.
SamplerPtr makeSampler(const GenerationParams &params, int vocabularySize)
{
    SamplerPtr chain(llama_sampler_chain_init(llama_sampler_chain_default_params()));
    const double repeatPenalty = params.repeatPenalty.value_or(1.0);
    if (repeatPenalty != 1.0) {
        llama_sampler_chain_add(chain.get(),
            llama_sampler_init_penalties(vocabularySize, PenaltyWindow, float(repeatPenalty), 0.0f, 0.0f));
    }
    const double temperature = params.temperature.value_or(0.8);
    if (temperature <= 0) {
        llama_sampler_chain_add(chain.get(), llama_sampler_init_greedy());
        return chain;
    }
    if (const int topK = params.topK.value_or(40); topK > 0) {
        llama_sampler_chain_add(chain.get(), llama_sampler_init_top_k(topK));
    }
    llama_sampler_chain_add(chain.get(), llama_sampler_init_top_p(float(params.topP.value_or(0.95)), 1));
    llama_sampler_chain_add(chain.get(), llama_sampler_init_min_p(float(params.minP.value_or(0.05)), 1));
    llama_sampler_chain_add(chain.get(), llama_sampler_init_temp(float(temperature)));
    const uint32_t seed = params.seed ? uint32_t(*params.seed) : LLAMA_DEFAULT_SEED;
    llama_sampler_chain_add(chain.get(), llama_sampler_init_dist(seed));
    return chain;
}

/**
 * Whether @p params ask for plain greedy decoding: the most likely token, with no penalty whose
 * state a sampler would keep.
 */
bool isPlainGreedy(const GenerationParams &params)
{
    return params.temperature.value_or(0.8) <= 0 && params.repeatPenalty.value_or(1.0) == 1.0;
}

/**
 * The first token with the highest logit, as libllama's greedy sampler picks it. The sampler
 * first copies the whole vocabulary into a candidate list (32,000 entries for a small model),
 * which cost about 2 % of a decoding step.
 */
llama_token mostLikelyToken(llama_context *context, int vocabularySize)
{
    return llama_token(largestLogit(llama_get_logits_ith(context, -1), vocabularySize));
}

QByteArray tokenPiece(const llama_vocab *vocab, llama_token token)
{
    QByteArray piece(32, Qt::Uninitialized);
    int length = llama_token_to_piece(vocab, token, piece.data(), int(piece.size()), 0, false);
    if (length < 0) {
        piece.resize(-length);
        length = llama_token_to_piece(vocab, token, piece.data(), int(piece.size()), 0, false);
    }
    piece.truncate(std::max(length, 0));
    return piece;
}

/**
 * Where prompt evaluation starts, given that the cache holds the first @p shared tokens of a
 * prompt of @p promptLength.
 *
 * The CPU backend's flash attention works in tiles of 64 queries by 64 cached positions and
 * skips a tile only where the causal mask hides all of it. A batch starting at a multiple of 64
 * puts each query tile's diagonal on a tile's edge; starting anywhere else costs one more key
 * tile per query tile. Measured here on a 400M model: 4 % of a 512-token prompt evaluated after
 * 4 cached tokens, 10 % of 444 after 68. So the tokens past the last multiple of 64 are evaluated
 * again when they are at most one in 32 of those evaluated anyway, which bounds the cost at 3 %
 * where attention is not tiled this way. The common case is a new conversation: it shares just
 * the chat template's first few tokens with the cache, and now starts from position 0.
 */
int evaluationStart(int shared, int promptLength)
{
    constexpr int AttentionTile = 64;
    constexpr int NewTokensPerReevaluated = 32;
    const int aligned = shared - shared % AttentionTile;
    return (shared - aligned) * NewTokensPerReevaluated <= promptLength - shared ? aligned : shared;
}

using ThreadpoolNew = ggml_threadpool *(*)(ggml_threadpool_params *);
using ThreadpoolFree = void (*)(ggml_threadpool *);

// ggml's CPU backend is a plugin here, so its threadpool functions are looked up, not linked.
template<typename Function>
Function cpuBackendFunction(const char *name)
{
    ggml_backend_dev_t cpu = ggml_backend_dev_by_type(GGML_BACKEND_DEVICE_TYPE_CPU);
    return cpu ? reinterpret_cast<Function>(ggml_backend_reg_get_proc_address(ggml_backend_dev_backend_reg(cpu), name))
               : nullptr;
}

} // namespace

struct LlamaEngine::Loaded
{
    QString path;
    llama_model *model = nullptr;
    llama_context *context = nullptr;
    /**
     * Threads that live as long as the context. Without one, ggml starts and joins its
     * threads for every decode call, which costs a noticeable share of each token.
     */
    ggml_threadpool *threadpool = nullptr;
    ThreadpoolFree freeThreadpool = nullptr;
    int contextLength = 0;
    int batchSize = 512;
    /** The tokens whose keys and values sequence 0 of the KV cache holds, in order. */
    std::vector<llama_token> cached;
    /** Tokens of the last prompt evaluated into sequence 0. */
    int promptLength = 0;
    /** The other conversations' states, to be put back when their next turn comes. */
    LlamaConversationCache conversations;

    ~Loaded()
    {
        if (context) {
            llama_free(context);
        }
        if (threadpool && freeThreadpool) {
            freeThreadpool(threadpool);
        }
        if (model) {
            llama_model_free(model);
        }
    }
};

LlamaEngine::LlamaEngine(QObject *parent)
    : QObject(parent)
{ }

LlamaEngine::~LlamaEngine() = default;

bool LlamaEngine::isLoaded() const
{
    return m_loaded != nullptr;
}

bool LlamaEngine::onLoadProgress(float progress, void *self)
{
    auto *engine = static_cast<LlamaEngine *>(self);
    const int percent = int(progress * 100);
    // The first call comes once libllama has mapped the model's buffers and before it fills them.
    if (engine->m_loadMemory) {
        engine->m_loadMemory->adviseNewMemory();
        engine->m_loadMemory.reset();
    }
    if (percent != engine->m_lastProgress) {
        engine->m_lastProgress = percent;
        Q_EMIT engine->loadProgress(progress);
    }
    return !(engine->m_loadCancel && engine->m_loadCancel->load());
}

bool LlamaEngine::shouldAbort(void *self)
{
    const auto *engine = static_cast<LlamaEngine *>(self);
    return engine->m_generationCancel && engine->m_generationCancel->load();
}

void LlamaEngine::load(const QString &path, const LocalEngineSettings &settings, const CancelFlag &cancel)
{
    m_loaded.reset();
    const QString fileName = QFileInfo(path).fileName();
    m_loadError.reset();
    const auto fail = [this](ProviderError::Kind kind, const QString &message) {
        m_loadError = ProviderError::make(kind, message);
        Q_EMIT loadFailed(*m_loadError);
    };
    QString problem;
    const auto metadata = GgufMetadata::read(path, &problem);
    if (!metadata) {
        return fail(QFileInfo::exists(path) ? ProviderError::Kind::BadRequest : ProviderError::Kind::NotFound,
            tr("Cannot load the model %1").arg(problem));
    }

    QElapsedTimer clock;
    clock.start();
    m_loadCancel = cancel;
    m_lastProgress = -1;
    llama_model_params modelParams = llama_model_default_params();
    modelParams.n_gpu_layers = settings.gpuLayers;
    if (settings.useMlock) {
        modelParams.load_mode = settings.useMmap.value_or(true) ? LLAMA_LOAD_MODE_MMAP_MLOCK : LLAMA_LOAD_MODE_MLOCK;
    } else if (settings.useMmap) {
        modelParams.load_mode = *settings.useMmap ? LLAMA_LOAD_MODE_MMAP : LLAMA_LOAD_MODE_NONE;
    } else {
        modelParams.load_mode = LLAMA_LOAD_MODE_AUTO;
    }
    modelParams.progress_callback = &LlamaEngine::onLoadProgress;
    modelParams.progress_callback_user_data = this;
    auto fresh = std::make_unique<Loaded>();
    fresh->path = path;
    m_loadMemory.emplace();
    fresh->model = llama_model_load_from_file(QFile::encodeName(path).constData(), modelParams);
    m_loadCancel.reset();
    m_loadMemory.reset();
    if (!fresh->model) {
        if (cancel && cancel->load()) {
            return fail(ProviderError::Kind::Cancelled, tr("Loading %1 was stopped.").arg(fileName));
        }
        return fail(ProviderError::Kind::BadRequest,
            tr("libllama could not load %1 (architecture \"%2\", %3): the architecture or quantisation may be "
               "unsupported by this libllama, or the file is damaged.")
                .arg(fileName, metadata->architecture, metadata->quantisation));
    }

    const int threads = settings.threads > 0 ? settings.threads : std::max(1, QThread::idealThreadCount());
    llama_context_params contextParams = llama_context_default_params();
    contextParams.n_ctx = uint32_t(std::max(settings.contextLength, 0));
    contextParams.n_batch = uint32_t(std::max(settings.batchSize, 1));
    contextParams.n_ubatch = contextParams.n_batch;
    contextParams.n_seq_max = 1;
    contextParams.n_threads = threads;
    contextParams.n_threads_batch = threads;
    if (settings.flashAttention) {
        contextParams.flash_attn_type =
            *settings.flashAttention ? LLAMA_FLASH_ATTN_TYPE_ENABLED : LLAMA_FLASH_ATTN_TYPE_DISABLED;
    }
    contextParams.abort_callback = &LlamaEngine::shouldAbort;
    contextParams.abort_callback_data = this;
    contextParams.no_perf = false;
    fresh->context = llama_init_from_model(fresh->model, contextParams);
    if (!fresh->context) {
        return fail(ProviderError::Kind::BadRequest,
            tr("libllama could not make a context of %1 tokens for %2 (not enough memory?).")
                .arg(settings.contextLength)
                .arg(fileName));
    }
    // As llama.cpp's own tools do: one pool for decoding and prompt processing, polling briefly
    // between graph runs so that a token's work starts without waking threads.
    const auto newThreadpool = cpuBackendFunction<ThreadpoolNew>("ggml_threadpool_new");
    fresh->freeThreadpool = cpuBackendFunction<ThreadpoolFree>("ggml_threadpool_free");
    if (newThreadpool && fresh->freeThreadpool) {
        ggml_threadpool_params poolParams = ggml_threadpool_params_default(threads);
        poolParams.poll = 50;
        fresh->threadpool = newThreadpool(&poolParams);
        if (fresh->threadpool) {
            llama_attach_threadpool(fresh->context, fresh->threadpool, nullptr);
        }
    }
    fresh->contextLength = int(llama_n_ctx(fresh->context));
    fresh->batchSize = int(llama_n_batch(fresh->context));

    LlamaLoadInfo info;
    info.path = path;
    char description[256];
    const int length = llama_model_desc(fresh->model, description, sizeof description);
    info.description = QString::fromUtf8(description, std::clamp(length, 0, int(sizeof description) - 1));
    info.parameterCount = qint64(llama_model_n_params(fresh->model));
    info.weightsBytes = qint64(llama_model_size(fresh->model));
    // Keys and values, f16, for every layer and position of the context.
    const qint64 headDim = llama_model_n_embd(fresh->model) / std::max(llama_model_n_head(fresh->model), 1);
    info.kvCacheBytes = qint64(fresh->contextLength) * llama_model_n_layer(fresh->model) * 2 * headDim
        * llama_model_n_head_kv(fresh->model) * 2;
    // Saved conversations may take as much again, never more.
    info.conversationCacheBytes = info.kvCacheBytes;
    fresh->conversations.setLimitBytes(info.conversationCacheBytes);
    info.contextLength = fresh->contextLength;
    info.trainedContextLength = llama_model_n_ctx_train(fresh->model);
    info.threads = threads;
    info.templateSupported =
        LlamaChatFormat::apply(llama_model_chat_template(fresh->model, nullptr), ChatRequest {}).has_value();
    info.loadMs = clock.elapsed();
    m_loaded = std::move(fresh);
    Q_EMIT loaded(info);
}

void LlamaEngine::unload()
{
    m_loaded.reset();
    m_loadError.reset();
    Q_EMIT unloaded();
}

std::vector<int> LlamaEngine::tokenize(const QByteArray &text) const
{
    const llama_vocab *vocab = llama_model_get_vocab(m_loaded->model);
    std::vector<llama_token> tokens(text.size() + 16);
    int count =
        llama_tokenize(vocab, text.constData(), int(text.size()), tokens.data(), int(tokens.size()), true, true);
    if (count < 0) {
        tokens.resize(-count);
        count =
            llama_tokenize(vocab, text.constData(), int(text.size()), tokens.data(), int(tokens.size()), true, true);
    }
    tokens.resize(std::max(count, 0));
    return tokens;
}

// Another conversation's turn: keeps the live one's state for its next turn, and puts back the
// saved state that shares more of @p prompt than the live one does (@p liveShared), if any.
void LlamaEngine::switchConversation(const std::vector<int> &prompt, int liveShared)
{
    llama_context *context = m_loaded->context;
    LlamaConversationCache &conversations = m_loaded->conversations;
    if (int(m_loaded->cached.size()) > liveShared) {
        LlamaConversationCache::State live;
        live.tokens = m_loaded->cached;
        live.promptLength = m_loaded->promptLength;
        live.data.resize(qsizetype(llama_state_seq_get_size(context, 0)));
        const size_t copied = llama_state_seq_get_data(context,
            reinterpret_cast<uint8_t *>(live.data.data()),
            size_t(live.data.size()),
            0);
        if (copied == size_t(live.data.size())) {
            conversations.store(std::move(live));
        }
    }
    int savedShared = 0;
    const int best = conversations.bestMatch(prompt, &savedShared);
    if (best < 0 || savedShared <= liveShared) {
        return;
    }
    const LlamaConversationCache::State saved = conversations.take(best);
    llama_memory_t memory = llama_get_memory(context);
    llama_memory_seq_rm(memory, 0, -1, -1);
    const size_t restored = llama_state_seq_set_data(context,
        reinterpret_cast<const uint8_t *>(saved.data.constData()),
        size_t(saved.data.size()),
        0);
    if (restored == 0) {
        llama_memory_seq_rm(memory, 0, -1, -1);
        m_loaded->cached.clear();
        m_loaded->promptLength = 0;
        return;
    }
    m_loaded->cached = saved.tokens;
    m_loaded->promptLength = saved.promptLength;
}

// Drops what the cache holds beyond the shared prefix, then evaluates the rest of the prompt in
// batches. Returns llama_decode()'s status (0 when all went in).
int LlamaEngine::evaluatePrompt(const std::vector<int> &prompt, int &reused)
{
    llama_memory_t memory = llama_get_memory(m_loaded->context);
    if (!llama_memory_seq_rm(memory, 0, reused, -1)) {
        llama_memory_clear(memory, true);
        reused = 0;
    }
    m_loaded->cached.assign(prompt.begin(), prompt.begin() + reused);
    m_loaded->promptLength = int(prompt.size());
    for (int at = reused; at < int(prompt.size()); at += m_loaded->batchSize) {
        const int count = std::min(m_loaded->batchSize, int(prompt.size()) - at);
        auto *tokens = const_cast<llama_token *>(prompt.data() + at);
        if (const int status = llama_decode(m_loaded->context, llama_batch_get_one(tokens, count)); status != 0) {
            // What a failed or aborted batch left behind is not trustworthy.
            llama_memory_seq_rm(memory, 0, int(m_loaded->cached.size()), -1);
            return status;
        }
        m_loaded->cached.insert(m_loaded->cached.end(), prompt.begin() + at, prompt.begin() + at + count);
    }
    return 0;
}

void LlamaEngine::generate(quint64 id, const ChatRequest &request, const CancelFlag &cancel)
{
    const auto fail = [this, id](ProviderError::Kind kind, const QString &message) {
        Q_EMIT generationFailed(id, ProviderError::make(kind, message));
    };
    const auto cancelled = [&cancel] {
        return cancel && cancel->load();
    };
    if (cancelled()) {
        return fail(ProviderError::Kind::Cancelled, tr("Stopped."));
    }
    if (!m_loaded) {
        if (m_loadError) {
            Q_EMIT generationFailed(id, *m_loadError);
            return;
        }
        return fail(ProviderError::Kind::BadRequest, tr("No model is loaded."));
    }
    const QString fileName = QFileInfo(m_loaded->path).fileName();
    const LlamaChatFormat::Result formatted = LlamaChatFormat::format(m_loaded->model, request);
    const std::vector<llama_token> prompt = tokenize(formatted.prompt);
    if (prompt.empty()) {
        return fail(ProviderError::Kind::BadRequest, tr("The prompt is empty."));
    }
    // The answer needs at least one position of its own.
    if (int(prompt.size()) >= m_loaded->contextLength) {
        return fail(ProviderError::Kind::TooLarge,
            tr("The prompt is %1 tokens but the context of %2 holds %3: shorten the conversation or load the "
               "model with a longer context.")
                .arg(prompt.size())
                .arg(fileName)
                .arg(m_loaded->contextLength));
    }

    LlamaGenerationStats stats;
    stats.promptTokens = int(prompt.size());
    stats.usedFallbackTemplate = formatted.usedFallback;
    m_generationCancel = cancel;
    // A prompt that does not hold all of the live conversation's last prompt is another
    // conversation (or an earlier point of this one).
    if (const int liveShared = LlamaConversationCache::sharedPrefix(m_loaded->cached, prompt);
        liveShared < m_loaded->promptLength || m_loaded->cached.empty()) {
        switchConversation(prompt, liveShared);
    }
    // Prompt evaluation is timed on its own: putting another conversation's cache aside is not
    // evaluation (the pane's time to first token still includes it).
    QElapsedTimer clock;
    clock.start();
    // The last prompt token is always evaluated again: its logits choose the first answer token.
    int reused = evaluationStart(
        std::min(LlamaConversationCache::sharedPrefix(m_loaded->cached, prompt), int(prompt.size()) - 1),
        int(prompt.size()));
    const int status = evaluatePrompt(prompt, reused);
    if (status != 0) {
        m_generationCancel.reset();
        if (cancelled()) {
            return fail(ProviderError::Kind::Cancelled, tr("Stopped."));
        }
        return fail(ProviderError::Kind::Server, tr("libllama failed to evaluate the prompt (status %1).").arg(status));
    }
    stats.reusedPromptTokens = reused;
    stats.evaluatedPromptTokens = stats.promptTokens - reused;
    stats.promptEvalMs = double(clock.nsecsElapsed()) / 1e6;
    Q_EMIT generationStarted(id, stats.promptTokens, stats.reusedPromptTokens);

    const llama_vocab *vocab = llama_model_get_vocab(m_loaded->model);
    const int vocabularySize = llama_vocab_n_tokens(vocab);
    const bool greedy = isPlainGreedy(request.params);
    const SamplerPtr sampler = makeSampler(request.params, vocabularySize);
    // The repeat penalty also looks back into the prompt, as llama.cpp's tools do.
    for (size_t i = prompt.size() - std::min(prompt.size(), size_t(PenaltyWindow)); i < prompt.size(); ++i) {
        llama_sampler_accept(sampler.get(), prompt[i]);
    }
    TokenTextAssembler assembler(request.params.stop);
    QString pending;
    QElapsedTimer sinceFlush;
    bool flushedOnce = false;
    const auto flush = [&] {
        if (!pending.isEmpty()) {
            Q_EMIT textDelta(id, pending);
            pending.clear();
            flushedOnce = true;
        }
        sinceFlush.restart();
    };
    sinceFlush.start();
    clock.restart();
    const int maxTokens = request.params.maxTokens.value_or(-1);
    FinishReason reason = FinishReason::Stop;
    bool aborted = false;
    for (;;) {
        if (cancelled()) {
            aborted = true;
            break;
        }
        if (maxTokens >= 0 && stats.outputTokens >= maxTokens) {
            reason = FinishReason::Length;
            break;
        }
        if (int(m_loaded->cached.size()) >= m_loaded->contextLength) {
            reason = FinishReason::Length;
            break;
        }
        llama_token token = greedy ? mostLikelyToken(m_loaded->context, vocabularySize)
                                   : llama_sampler_sample(sampler.get(), m_loaded->context, -1);
        if (llama_vocab_is_eog(vocab, token)) {
            break;
        }
        ++stats.outputTokens;
        pending += assembler.append(tokenPiece(vocab, token));
        if (assembler.isStopped()) {
            break;
        }
        // The first piece goes out at once: it is what time-to-first-token measures.
        if (!flushedOnce || sinceFlush.nsecsElapsed() >= CoalesceNs) {
            flush();
        }
        if (const int decoded = llama_decode(m_loaded->context, llama_batch_get_one(&token, 1)); decoded != 0) {
            llama_memory_seq_rm(llama_get_memory(m_loaded->context), 0, int(m_loaded->cached.size()), -1);
            if (cancelled()) {
                aborted = true;
                break;
            }
            flush();
            m_generationCancel.reset();
            return fail(ProviderError::Kind::Server, tr("libllama failed to decode (status %1).").arg(decoded));
        }
        m_loaded->cached.push_back(token);
    }
    m_generationCancel.reset();
    if (!assembler.isStopped()) {
        pending += assembler.finish();
    }
    flush();
    if (aborted) {
        return fail(ProviderError::Kind::Cancelled, tr("Stopped."));
    }
    stats.decodeMs = double(clock.nsecsElapsed()) / 1e6;
    stats.text = assembler.text();
    qCDebug(lcLlama) << "generated" << stats.outputTokens << "tokens after evaluating" << stats.evaluatedPromptTokens
                     << "of" << stats.promptTokens << "prompt tokens";
    Q_EMIT generationFinished(id, reason, stats);
}

} // namespace Juxta::Providers
