// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/conversationjson.h"

#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;
using Juxta::Providers::ChatMessage;
using Juxta::Providers::ToolCall;

namespace Juxta {

namespace {

std::optional<ChatMessage::Role> roleFromName(const QString &name)
{
    for (const auto role :
        {ChatMessage::Role::System, ChatMessage::Role::User, ChatMessage::Role::Assistant, ChatMessage::Role::Tool}) {
        if (Providers::roleName(role) == name) {
            return role;
        }
    }
    return std::nullopt;
}

} // namespace

QJsonArray ConversationJson::write(const QList<ChatMessage> &conversation)
{
    QJsonArray json;
    for (const ChatMessage &message : conversation) {
        QJsonObject turn {{u"role"_s, Providers::roleName(message.role)}, {u"content"_s, message.content}};
        if (!message.reasoning.isEmpty()) {
            turn.insert(u"reasoning"_s, message.reasoning);
        }
        if (!message.toolCalls.isEmpty()) {
            turn.insert(u"tool_calls"_s, writeToolCalls(message.toolCalls));
        }
        if (!message.toolCallId.isEmpty()) {
            turn.insert(u"tool_call_id"_s, message.toolCallId);
        }
        json.append(turn);
    }
    return json;
}

QList<ChatMessage> ConversationJson::read(const QJsonArray &json)
{
    QList<ChatMessage> conversation;
    for (const QJsonValue &value : json) {
        const QJsonObject turn = value.toObject();
        const auto role = roleFromName(turn.value("role"_L1).toString());
        if (!role) {
            continue;
        }
        conversation.append(ChatMessage {*role,
            turn.value("content"_L1).toString(),
            turn.value("reasoning"_L1).toString(),
            readToolCalls(turn.value("tool_calls"_L1).toArray()),
            turn.value("tool_call_id"_L1).toString()});
    }
    return conversation;
}

QJsonArray ConversationJson::writeToolCalls(const QList<ToolCall> &calls)
{
    QJsonArray json;
    for (const ToolCall &call : calls) {
        json.append(QJsonObject {{u"id"_s, call.id}, {u"name"_s, call.name}, {u"arguments"_s, call.arguments}});
    }
    return json;
}

QList<ToolCall> ConversationJson::readToolCalls(const QJsonArray &json)
{
    QList<ToolCall> calls;
    for (const QJsonValue &value : json) {
        const QJsonObject call = value.toObject();
        calls.append(ToolCall {call.value("id"_L1).toString(),
            call.value("name"_L1).toString(),
            call.value("arguments"_L1).toString()});
    }
    return calls;
}

} // namespace Juxta
