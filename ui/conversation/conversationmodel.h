// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatmessage.h"
#include "providers/chatstream.h"
#include "providers/finishreason.h"
#include "providers/providererror.h"

#include <QAbstractListModel>

#include <optional>

namespace Juxta::Ui {

/**
 * One pane's conversation as a list of messages: the user's turns and the answers, which grow
 * while they stream. Rows only ever change at the end (a new turn) or are cut off from a row
 * on (regenerate, edit and resend).
 *
 * Appending text only extends the stored string, so an answer of any length takes each delta
 * in constant time; views learn of it through dataChanged() with the one role that changed.
 */
class ConversationModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        /** Providers::ChatMessage::Role as an int: user or assistant. */
        MessageRoleRole = Qt::UserRole + 1,
        /** The answer (or the user's prompt) as Markdown text, as it has arrived so far. */
        TextRole,
        ReasoningRole,
        /** QList<Providers::ToolCall>, arguments as the model wrote them so far. */
        ToolCallsRole,
        /** ConversationModel::State. */
        StateRole,
        /** Providers::ProviderError; an invalid QVariant unless the state is Failed. */
        ErrorRole,
        /** Providers::FinishReason; an invalid QVariant until the answer is Done. */
        FinishReasonRole,
        /** A number unique to the message for the model's lifetime: views key caches on it. */
        MessageIdRole,
    };
    Q_ENUM(Role)

    enum class State { Streaming, Done, Failed };
    Q_ENUM(State)

    explicit ConversationModel(QObject *parent = nullptr);
    ~ConversationModel() override;
    Q_DISABLE_COPY_MOVE(ConversationModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Appends the user's turn; returns its row. */
    int appendUserMessage(const QString &text);
    /** Appends a new, empty assistant message in the Streaming state; returns its row. */
    int beginAnswer();
    /** Appends a whole answer that is already over (a stored run re-opened); returns its row. */
    int appendAnswer(const QString &text, const QString &reasoning, Providers::FinishReason reason);
    void appendText(int row, const QString &delta);
    void appendReasoning(int row, const QString &delta);
    /** Merges a tool call piece: the first piece of an index names the call, later ones add arguments. */
    void appendToolCall(int row, const Providers::ToolCallDelta &delta);
    void endAnswer(int row, Providers::FinishReason reason);
    void failAnswer(int row, const Providers::ProviderError &error);
    /** Removes @p row and every row after it. */
    void removeRowsFrom(int row);
    void clear();

    /** The message as Markdown: the text, then each tool call as a fenced JSON block. */
    QString markdown(int row) const;
    /** The answer's text exactly as it arrived (Markdown source), without reasoning or tool calls. */
    QString answerText(int row) const;
    /** The message as the providers' type, e.g. to continue the conversation elsewhere. */
    Providers::ChatMessage message(int row) const;
    State state(int row) const;

private:
    struct Message
    {
        quint64 id = 0;
        Providers::ChatMessage::Role role = Providers::ChatMessage::Role::User;
        QString text;
        QString reasoning;
        QList<Providers::ToolCall> toolCalls;
        /** Which ToolCall each streamed index fills. */
        QList<int> toolCallIndexes;
        State state = State::Done;
        std::optional<Providers::ProviderError> error;
        std::optional<Providers::FinishReason> finishReason;
    };

    int append(Message message);
    bool isStreamingAnswer(int row) const;
    void changed(int row, int role);

    QList<Message> m_messages;
    quint64 m_nextId = 1;
};

} // namespace Juxta::Ui
