// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/finishreason.h"
#include "providers/http/ssedecoder.h"
#include "providers/responseinfo.h"
#include "providers/tokenusage.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace Juxta::Providers {

/**
 * Decodes Anthropic Messages streams: message_start, content blocks of text, thinking and
 * tool_use, message_delta with the stop reason and cumulative usage, message_stop; ping and
 * error events may come at any point.
 */
class AnthropicDecoder : public SseDecoder
{
protected:
    void handleEvent(const SseEvent &event, ChatStream &stream) override;

private:
    void readUsage(const QJsonObject &usage);

    ResponseInfo m_info;
    TokenUsage m_usage;
    std::optional<FinishReason> m_finishReason;
    /** Tool-use content blocks by block index, numbered as tool calls. */
    QHash<int, int> m_toolIndexByBlock;
};

} // namespace Juxta::Providers
