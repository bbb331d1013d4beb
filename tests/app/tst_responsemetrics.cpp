// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/metrics/responsemetrics.h"
#include "app/metrics/responserecorder.h"
#include "providers/providerpreset.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Providers;

class TestResponseMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportedCountsAreNotEstimates();
    void countsDeltasWhenNothingIsReported();
    void aRequestNeverAcceptedCostsNothing();
    void recordsTheAnswerAndToolCalls();
    void aDeletedStreamEndsTheRecord();

private:
    ModelInfo priced() const { return ModelInfo {u"m"_s, u"m"_s, 1000, 2.0, 8.0, 0.5}; }
};

void TestResponseMetrics::reportedCountsAreNotEstimates()
{
    ChatStream stream;
    ResponseRecorder recorder;
    recorder.attach(&stream);
    stream.reportStarted();
    QTest::qWait(20);
    stream.reportText(u"a"_s);
    QTest::qWait(30);
    stream.reportText(u"b"_s);
    stream.reportUsage(TokenUsage {1000, 11, 4, 400});
    stream.reportFinished(FinishReason::Stop);

    const ModelInfo model = priced();
    const ResponseMetrics metrics = ResponseMetrics::from(recorder, 5000, &model);
    QVERIFY(metrics.estimated.isEmpty());
    QCOMPARE(metrics.inputTokens, std::optional<qint64>(1000));
    QCOMPARE(metrics.outputTokens, std::optional<qint64>(11));
    QCOMPARE(metrics.reasoningTokens, std::optional<qint64>(4));
    // 600 fresh input at $2, 400 cached at $0.5, 11 output at $8, per million.
    QCOMPARE(*metrics.costUsd, (600 * 2.0 + 400 * 0.5 + 11 * 8.0) / 1e6);
    QVERIFY(*metrics.ttftMs >= *metrics.ttfbMs);
    QVERIFY(*metrics.totalMs >= *metrics.ttftMs);
    // Ten tokens after the first, over at least 30 ms.
    QVERIFY2(*metrics.tokensPerSecond > 0 && *metrics.tokensPerSecond <= 10 * 1000.0 / 30,
        qPrintable(QString::number(*metrics.tokensPerSecond)));
}

void TestResponseMetrics::countsDeltasWhenNothingIsReported()
{
    ChatStream stream;
    ResponseRecorder recorder;
    recorder.attach(&stream);
    stream.reportStarted();
    for (int i = 0; i < 5; ++i) {
        stream.reportText(u"x"_s);
        QTest::qWait(5);
    }
    stream.reportFinished(FinishReason::Stop);
    const ModelInfo model = priced();
    const ResponseMetrics metrics = ResponseMetrics::from(recorder, 40, &model);
    QCOMPARE(metrics.outputTokens, std::optional<qint64>(5));
    QCOMPARE(metrics.inputTokens, std::optional<qint64>(10));
    QCOMPARE(metrics.estimated,
        (QStringList {u"input_tokens"_s, u"output_tokens"_s, u"tokens_per_second"_s, u"cost_usd"_s}));
}

void TestResponseMetrics::aRequestNeverAcceptedCostsNothing()
{
    ChatStream stream;
    ResponseRecorder recorder;
    recorder.attach(&stream);
    stream.reportFailed(ProviderError::make(ProviderError::Kind::Auth, u"no key"_s));
    const ModelInfo model = priced();
    const ResponseMetrics metrics = ResponseMetrics::from(recorder, 400, &model);
    QVERIFY(!metrics.inputTokens);
    QVERIFY(!metrics.costUsd);
    QVERIFY(!metrics.ttfbMs);
    QVERIFY(metrics.totalMs);
    QVERIFY(metrics.estimated.isEmpty());
}

void TestResponseMetrics::recordsTheAnswerAndToolCalls()
{
    ChatStream stream;
    ResponseRecorder recorder;
    recorder.attach(&stream);
    stream.reportReasoning(u"think"_s);
    stream.reportText(u"Hi"_s);
    stream.reportToolCall(ToolCallDelta {1, u"b"_s, u"second"_s, u"{}"_s});
    stream.reportToolCall(ToolCallDelta {0, u"a"_s, u"first"_s, u"{\"x\":"_s});
    stream.reportToolCall(ToolCallDelta {0, {}, {}, u"1}"_s});
    stream.reportResponseInfo(ResponseInfo {u"id"_s, u"answered"_s, {}, u"stop"_s, {}});
    stream.reportFinished(FinishReason::ToolCalls);
    // Nothing after the end counts.
    stream.reportText(u"late"_s);

    QCOMPARE(recorder.text(), u"Hi"_s);
    QCOMPARE(recorder.reasoning(), u"think"_s);
    QCOMPARE(recorder.toolCalls().size(), 2);
    QCOMPARE(recorder.toolCalls()[0].arguments, u"{\"x\":1}"_s);
    QCOMPARE(recorder.toolCalls()[1].name, u"second"_s);
    QCOMPARE(recorder.info().model, u"answered"_s);
    QCOMPARE(recorder.finishReason(), std::optional<FinishReason>(FinishReason::ToolCalls));
    QCOMPARE(recorder.deltaCount(), 5);
}

void TestResponseMetrics::aDeletedStreamEndsTheRecord()
{
    auto *stream = new ChatStream;
    ResponseRecorder recorder;
    recorder.attach(stream);
    stream->reportText(u"partial"_s);
    delete stream;
    QVERIFY(recorder.isEnded());
    QCOMPARE(recorder.error()->kind, ProviderError::Kind::Cancelled);
    QCOMPARE(recorder.text(), u"partial"_s);
}

QTEST_GUILESS_MAIN(TestResponseMetrics)
#include "tst_responsemetrics.moc"
