// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/conversationmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::Providers::ChatMessage;
using Juxta::Providers::FinishReason;
using Juxta::Providers::ProviderError;
using Juxta::Providers::ToolCall;
using Juxta::Providers::ToolCallDelta;
using Juxta::Ui::ConversationModel;

class TestConversationModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamsAnAnswerUnderTheTester();
    void dataChangedNamesTheOneRoleThatChanged();
    void mergesToolCallPiecesByIndex();
    void failsWithTheServersMessage();
    void ignoresDeltasForAnswersThatEnded();
    void removesRowsFromARow();
    void markdownAppendsToolCallsAsJson();
    void messageIdsStayUnique();
};

void TestConversationModel::streamsAnAnswerUnderTheTester()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    QCOMPARE(model.appendUserMessage(u"Explain RAII."_s), 0);
    const int row = model.beginAnswer();
    QCOMPARE(row, 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.state(row), ConversationModel::State::Streaming);
    model.appendReasoning(row, u"The user wants "_s);
    model.appendReasoning(row, u"a definition."_s);
    model.appendText(row, u"RAII ties a resource"_s);
    model.appendText(row, u" to an object's lifetime."_s);
    model.endAnswer(row, FinishReason::Stop);

    const QModelIndex answer = model.index(row);
    QCOMPARE(answer.data(ConversationModel::TextRole).toString(), u"RAII ties a resource to an object's lifetime."_s);
    QCOMPARE(answer.data(Qt::DisplayRole).toString(), answer.data(ConversationModel::TextRole).toString());
    QCOMPARE(answer.data(ConversationModel::ReasoningRole).toString(), u"The user wants a definition."_s);
    QCOMPARE(answer.data(ConversationModel::MessageRoleRole).toInt(), int(ChatMessage::Role::Assistant));
    QCOMPARE(answer.data(ConversationModel::StateRole).value<ConversationModel::State>(),
        ConversationModel::State::Done);
    QCOMPARE(answer.data(ConversationModel::FinishReasonRole).value<FinishReason>(), FinishReason::Stop);
    QVERIFY(!answer.data(ConversationModel::ErrorRole).isValid());
    QCOMPARE(model.index(0).data(ConversationModel::MessageRoleRole).toInt(), int(ChatMessage::Role::User));
    QCOMPARE(model.answerText(row), u"RAII ties a resource to an object's lifetime."_s);
    QCOMPARE(model.message(row).reasoning, u"The user wants a definition."_s);

    const QHash<int, QByteArray> names = model.roleNames();
    QCOMPARE(names.value(ConversationModel::TextRole), "text");
    QCOMPARE(names.value(ConversationModel::StateRole), "state");
    QCOMPARE(names.value(ConversationModel::MessageIdRole), "messageId");
}

void TestConversationModel::dataChangedNamesTheOneRoleThatChanged()
{
    ConversationModel model;
    const int row = model.beginAnswer();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendText(row, u"a"_s);
    model.appendReasoning(row, u"b"_s);
    model.appendToolCall(row, {0, u"call_1"_s, u"lookup"_s, u"{"_s});
    model.endAnswer(row, FinishReason::Length);
    QCOMPARE(changed.size(), 4);
    QCOMPARE(changed[0][2].value<QList<int>>(), QList<int> {ConversationModel::TextRole});
    QCOMPARE(changed[1][2].value<QList<int>>(), QList<int> {ConversationModel::ReasoningRole});
    QCOMPARE(changed[2][2].value<QList<int>>(), QList<int> {ConversationModel::ToolCallsRole});
    QCOMPARE(changed[3][2].value<QList<int>>(),
        (QList<int> {ConversationModel::StateRole, ConversationModel::FinishReasonRole}));
    for (const auto &signal : std::as_const(changed)) {
        QCOMPARE(signal[0].toModelIndex(), model.index(row));
        QCOMPARE(signal[1].toModelIndex(), model.index(row));
    }
}

