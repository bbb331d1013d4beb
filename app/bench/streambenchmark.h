// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Juxta {

/**
 * `juxta-cli bench stream`: how fast Juxta takes in streamed answers, against curl reading the
 * same streams in the same run. A loopback server on its own thread streams Chat Completions
 * events as fast as it can to 1, 4 and 8 concurrent panes.
 */
class StreamBenchmark
{
public:
    struct Options
    {
        qint64 tokens = 100'000;
        QList<int> concurrency {1, 4, 8};
        int repetitions = 5;
        /** SSE events per HTTP chunk: 1 is how providers send them, one flush per token. */
        int eventsPerChunk = 1;
    };

    struct Level
    {
        int streams = 0;
        /** Median over repetitions of the mean per-stream rate, tokens per second. */
        double juxtaTokensPerSecond = 0;
        std::optional<double> curlTokensPerSecond;
        /** CPU time of the receiving thread per 1,000 tokens, in microseconds. */
        std::optional<double> cpuMicrosecondsPer1000;
    };

    struct Result
    {
        QList<Level> levels;
        /** Decoder cost per token over tokens 0-1k and over the last 1k of the stream, in ns. */
        double parseNanosecondsFirst1000 = 0;
        double parseNanosecondsLast1000 = 0;
        QString curlProblem;
    };

    /** Runs the benchmark; blocks the calling thread, which must not be a GUI thread. */
    static std::optional<Result> run(const Options &options, QString *error);
    static QString format(const Options &options, const Result &result);
};

} // namespace Juxta
