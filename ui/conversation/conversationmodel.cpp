// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/conversationmodel.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using Providers::ChatMessage;

ConversationModel::ConversationModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

ConversationModel::~ConversationModel() = default;

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Message &message = m_messages[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
    case TextRole:
        return message.text;
    case MessageRoleRole:
        return int(message.role);
    case ReasoningRole:
        return message.reasoning;
    case ToolCallsRole:
        return QVariant::fromValue(message.toolCalls);
    case StateRole:
        return QVariant::fromValue(message.state);
    case ErrorRole:
        return message.error ? QVariant::fromValue(*message.error) : QVariant();
    case FinishReasonRole:
        return message.finishReason ? QVariant::fromValue(*message.finishReason) : QVariant();
    case MessageIdRole:
        return message.id;
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(MessageRoleRole, "messageRole");
    names.insert(TextRole, "text");
    names.insert(ReasoningRole, "reasoning");
    names.insert(ToolCallsRole, "toolCalls");
    names.insert(StateRole, "state");
    names.insert(ErrorRole, "error");
    names.insert(FinishReasonRole, "finishReason");
    names.insert(MessageIdRole, "messageId");
    return names;
}

int ConversationModel::appendUserMessage(const QString &text)
{
    Message message;
    message.role = ChatMessage::Role::User;
    message.text = text;
    return append(std::move(message));
}

int ConversationModel::beginAnswer()
{
    Message message;
    message.role = ChatMessage::Role::Assistant;
    message.state = State::Streaming;
    return append(std::move(message));
}

int ConversationModel::appendAnswer(const QString &text, const QString &reasoning, Providers::FinishReason reason)
{
    Message message;
    message.role = ChatMessage::Role::Assistant;
    message.text = text;
    message.reasoning = reasoning;
    message.finishReason = reason;
    return append(std::move(message));
}

void ConversationModel::appendText(int row, const QString &delta)
{
    if (!isStreamingAnswer(row) || delta.isEmpty()) {
        return;
    }
    m_messages[row].text += delta;
    changed(row, TextRole);
}

void ConversationModel::appendReasoning(int row, const QString &delta)
{
    if (!isStreamingAnswer(row) || delta.isEmpty()) {
        return;
    }
    m_messages[row].reasoning += delta;
    changed(row, ReasoningRole);
}

void ConversationModel::appendToolCall(int row, const Providers::ToolCallDelta &delta)
{
    if (!isStreamingAnswer(row)) {
        return;
    }
    Message &message = m_messages[row];
    qsizetype at = message.toolCallIndexes.indexOf(delta.index);
    if (at < 0) {
        message.toolCallIndexes.append(delta.index);
        message.toolCalls.append(Providers::ToolCall());
        at = message.toolCalls.size() - 1;
    }
    Providers::ToolCall &call = message.toolCalls[at];
    if (!delta.id.isEmpty()) {
        call.id = delta.id;
    }
    if (!delta.name.isEmpty()) {
        call.name = delta.name;
    }
    call.arguments += delta.argumentsFragment;
    changed(row, ToolCallsRole);
}

void ConversationModel::endAnswer(int row, Providers::FinishReason reason)
{
    if (!isStreamingAnswer(row)) {
        return;
    }
    m_messages[row].state = State::Done;
    m_messages[row].finishReason = reason;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {StateRole, FinishReasonRole});
}

void ConversationModel::failAnswer(int row, const Providers::ProviderError &error)
{
    if (!isStreamingAnswer(row)) {
        return;
    }
    m_messages[row].state = State::Failed;
    m_messages[row].error = error;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {StateRole, ErrorRole});
}

void ConversationModel::removeRowsFrom(int row)
{
    row = std::max(row, 0);
    if (row >= m_messages.size()) {
        return;
    }
    beginRemoveRows({}, row, int(m_messages.size()) - 1);
    m_messages.remove(row, m_messages.size() - row);
    endRemoveRows();
}

void ConversationModel::clear()
{
    if (m_messages.isEmpty()) {
        return;
    }
    beginResetModel();
    m_messages.clear();
    endResetModel();
}

QString ConversationModel::markdown(int row) const
{
    if (row < 0 || row >= m_messages.size()) {
        return {};
    }
    const Message &message = m_messages[row];
    QString text = message.text;
    for (const Providers::ToolCall &call : message.toolCalls) {
        if (!text.isEmpty() && !text.endsWith(u'\n')) {
            text += u'\n';
        }
        if (!text.isEmpty()) {
            text += u'\n';
        }
        // Pretty-printed when the arguments are complete JSON, verbatim otherwise.
        const QJsonDocument json = QJsonDocument::fromJson(call.arguments.toUtf8());
        const QString arguments =
            json.isNull() ? call.arguments : QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
        text += tr("Tool call `%1`:").arg(call.name) + u"\n\n```json\n"_s + arguments + u"\n```\n"_s;
    }
    return text;
}

QString ConversationModel::answerText(int row) const
{
    return row >= 0 && row < m_messages.size() ? m_messages[row].text : QString();
}

Providers::ChatMessage ConversationModel::message(int row) const
{
    if (row < 0 || row >= m_messages.size()) {
        return {};
    }
    const Message &message = m_messages[row];
    return {message.role, message.text, message.reasoning, message.toolCalls, {}};
}

ConversationModel::State ConversationModel::state(int row) const
{
    return row >= 0 && row < m_messages.size() ? m_messages[row].state : State::Done;
}

int ConversationModel::append(Message message)
{
    const int row = int(m_messages.size());
    message.id = m_nextId++;
    beginInsertRows({}, row, row);
    m_messages.append(std::move(message));
    endInsertRows();
    return row;
}

bool ConversationModel::isStreamingAnswer(int row) const
{
    return row >= 0 && row < m_messages.size() && m_messages[row].state == State::Streaming;
}

void ConversationModel::changed(int row, int role)
{
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {role});
}

} // namespace Juxta::Ui
