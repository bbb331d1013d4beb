// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/sseparser.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace Juxta::Providers {

// Lets QCOMPARE on event lists show which event differs and how.
char *toString(const SseEvent &event)
{
    const std::unique_ptr<char[]> type(QTest::toString(event.type));
    const std::unique_ptr<char[]> data(QTest::toString(event.data));
    const std::unique_ptr<char[]> id(QTest::toString(event.id));
    return qstrdup("SseEvent(type " + QByteArray(type.get()) + ", data " + QByteArray(data.get()) + ", id "
        + QByteArray(id.get()) + ')');
}

} // namespace Juxta::Providers

namespace {

using Events = QList<SseEvent>;

constexpr quint32 randomSeeds[] = {1, 7, 42, 2024, 65537, 3141592653u};

SseEvent sseEvent(const QByteArray &data, const QByteArray &type = {}, const QByteArray &id = {})
{
    return SseEvent {type, data, id};
}

struct Outcome
{
    Events events;
    int beforeFinish = 0; // how many events were out before finish() was called
    bool timedOut = false; // the deadline passed before the whole stream was fed
};

// Feeds `stream` cut at `sizes` (the last slice takes the rest), then finishes it. A deadline stops a
// parser that has gone quadratic early, instead of letting it run for minutes.
Outcome parseInSlices(SseParser &parser,
    QByteArrayView stream,
    const QList<qsizetype> &sizes,
    QDeadlineTimer deadline = QDeadlineTimer::Forever)
{
    Outcome outcome;
    qsizetype offset = 0;
    for (const qsizetype size : sizes) {
        if (deadline.hasExpired()) {
            outcome.timedOut = true;
            return outcome;
        }
        const qsizetype length = std::min(size, stream.size() - offset);
        outcome.events += parser.feed(stream.sliced(offset, length));
        offset += length;
    }
    outcome.events += parser.feed(stream.sliced(offset));
    outcome.beforeFinish = int(outcome.events.size());
    outcome.events += parser.finish();
    return outcome;
}

// Slices of 0 to 11 bytes: empty feeds are legal and must not disturb a pending "\r".
QList<qsizetype> randomSizes(qsizetype total, quint32 seed, qsizetype largest = 11)
{
    QRandomGenerator random(seed);
    QList<qsizetype> sizes;
    for (qsizetype covered = 0; covered < total;) {
        sizes.append(random.bounded(int(largest) + 1));
        covered += sizes.last();
    }
    return sizes;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void resetDropsPendingState();
    void largeSingleEvent();
    void manySmallEvents();
};

void TestSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<Events>("expected");
    QTest::addColumn<int>("beforeFinish"); // events that must not wait for finish()