void TestConversationModel::mergesToolCallPiecesByIndex()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int row = model.beginAnswer();
    model.appendToolCall(row, {0, u"call_a"_s, u"get_weather"_s, u"{\"city\":"_s});
    model.appendToolCall(row, {1, u"call_b"_s, u"get_time"_s, {}});
    model.appendToolCall(row, {0, {}, {}, u"\"Oslo\"}"_s});
    model.appendToolCall(row, {1, {}, {}, u"{}"_s});
    const auto calls = model.index(row).data(ConversationModel::ToolCallsRole).value<QList<ToolCall>>();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls[0].id, u"call_a"_s);
    QCOMPARE(calls[0].name, u"get_weather"_s);
    QCOMPARE(calls[0].arguments, u"{\"city\":\"Oslo\"}"_s);
    QCOMPARE(calls[1].name, u"get_time"_s);
    QCOMPARE(calls[1].arguments, u"{}"_s);
}

void TestConversationModel::failsWithTheServersMessage()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int row = model.beginAnswer();
    model.appendText(row, u"Partial"_s);
    ProviderError error = ProviderError::make(ProviderError::Kind::RateLimited, u"Rate limited: slow down"_s);
    error.serverMessage = u"slow down"_s;
    error.httpStatus = 429;
    model.failAnswer(row, error);
    QCOMPARE(model.state(row), ConversationModel::State::Failed);
    const auto stored = model.index(row).data(ConversationModel::ErrorRole).value<ProviderError>();
    QCOMPARE(stored.kind, ProviderError::Kind::RateLimited);
    QCOMPARE(stored.serverMessage, u"slow down"_s);
    QCOMPARE(stored.httpStatus, 429);
    QCOMPARE(model.answerText(row), u"Partial"_s);
    QVERIFY(!model.index(row).data(ConversationModel::FinishReasonRole).isValid());
}

void TestConversationModel::ignoresDeltasForAnswersThatEnded()
{
    ConversationModel model;
    const int user = model.appendUserMessage(u"Hi"_s);
    const int row = model.beginAnswer();
    model.appendText(row, u"Hello"_s);
    model.endAnswer(row, FinishReason::Stop);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendText(row, u" again"_s);
    model.appendText(user, u"edited?"_s);
    model.appendText(7, u"nowhere"_s);
    model.failAnswer(row, ProviderError::make(ProviderError::Kind::Network, u"late"_s));
    model.endAnswer(row, FinishReason::Length);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.answerText(row), u"Hello"_s);
    QCOMPARE(model.answerText(user), u"Hi"_s);
    QCOMPARE(model.state(row), ConversationModel::State::Done);
}

void TestConversationModel::removesRowsFromARow()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendUserMessage(u"one"_s);
    model.appendAnswer(u"first"_s, {}, FinishReason::Stop);
    model.appendUserMessage(u"two"_s);
    model.beginAnswer();
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.removeRowsFrom(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0][1].toInt(), 2);
    QCOMPARE(removed[0][2].toInt(), 3);
    model.removeRowsFrom(5);
    QCOMPARE(removed.size(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestConversationModel::markdownAppendsToolCallsAsJson()
{
    ConversationModel model;
    const int row = model.beginAnswer();
    model.appendText(row, u"Let me check."_s);
    model.appendToolCall(row, {0, u"c"_s, u"get_weather"_s, u"{\"city\":\"Oslo\"}"_s});
    model.endAnswer(row, FinishReason::ToolCalls);
    QCOMPARE(model.markdown(row),
        u"Let me check.\n\nTool call `get_weather`:\n\n```json\n{\n    \"city\": \"Oslo\"\n}\n```\n"_s);
    QCOMPARE(model.answerText(row), u"Let me check."_s);
    QCOMPARE(model.markdown(9), QString());
}

void TestConversationModel::messageIdsStayUnique()
{
    ConversationModel model;
    model.appendUserMessage(u"a"_s);
    const quint64 first = model.index(0).data(ConversationModel::MessageIdRole).toULongLong();
    model.clear();
    model.appendUserMessage(u"b"_s);
    const quint64 second = model.index(0).data(ConversationModel::MessageIdRole).toULongLong();
    QVERIFY(first != second);
}

QTEST_GUILESS_MAIN(TestConversationModel)
#include "tst_conversationmodel.moc"
