// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/ndjsonparser.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

namespace {

using Lines = QList<QByteArray>;

constexpr quint32 randomSeeds[] = {1, 7, 42, 2024, 65537, 3141592653u};

struct Outcome
{
    Lines lines;
    int beforeFinish = 0; // how many lines were out before finish() was called
    bool timedOut = false; // the deadline passed before the whole stream was fed
};

// Feeds `stream` cut at `sizes` (the last slice takes the rest), then finishes it. A deadline stops a
// parser that has gone quadratic early, instead of letting it run for minutes.
Outcome parseInSlices(NdjsonParser &parser,
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
        outcome.lines += parser.feed(stream.sliced(offset, length));
        offset += length;
    }
    outcome.lines += parser.feed(stream.sliced(offset));
    outcome.beforeFinish = int(outcome.lines.size());
    outcome.lines += parser.finish();
    return outcome;
}

// Slices of 0 to `largest` bytes: empty feeds are legal.
QList<qsizetype> randomSizes(qsizetype total, quint32 seed, int largest = 11)
{
    QRandomGenerator random(seed);
    QList<qsizetype> sizes;
    for (qsizetype covered = 0; covered < total;) {
        sizes.append(random.bounded(largest + 1));
        covered += sizes.last();
    }
    return sizes;
}

} // namespace

class TestNdjsonParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void resetDropsPartialLine();
    void largeSingleLine();
    void manySmallLines();
};

void TestNdjsonParser::parse_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<Lines>("expected");
    QTest::addColumn<int>("beforeFinish"); // lines that must not wait for finish()

    QTest::newRow("empty stream") << QByteArray() << Lines {} << 0;
    QTest::newRow("ollama chat") << "{\"message\":{\"content\":\"Hel\"},\"done\":false}\n"
                                    "{\"message\":{\"content\":\"lo\"},\"done\":false}\n"
                                    "{\"done\":true,\"eval_count\":2,\"total_duration\":123456789012}\n"_ba
                                 << Lines {R"({"message":{"content":"Hel"},"done":false})"_ba,
                                        R"({"message":{"content":"lo"},"done":false})"_ba,
                                        R"({"done":true,"eval_count":2,"total_duration":123456789012})"_ba}
                                 << 3;
    QTest::newRow("crlf") << "{\"a\":1}\r\n{\"b\":2}\r\n"_ba << Lines {"{\"a\":1}"_ba, "{\"b\":2}"_ba} << 2;
    QTest::newRow("missing final newline") << "{\"a\":1}\n{\"b\":2}"_ba << Lines {"{\"a\":1}"_ba, "{\"b\":2}"_ba} << 1;
    QTest::newRow("missing final newline after cr") << "{\"a\":1}\r"_ba << Lines {"{\"a\":1}"_ba} << 0;
    QTest::newRow("blank lines") << "\n\r\n{\"a\":1}\n\n  \t\n\r\n{\"b\":2}\n\n"_ba
                                 << Lines {"{\"a\":1}"_ba, "{\"b\":2}"_ba} << 2;
    QTest::newRow("only blank lines") << "\n\r\n \n"_ba << Lines {} << 0;
    QTest::newRow("error line") << "{\"error\":\"model not found\"}\n"_ba
                                << Lines {"{\"error\":\"model not found\"}"_ba} << 1;
    // A lone "\r" is not a line ending here, and string escapes stay as they came.
    QTest::newRow("cr inside a line") << "{\"a\":\"x\ry\"}\n{\"b\":\"\\n\"}\n"_ba
                                      << Lines {"{\"a\":\"x\ry\"}"_ba, "{\"b\":\"\\n\"}"_ba} << 2;
    QTest::newRow("utf-8 multibyte") << "{\"t\":\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x99\x82\"}\n"_ba
                                     << Lines {"{\"t\":\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x99\x82\"}"_ba} << 1;
    QTest::newRow("surrounding spaces kept") << " {\"a\":1} \n"_ba << Lines {" {\"a\":1} "_ba} << 1;
}