    QTest::newRow("empty stream") << QByteArray() << Events {} << 0;
    QTest::newRow("openai chunks and done") << "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                                               "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n"
                                               "data: [DONE]\n\n"_ba
                                            << Events {sseEvent(R"({"choices":[{"delta":{"content":"Hel"}}]})"_ba),
                                                   sseEvent(R"({"choices":[{"delta":{"content":"lo"}}]})"_ba),
                                                   sseEvent("[DONE]"_ba)}
                                            << 3;
    QTest::newRow("anthropic named events") << "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                                               "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                                               "event: content_block_delta\ndata: {\"delta\":{\"text\":\"Hi\"}}\n\n"
                                               "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"_ba
                                            << Events {sseEvent(R"({"type":"message_start"})"_ba, "message_start"_ba),
                                                   sseEvent(R"({"type": "ping"})"_ba, "ping"_ba),
                                                   sseEvent(R"({"delta":{"text":"Hi"}})"_ba, "content_block_delta"_ba),
                                                   sseEvent(R"({"type":"message_stop"})"_ba, "message_stop"_ba)}
                                            << 4;
    QTest::newRow("gemini crlf") << "data: {\"candidates\":[1]}\r\n\r\ndata: {\"candidates\":[2]}\r\n\r\n"_ba
                                 << Events {sseEvent(R"({"candidates":[1]})"_ba), sseEvent(R"({"candidates":[2]})"_ba)}
                                 << 2;
    // Taking "\r" and "\n" as two endings would end the event after "a" and split it in two.
    QTest::newRow("crlf inside an event") << "data: a\r\ndata: b\r\n\r\n"_ba << Events {sseEvent("a\nb"_ba)} << 1;
    QTest::newRow("comments") << ": keep-alive\n\ndata: a\n\n: OPENROUTER PROCESSING\n\ndata: b\n: ping\ndata: c\n\n"_ba
                              << Events {sseEvent("a"_ba), sseEvent("b\nc"_ba)} << 2;
    QTest::newRow("only comments") << ": keep-alive\n\n: keep-alive\n\n"_ba << Events {} << 0;
    QTest::newRow("multi-line data") << "data: first\ndata: second\ndata:\ndata: fourth\n\n"_ba
                                     << Events {sseEvent("first\nsecond\n\nfourth"_ba)} << 1;
    QTest::newRow("missing final newline")
        << "data: a\n\ndata: b"_ba << Events {sseEvent("a"_ba), sseEvent("b"_ba)} << 1;
    QTest::newRow("missing final blank line")
        << "data: a\n\ndata: b\n"_ba << Events {sseEvent("a"_ba), sseEvent("b"_ba)} << 1;
    QTest::newRow("missing final blank line crlf")
        << "event: done\r\ndata: b\r\n"_ba << Events {sseEvent("b"_ba, "done"_ba)} << 0;
    QTest::newRow("comment after last event") << "data: a\n: bye"_ba << Events {sseEvent("a"_ba)} << 0;
    QTest::newRow("lone cr") << "event: x\rdata: a\rdata: b\r\rdata: c\r\r"_ba
                             << Events {sseEvent("a\nb"_ba, "x"_ba), sseEvent("c"_ba)} << 2;
    QTest::newRow("cr at end of stream") << "data: a\r"_ba << Events {sseEvent("a"_ba)} << 0;
    QTest::newRow("cr cr at end of stream") << "data: a\r\r"_ba << Events {sseEvent("a"_ba)} << 1;
    QTest::newRow("mixed line endings")
        << "data: a\r\n\ndata: b\n\r\ndata: c\r\r\ndata: d\r\n\r"_ba
        << Events {sseEvent("a"_ba), sseEvent("b"_ba), sseEvent("c"_ba), sseEvent("d"_ba)} << 4;
    QTest::newRow("leading blank lines") << "\n\r\n\rdata: a\n\n"_ba << Events {sseEvent("a"_ba)} << 1;
    QTest::newRow("utf-8 multibyte") << "data: caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x99\x82\n\n"_ba
                                     << Events {sseEvent("caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x99\x82"_ba)}
                                     << 1;
    QTest::newRow("utf-8 at line ends") << "data: \xF0\x9F\x99\x82\r\ndata: \xC3\xA9\r\n\r\n"_ba
                                        << Events {sseEvent("\xF0\x9F\x99\x82\n\xC3\xA9"_ba)} << 1;
    QTest::newRow("bom") << "\xEF\xBB\xBF"
                            "data: a\n\n"_ba
                         << Events {sseEvent("a"_ba)} << 1;
    QTest::newRow("bom then comment") << "\xEF\xBB\xBF: hi\ndata: a\n\n"_ba << Events {sseEvent("a"_ba)} << 1;
    // Only one mark is skipped: a second one makes the field name "\xEF\xBB\xBF" "data", which is unknown.
    QTest::newRow("second bom is not skipped") << "\xEF\xBB\xBF\xEF\xBB\xBF"
                                                  "data: a\n\ndata: b\n\n"_ba
                                               << Events {sseEvent("b"_ba)} << 1;
    QTest::newRow("bom inside data is kept") << "data: \xEF\xBB\xBF"
                                                "a\n\n"_ba
                                             << Events {sseEvent("\xEF\xBB\xBF"
                                                                 "a"_ba)}
                                             << 1;
    QTest::newRow("bom prefix only") << "\xEF\xBB"_ba << Events {} << 0;
    QTest::newRow("field without colon") << "data\n\ndata\ndata\n\nevent\ndata: x\n\n"_ba
                                         << Events {sseEvent(""_ba), sseEvent("\n"_ba), sseEvent("x"_ba)} << 3;
    QTest::newRow("data with and without space") << "data:a\n\ndata: b\n\ndata:  c\n\n"_ba
                                                 << Events {sseEvent("a"_ba), sseEvent("b"_ba), sseEvent(" c"_ba)} << 3;
    QTest::newRow("empty data line") << "data:\n\ndata: \n\n"_ba << Events {sseEvent(""_ba), sseEvent(""_ba)} << 2;
    QTest::newRow("colon in value") << "data: {\"a\":\"b: c\"}\n\nevent:x:y\ndata::\n\n"_ba
                                    << Events {sseEvent(R"({"a":"b: c"})"_ba), sseEvent(":"_ba, "x:y"_ba)} << 2;
    QTest::newRow("id") << "id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid:7\ndata: d\n\n"_ba
                        << Events {sseEvent("a"_ba, {}, "1"_ba),
                               sseEvent("b"_ba, {}, "1"_ba),
                               sseEvent("c"_ba),
                               sseEvent("d"_ba, {}, "7"_ba)}
                        << 4;
    QTest::newRow("id with nul is ignored") << "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"_ba
                                            << Events {sseEvent("a"_ba, {}, "1"_ba), sseEvent("b"_ba, {}, "1"_ba)} << 2;
    // The parse test reuses one parser, so an id kept by finish() would show up on "a" next time.
    QTest::newRow("id does not outlive the stream")
        << "data: a\n\nid: 5\ndata: b\n\n"_ba << Events {sseEvent("a"_ba), sseEvent("b"_ba, {}, "5"_ba)} << 2;
    QTest::newRow("unknown fields") << "retry: 3000\ndata: a\nfoo: bar\n\nerror: {\"code\":500}\n\n"_ba
                                    << Events {sseEvent("a"_ba)} << 1;
    QTest::newRow("field names are case-sensitive") << "Data: a\n\nDATA: b\n\n"_ba << Events {} << 0;
    QTest::newRow("space before colon") << "data : a\n\n"_ba << Events {} << 0;
    QTest::newRow("event only does not leak")
        << "event: ping\n\ndata: a\n\nevent: x\r\n\r\ndata: b"_ba << Events {sseEvent("a"_ba), sseEvent("b"_ba)} << 1;
    QTest::newRow("last event line wins")
        << "event: a\nevent: b\ndata: x\n\n"_ba << Events {sseEvent("x"_ba, "b"_ba)} << 1;
    QTest::newRow("event only at end of stream") << "data: a\n\nevent: ping\n"_ba << Events {sseEvent("a"_ba)} << 1;
}

