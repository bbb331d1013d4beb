// SPDX-License-Identifier: GPL-3.0-or-later
// ChatStream's order contract, and deltas joined within a batch without changing that order.
#include "providers/chatstream.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace {

/** Every signal of a stream, in order, as short strings. */
class Journal
{
public:
    explicit Journal(ChatStream &stream)
    {
        QObject::connect(&stream, &ChatStream::started, &stream, [this] {
            entries.append(u"started"_s);
        });
        QObject::connect(&stream, &ChatStream::textDelta, &stream, [this](const QString &text, int pieces) {
            entries.append(u"text %1 (%2)"_s.arg(text).arg(pieces));
        });
        QObject::connect(&stream, &ChatStream::reasoningDelta, &stream, [this](const QString &text, int pieces) {
            entries.append(u"reasoning %1 (%2)"_s.arg(text).arg(pieces));
        });
        QObject::connect(&stream, &ChatStream::toolCallDelta, &stream, [this](const ToolCallDelta &delta) {
            entries.append(u"tool %1"_s.arg(delta.name));
        });
        QObject::connect(&stream, &ChatStream::finished, &stream, [this](FinishReason) {
            entries.append(u"finished"_s);
        });
        QObject::connect(&stream, &ChatStream::failed, &stream, [this](const ProviderError &error) {
            entries.append(u"failed %1"_s.arg(ProviderError::kindName(error.kind)));
        });
    }

    QStringList entries;
};

} // namespace

class TestChatStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutABatchEveryDeltaGoesAtOnce();
    void aBatchJoinsDeltasOfOneKindInOrder();
    void anythingElseReportedFlushesTheBatchFirst();
    void aFailureKeepsWhatWasReadBeforeIt();
    void cancelFromASlotEndsTheBatch();
};

void TestChatStream::withoutABatchEveryDeltaGoesAtOnce()
{
    ChatStream stream;
    Journal journal(stream);
    stream.reportText(u"a"_s);
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"text a (1)"_s}));
    stream.reportText(u"b"_s);
    stream.reportFinished(FinishReason::Stop);
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"text a (1)"_s, u"text b (1)"_s, u"finished"_s}));
}

void TestChatStream::aBatchJoinsDeltasOfOneKindInOrder()
{
    ChatStream stream;
    Journal journal(stream);
    stream.beginBatch();
    stream.reportReasoning(u"think "_s);
    stream.reportReasoning(u"hard"_s);
    stream.reportText(u"The "_s);
    stream.reportText(u""_s); // nothing, and not a piece
    stream.reportText(u"answer"_s);
    // The stream starts with its first event, not when the batch is handed on.
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"reasoning think hard (2)"_s}));
    stream.endBatch();
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"reasoning think hard (2)"_s, u"text The answer (2)"_s}));
    stream.endBatch(); // nothing left to hand on
    QCOMPARE(journal.entries.size(), 3);
}

void TestChatStream::anythingElseReportedFlushesTheBatchFirst()
{
    ChatStream stream;
    Journal journal(stream);
    stream.beginBatch();
    stream.reportText(u"x"_s);
    stream.reportToolCall(ToolCallDelta {0, u"id"_s, u"lookup"_s, {}});
    stream.reportText(u"y"_s);
    stream.reportText(u"z"_s);
    stream.reportFinished(FinishReason::Stop);
    stream.reportText(u"late"_s); // after the end: never seen
    stream.endBatch();
    QCOMPARE(journal.entries,
        (QStringList {u"started"_s, u"text x (1)"_s, u"tool lookup"_s, u"text yz (2)"_s, u"finished"_s}));
}

void TestChatStream::aFailureKeepsWhatWasReadBeforeIt()
{
    ChatStream stream;
    Journal journal(stream);
    stream.beginBatch();
    stream.reportText(u"partial "_s);
    stream.reportText(u"answer"_s);
    stream.reportFailed(ProviderError::make(ProviderError::Kind::MalformedStream, u"broken"_s));
    stream.endBatch();
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"text partial answer (2)"_s, u"failed malformed_stream"_s}));
}

void TestChatStream::cancelFromASlotEndsTheBatch()
{
    ChatStream stream;
    Journal journal(stream);
    // A slot that stops the stream as soon as some text arrives.
    QObject::connect(&stream, &ChatStream::textDelta, &stream, [&stream] {
        stream.cancel();
    });
    stream.beginBatch();
    stream.reportText(u"one"_s);
    stream.reportText(u"two"_s);
    stream.reportToolCall(ToolCallDelta {0, u"id"_s, u"never"_s, {}});
    stream.reportText(u"three"_s);
    stream.endBatch();
    QCOMPARE(journal.entries, (QStringList {u"started"_s, u"text onetwo (2)"_s, u"failed cancelled"_s}));
    QVERIFY(stream.isEnded());
}

QTEST_GUILESS_MAIN(TestChatStream)
#include "tst_chatstream.moc"