void TestNdjsonParser::parse()
{
    QFETCH(QByteArray, stream);
    QFETCH(Lines, expected);
    QFETCH(int, beforeFinish);

    QString strategy;
    const auto explainFailure = qScopeGuard([&strategy] {
        if (QTest::currentTestFailed())
            qWarning("failed when fed %s", qPrintable(strategy));
    });
    // One parser for every strategy: finish() must leave it ready for a new stream.
    NdjsonParser parser;
    const auto check = [&](const QString &name, const QList<qsizetype> &sizes) {
        strategy = name;
        const Outcome outcome = parseInSlices(parser, stream, sizes);
        QCOMPARE(outcome.lines, expected);
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

void TestNdjsonParser::resetDropsPartialLine()
{
    NdjsonParser parser;
    QVERIFY(parser.feed("{\"a\":1}\n{\"b\":"_ba) == Lines {"{\"a\":1}"_ba});
    QVERIFY(parser.bufferedBytes() > 0);
    parser.reset();
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.feed("{\"c\":3}\n"_ba), Lines {"{\"c\":3}"_ba});
    QCOMPARE(parser.finish(), Lines {});
}

void TestNdjsonParser::largeSingleLine()
{
    const QByteArray unit = "{\"t\":\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x99\x82\"},"_ba;
    const QByteArray line = '[' + unit.repeated(10 * 1024 * 1024 / unit.size()) + "{}]";
    const QByteArray stream = line + "\r\n"_ba;

    struct Run
    {
        const char *name;
        QList<qsizetype> sizes;
    };
    const Run runs[] = {
        {"whole", {}},
        {"random slices up to 128 bytes", randomSizes(stream.size(), 98, 128)},
        {"random slices up to 4 KiB", randomSizes(stream.size(), 99, 4096)},
    };
    for (const Run &run : runs) {
        NdjsonParser parser;
        // Generous for a shared machine: a correct parser needs well under a second, one that rescans
        // the buffered line on every feed needs minutes.
        const Outcome outcome = parseInSlices(parser, stream, run.sizes, QDeadlineTimer(10000));
        QVERIFY2(!outcome.timedOut, run.name);
        QCOMPARE(outcome.beforeFinish, 1);
        QCOMPARE(outcome.lines.size(), 1);
        QVERIFY2(outcome.lines.first() == line, run.name);
        QCOMPARE(parser.bufferedBytes(), 0);
    }
}

void TestNdjsonParser::manySmallLines()
{
    constexpr int count = 100000;
    QByteArray stream;
    for (int i = 0; i < count; ++i)
        stream += "{\"index\":" + QByteArray::number(i) + (i % 2 ? "}\r\n" : "}\n");

    // Whole, the buffer holds 1.5 MB of complete lines: copying the rest after each line is quadratic.
    {
        NdjsonParser parser;
        QElapsedTimer timer;
        timer.start();
        const Lines lines = parser.feed(stream);
        QVERIFY(timer.elapsed() < 15000);
        QCOMPARE(lines.size(), count);
        QCOMPARE(lines.at(count - 1), "{\"index\":99999}"_ba);
        QCOMPARE(parser.bufferedBytes(), 0);
    }

    NdjsonParser parser;
    QRandomGenerator random(2718);
    qsizetype offset = 0;
    qsizetype mostBuffered = 0;
    int received = 0;
    QElapsedTimer timer;
    timer.start();
    while (offset < stream.size()) {
        const qsizetype size = std::min<qsizetype>(1 + random.bounded(4096), stream.size() - offset);
        const Lines lines = parser.feed(QByteArrayView(stream).sliced(offset, size));
        offset += size;
        for (const QByteArray &line : lines) {
            if (line != "{\"index\":" + QByteArray::number(received) + '}')
                QFAIL(qPrintable(u"line %1 is %2"_s.arg(received).arg(QString::fromUtf8(line))));
            ++received;
        }
        mostBuffered = std::max(mostBuffered, parser.bufferedBytes());
    }
    QVERIFY(timer.elapsed() < 15000);
    QCOMPARE(received, count);
    // Consumed lines are released: the parser never holds more than one slice plus a partial line.
    QVERIFY2(mostBuffered <= 4096 + 64, qPrintable(QString::number(mostBuffered)));
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.finish(), Lines {});
}

QTEST_GUILESS_MAIN(TestNdjsonParser)
#include "tst_ndjsonparser.moc"
