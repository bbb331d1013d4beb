// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatmessage.h"

#include <QJsonArray>
#include <QList>

namespace Juxta {

/**
 * A conversation as the run history keeps it:
 * [{"role", "content", "reasoning"?, "tool_calls"?: [{"id","name","arguments"}], "tool_call_id"?}].
 */
class ConversationJson
{
public:
    static QJsonArray write(const QList<Providers::ChatMessage> &conversation);
    /** The messages of @p json; an entry with an unknown role is left out. */
    static QList<Providers::ChatMessage> read(const QJsonArray &json);
    static QJsonArray writeToolCalls(const QList<Providers::ToolCall> &calls);
    static QList<Providers::ToolCall> readToolCalls(const QJsonArray &json);
};

} // namespace Juxta
