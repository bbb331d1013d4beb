// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Juxta::Providers {

/** A function call a model asked for; its arguments are JSON text, as the model wrote them. */
struct ToolCall
{
    QString id;
    QString name;
    QString arguments;
};

/** One turn of a conversation. */
struct ChatMessage
{
    enum class Role { System, User, Assistant, Tool };

    Role role = Role::User;
    QString content;
    /** What a reasoning model thought before answering (kept for display, not always sent back). */
    QString reasoning;
    QList<ToolCall> toolCalls;
    /** For a Tool message: the call it answers. */
    QString toolCallId;
};

/** The role as the OpenAI family and Juxta's history write it: "system", "user", "assistant", "tool". */
QString roleName(ChatMessage::Role role);

} // namespace Juxta::Providers
