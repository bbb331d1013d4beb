// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/finishreason.h"
#include "providers/http/ssedecoder.h"
#include "providers/responseinfo.h"
#include "providers/tokenusage.h"

#include <QJsonObject>

#include <optional>

namespace Juxta::Providers {

/**
 * Decodes Gemini's streamGenerateContent?alt=sse: every event is a whole
 * GenerateContentResponse whose text parts are increments. There is no final event; the last
 * chunk carries the finish reason, and a stream that closes without one was cut short.
 */
class GeminiDecoder : public SseDecoder
{
protected:
    void handleEvent(const SseEvent &event, ChatStream &stream) override;
    void endOfBody(ChatStream &stream) override;

private:
    ResponseInfo m_info;
    TokenUsage m_usage;
    bool m_sawUsage = false;
    int m_toolCalls = 0;
    std::optional<FinishReason> m_finishReason;
};

} // namespace Juxta::Providers
