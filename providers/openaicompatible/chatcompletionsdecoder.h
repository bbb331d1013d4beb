// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/finishreason.h"
#include "providers/http/ssedecoder.h"
#include "providers/responseinfo.h"
#include "providers/streaming/jsonscanner.h"
#include "providers/tokenusage.h"

#include <QJsonObject>

#include <optional>

namespace Juxta::Providers {

/**
 * Decodes OpenAI Chat Completions streams and the dialects of every compatible server:
 * reasoning in reasoning_content (DeepSeek, xAI, llama-server) or reasoning (OpenRouter, Groq,
 * Ollama), Mistral's content arrays, Azure's filter results, Groq's x_groq usage and errors
 * sent inside a 200 stream.
 */
class ChatCompletionsDecoder : public SseDecoder
{
public:
    /** How events are read: Scanned reads the common shape in place, Document parses every event whole. */
    enum class Reading { Scanned, Document };

    explicit ChatCompletionsDecoder(Reading reading = Reading::Scanned);

protected:
    void handleEvent(const SseEvent &event, ChatStream &stream) override;
    void endOfBody(ChatStream &stream) override;

private:
    bool handleCommonChunk(const JsonScanner::Value &chunk, ChatStream &stream);
    void remember(QString &field, QByteArray &rawField, const JsonScanner::Value &value);
    void handleChunk(const QJsonObject &chunk, ChatStream &stream);
    void handleDelta(const QJsonObject &delta, ChatStream &stream);
    void complete(ChatStream &stream);

    Reading m_reading;
    JsonScanner m_scanner;
    ResponseInfo m_info;
    // The raw JSON of the fields m_info holds, so that an unchanged id costs no decoding.
    QByteArray m_rawId;
    QByteArray m_rawModel;
    QByteArray m_rawFingerprint;
    bool m_infoChanged = false;
    TokenUsage m_usage;
    bool m_sawUsage = false;
    std::optional<FinishReason> m_finishReason;
};

} // namespace Juxta::Providers
