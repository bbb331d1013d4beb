// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/localchatstream.h"

#include "providers/local/llamamodelhost.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

double perSecond(int tokens, double milliseconds)
{
    return milliseconds > 0 ? tokens * 1000.0 / milliseconds : 0.0;
}

} // namespace

LocalChatStream::LocalChatStream(LlamaModelHost *host, const ChatRequest &request, QObject *parent)
    : ChatStream(parent)
    , m_host(host)
{
    connect(host, &LlamaModelHost::loadProgress, this, [this](double fraction) {
        if (!isEnded()) {
            Q_EMIT loadProgress(fraction);
        }
    });
    connect(host, &LlamaModelHost::generationStarted, this, [this](quint64 id) {
        if (id == m_id) {
            reportStarted();
        }
    });
    connect(host, &LlamaModelHost::textDelta, this, [this](quint64 id, const QString &text) {
        if (id == m_id) {
            reportText(text);
        }
    });
    connect(host,
        &LlamaModelHost::generationFinished,
        this,
        [this](quint64 id, FinishReason reason, const LlamaGenerationStats &stats) {
            if (id == m_id) {
                onFinished(reason, stats);
            }
        });
    connect(host, &LlamaModelHost::generationFailed, this, [this](quint64 id, const ProviderError &error) {
        if (id == m_id) {
            reportFailed(error);
        }
    });
    connect(host, &QObject::destroyed, this, [this] {
        reportFailed(ProviderError::make(ProviderError::Kind::Cancelled,
            QCoreApplication::translate("Juxta::LocalChatStream", "The model was unloaded.")));
    });
    m_id = host->generate(request, m_cancel);
}

LocalChatStream::~LocalChatStream()
{
    m_cancel->store(true);
}

void LocalChatStream::abortTransport()
{
    m_cancel->store(true);
}

void LocalChatStream::onFinished(FinishReason reason, const LlamaGenerationStats &stats)
{
    m_stats = stats;
    TokenUsage usage;
    usage.inputTokens = stats.promptTokens;
    usage.cachedInputTokens = stats.reusedPromptTokens;
    usage.outputTokens = stats.outputTokens;
    reportUsage(usage);

    ResponseInfo info;
    info.model = m_host ? QFileInfo(m_host->path()).fileName() : QString();
    info.rawFinishReason = reason == FinishReason::Length ? u"length"_s : u"stop"_s;
    QJsonObject engine {
        {u"type"_s, u"local_engine"_s},
        {u"chat_template"_s, stats.usedFallbackTemplate ? u"chatml_fallback"_s : u"model"_s},
        {u"prompt_tokens"_s, stats.promptTokens},
        {u"prompt_tokens_reused"_s, stats.reusedPromptTokens},
        {u"prompt_tokens_evaluated"_s, stats.evaluatedPromptTokens},
        {u"prompt_eval_ms"_s, stats.promptEvalMs},
        {u"prompt_eval_tokens_per_second"_s, perSecond(stats.evaluatedPromptTokens, stats.promptEvalMs)},
        {u"decode_ms"_s, stats.decodeMs},
        {u"decode_tokens_per_second"_s, perSecond(stats.outputTokens, stats.decodeMs)},
    };
    if (stats.usedFallbackTemplate) {
        engine.insert(u"notice"_s,
            QCoreApplication::translate("Juxta::LocalChatStream",
                "The model's chat template is not one libllama knows; the prompt was formatted as ChatML."));
    }
    if (const auto load = m_host ? m_host->loadInfo() : std::nullopt) {
        engine.insert(u"load_ms"_s, load->loadMs);
        engine.insert(u"weights_bytes"_s, load->weightsBytes);
        engine.insert(u"kv_cache_bytes"_s, load->kvCacheBytes);
        engine.insert(u"context_length"_s, load->contextLength);
        engine.insert(u"threads"_s, load->threads);
    }
    info.annotations.append(engine);
    reportResponseInfo(info);
    reportFinished(reason);
}

} // namespace Juxta::Providers