void TestSseParser::parse()
{
    QFETCH(QByteArray, stream);
    QFETCH(Events, expected);
    QFETCH(int, beforeFinish);

    QString strategy;
    const auto explainFailure = qScopeGuard([&strategy] {
        if (QTest::currentTestFailed())
            qWarning("failed when fed %s", qPrintable(strategy));
    });
    // One parser for every strategy: finish() must leave it ready for a new stream.
    SseParser parser;
    const auto check = [&](const QString &name, const QList<qsizetype> &sizes) {
        strategy = name;
        const Outcome outcome = parseInSlices(parser, stream, sizes);
        QCOMPARE(outcome.events, expected);
        QCOMPARE(outcome.beforeFinish, beforeFinish);
        QCOMPARE(parser.bufferedBytes(), 0);
    };

    check(u"whole"_s, {});
    if (QTest::currentTestFailed())
        return;
    check(u"byte by byte"_s, QList<qsizetype>(stream.size(), 1));
    if (QTest::currentTestFailed())
        return;
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        check(u"in two slices cut at %1"_s.arg(cut), {cut});
        if (QTest::currentTestFailed())
            return;
    }
    for (const quint32 seed : randomSeeds) {
        check(u"in random slices, seed %1"_s.arg(seed), randomSizes(stream.size(), seed));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestSseParser::resetDropsPendingState()
{
    SseParser parser;
    QVERIFY(parser.feed("event: x\nid: 7\ndata: partial\ndata: par"_ba).isEmpty());
    QVERIFY(parser.bufferedBytes() > 0);
    parser.reset();
    QCOMPARE(parser.bufferedBytes(), 0);
    // A byte-order mark is accepted again, and nothing of the old event survives.
    QCOMPARE(parser.feed("\xEF\xBB\xBF"
                         "data: b\n\n"_ba),
        Events {sseEvent("b"_ba)});
    QCOMPARE(parser.finish(), Events {});
}

void TestSseParser::largeSingleEvent()
{
    // 10 MiB on a single data line, with multibyte characters and no line endings inside.
    const QByteArray unit = "0123456789 caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x99\x82 {\"delta\":\"text\"} "_ba;
    const QByteArray payload = unit.repeated(10 * 1024 * 1024 / unit.size() + 1).left(10 * 1024 * 1024);
    const QByteArray stream = "event: big\ndata: "_ba + payload + "\n\n"_ba;

    struct Run
    {
        const char *name;
        QList<qsizetype> sizes;
    };
    const Run runs[] = {
        {"whole", {}},
        {"random slices up to 128 bytes", randomSizes(stream.size(), 98, 128)},
        {"random slices up to 4 KiB", randomSizes(stream.size(), 99, 4096)},
        {"random slices up to 64 KiB", randomSizes(stream.size(), 100, 64 * 1024)},
    };
    for (const Run &run : runs) {
        SseParser parser;
        // Generous for a shared machine: a correct parser needs well under a second, one that rescans
        // the buffered line on every feed needs minutes.
        const Outcome outcome = parseInSlices(parser, stream, run.sizes, QDeadlineTimer(10000));
        QVERIFY2(!outcome.timedOut, run.name);
        QCOMPARE(outcome.beforeFinish, 1);
        QCOMPARE(outcome.events.size(), 1);
        QCOMPARE(outcome.events.first().type, "big"_ba);
        QVERIFY2(outcome.events.first().data == payload, run.name);
        QCOMPARE(parser.bufferedBytes(), 0);
    }
}

void TestSseParser::manySmallEvents()
{
    constexpr int count = 100000;
    QByteArray stream;
    for (int i = 0; i < count; ++i) {
        if (i % 100 == 0)
            stream += ": keep-alive\r\n";
        if (i % 10 == 0)
            stream += "event: tick\r\n";
        stream += "data: {\"index\":" + QByteArray::number(i) + "}\r\n\r\n";
    }

    // Whole, the buffer holds 3 MB of complete lines: copying the rest after each line is quadratic.
    {
        SseParser parser;
        QElapsedTimer timer;
        timer.start();
        const Events events = parser.feed(stream);
        QVERIFY(timer.elapsed() < 15000);
        QCOMPARE(events.size(), count);
        QCOMPARE(events.at(count - 1).data, "{\"index\":99999}"_ba);
        QCOMPARE(parser.bufferedBytes(), 0);
    }

    SseParser parser;
    QRandomGenerator random(2718);
    qsizetype offset = 0;
    qsizetype mostBuffered = 0;
    int received = 0;
    int ticks = 0;
    QByteArray lastData;
    QElapsedTimer timer;
    timer.start();
    while (offset < stream.size()) {
        const qsizetype size = std::min<qsizetype>(1 + random.bounded(4096), stream.size() - offset);
        const Events events = parser.feed(QByteArrayView(stream).sliced(offset, size));
        offset += size;
        for (const SseEvent &each : events) {
            if (each.data != "{\"index\":" + QByteArray::number(received) + '}')
                QFAIL(qPrintable(u"event %1 has data %2"_s.arg(received).arg(QString::fromUtf8(each.data))));
            ticks += each.type == "tick" ? 1 : 0;
            ++received;
        }
        mostBuffered = std::max(mostBuffered, parser.bufferedBytes());
    }
    QVERIFY(timer.elapsed() < 15000);
    QCOMPARE(received, count);
    QCOMPARE(ticks, count / 10);
    // Consumed lines are released: the parser never holds more than one slice plus a partial line.
    QVERIFY2(mostBuffered <= 4096 + 64, qPrintable(QString::number(mostBuffered)));
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.finish(), Events {});
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
