// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/bench/streambenchmark.h"

#include "app/loopback/scriptedhttpserver.h"
#include "providers/chatstream.h"
#include "providers/openaicompatible/chatcompletionsdecoder.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <memory>

#if defined(Q_OS_UNIX)
#include <ctime>
#endif

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

namespace {

// One token's event, as OpenAI streams it.
const QByteArray TokenEvent = R"({"choices":[{"index":0,"delta":{"content":"tok "}}]})";

std::optional<qint64> threadCpuMicroseconds()
{
#if defined(Q_OS_UNIX)
    timespec now {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0) {
        return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
    }
#endif
    return std::nullopt;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

// The benchmark runs in juxta-cli, which has no GUI thread to keep responsive, so waiting in a
// local event loop is the plain way to sequence its phases.
void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    poll.start(1);
    loop.exec();
}

/** Streams @p streams answers at once through the full provider path; returns mean tok/s per stream. */
std::optional<double> runJuxta(Provider &provider, int streams, qint64 tokens, std::optional<double> *cpuPer1000)
{
    ChatRequest request;
    request.model = u"bench"_s;
    request.messages = {{ChatMessage::Role::User, u"Stream"_s, {}, {}, {}}};
    std::vector<std::unique_ptr<ChatStream>> running;
    std::vector<qint64> received(streams, 0);
    std::vector<qint64> endedAt(streams, -1);
    QElapsedTimer clock;
    const auto cpuBefore = threadCpuMicroseconds();
    clock.start();
    for (int i = 0; i < streams; ++i) {
        running.emplace_back(provider.start(request));
        QObject::connect(running.back().get(),
            &ChatStream::textDelta,
            running.back().get(),
            [&received, i](const QString &, int pieces) {
                received[i] += pieces;
            });
        QObject::connect(running.back().get(), &ChatStream::finished, running.back().get(), [&endedAt, &clock, i] {
            // A stream takes tens of milliseconds: whole milliseconds would blur it by percents.
            endedAt[i] = clock.nsecsElapsed();
        });
        QObject::connect(running.back().get(),
            &ChatStream::failed,
            running.back().get(),
            [&endedAt, i](const ProviderError &) {
                endedAt[i] = -2;
            });
    }
    waitFor(
        [&] {
            return std::all_of(endedAt.begin(), endedAt.end(), [](qint64 t) {
                return t != -1;
            });
        },
        300'000);
    const auto cpuAfter = threadCpuMicroseconds();
    double sum = 0;
    for (int i = 0; i < streams; ++i) {
        if (endedAt[i] <= 0 || received[i] != tokens) {
            return std::nullopt;
        }
        sum += double(tokens) * 1e9 / double(endedAt[i]);
    }
    if (cpuBefore && cpuAfter) {
        *cpuPer1000 = double(*cpuAfter - *cpuBefore) / (double(tokens) * streams / 1000.0);
    }
    return sum / streams;
}

/** The same streams read by curl -N, which only receives bytes: the ceiling of any client. */
std::optional<double> runCurl(const QString &curl, const QUrl &url, int streams, qint64 tokens)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < streams; ++i) {
        auto process = std::make_unique<QProcess>();
        process->start(curl,
            {u"-N"_s,
                u"-s"_s,
                u"--noproxy"_s,
                u"*"_s,
                u"-o"_s,
                u"/dev/null"_s,
                u"-w"_s,
                u"%{time_total}"_s,
                u"-H"_s,
                u"Content-Type: application/json"_s,
                u"-d"_s,
                u"{}"_s,
                url.toString()});
        processes.push_back(std::move(process));
    }
    waitFor(
        [&] {
            return std::all_of(processes.begin(), processes.end(), [](const auto &p) {
                return p->state() == QProcess::NotRunning;
            });
        },
        300'000);
    double sum = 0;
    for (const auto &process : processes) {
        bool ok = false;
        const double seconds = process->readAllStandardOutput().trimmed().toDouble(&ok);
        if (process->exitCode() != 0 || !ok || seconds <= 0) {
            return std::nullopt;
        }
        sum += double(tokens) / seconds;
    }
    return sum / streams;
}

/**
 * Decoder cost per token over the first and the last 1,000 tokens of one long stream, fed in
 * 4 KB slices. A window is a fraction of a millisecond, so one interrupt could double it: each
 * figure is the least of several passes, each with a decoder of its own.
 */
std::pair<double, double> parseCost(qint64 tokens)
{
    QByteArray stream;
    stream.reserve((TokenEvent.size() + 8) * tokens + 16);
    for (qint64 i = 0; i < tokens; ++i) {
        stream += "data: " + TokenEvent + "\n\n";
    }
    stream += "data: [DONE]\n\n";

    constexpr int Passes = 5;
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::max();
    for (int pass = 0; pass < Passes; ++pass) {
        ChatCompletionsDecoder decoder;
        ChatStream sink;
        qint64 seen = 0;
        QElapsedTimer clock;
        qint64 firstWindow = 0;
        qint64 lastWindowStart = 0;
        QObject::connect(&sink, &ChatStream::textDelta, &sink, [&](const QString &, int pieces) {
            seen += pieces;
            if (firstWindow == 0 && seen >= 1000) {
                firstWindow = clock.nsecsElapsed();
            } else if (lastWindowStart == 0 && seen >= tokens - 1000) {
                lastWindowStart = clock.nsecsElapsed();
            }
        });
        clock.start();
        for (qsizetype at = 0; at < stream.size(); at += 4096) {
            decoder.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(4096, stream.size() - at)), sink);
        }
        const qint64 end = clock.nsecsElapsed();
        decoder.finish(sink);
        first = std::min(first, firstWindow);
        last = std::min(last, end - lastWindowStart);
    }
    return {double(first) / 1000.0, double(last) / 1000.0};
}

} // namespace

std::optional<StreamBenchmark::Result> StreamBenchmark::run(const Options &options, QString *error)
{
    // The server gets a thread of its own, so that serving does not eat the receiving thread's time.
    QThread serverThread;
    serverThread.setObjectName(u"loopback server"_s);
    serverThread.start();
    auto *server = new Loopback::ScriptedHttpServer;
    server->moveToThread(&serverThread);
    bool listening = false;
    const qint64 tokens = options.tokens;
    const qint64 perChunk = std::max(1, options.eventsPerChunk);
    QMetaObject::invokeMethod(
        server,
        [server, &listening, tokens, perChunk] {
            listening = server->listen();
            server->setHandler([tokens, perChunk](const Loopback::RecordedRequest &) {
                auto response = Loopback::ScriptedResponse::sse({});
                response.generated.pieceCount = (tokens + perChunk) / perChunk; // the tokens and [DONE]
                response.generated.piece = [tokens, perChunk](qint64 chunk) {
                    QByteArray bytes;
                    const qint64 end = std::min(tokens + 1, (chunk + 1) * perChunk);
                    for (qint64 event = chunk * perChunk; event < end; ++event) {
                        bytes += "data: " + (event < tokens ? TokenEvent : QByteArray("[DONE]")) + "\n\n";
                    }
                    return bytes;
                };
                return response;
            });
        },
        Qt::BlockingQueuedConnection);
    const auto stopServer = qScopeGuard([&] {
        QMetaObject::invokeMethod(
            server,
            [server] {
                delete server;
            },
            Qt::BlockingQueuedConnection);
        serverThread.quit();
        serverThread.wait();
    });
    if (!listening) {
        *error = u"cannot listen on 127.0.0.1"_s;
        return std::nullopt;
    }
    const QUrl baseUrl = server->url(u"/v1"_s);

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QString presetError;
    const auto preset = ProviderPreset::fromJson(
        QJsonObject {{u"id"_s, u"bench"_s}, {u"family"_s, u"openai-chat"_s}, {u"baseUrl"_s, baseUrl.toString()}},
        &presetError);
    const auto provider = ProviderFactory::create(*preset, network, {});

    Result result;
    const QString curl = QStandardPaths::findExecutable(u"curl"_s);
    if (curl.isEmpty()) {
        result.curlProblem = u"curl is not installed: no baseline"_s;
    }
    for (const int streams : options.concurrency) {
        Level level;
        level.streams = streams;
        QList<double> juxta;
        QList<double> curlRates;
        QList<double> cpu;
        for (int repetition = 0; repetition < options.repetitions; ++repetition) {
            std::optional<double> cpuPer1000;
            const auto rate = runJuxta(*provider, streams, tokens, &cpuPer1000);
            if (!rate) {
                *error = u"a stream failed or lost tokens at %1 concurrent streams"_s.arg(streams);
                return std::nullopt;
            }
            juxta.append(*rate);
            if (cpuPer1000) {
                cpu.append(*cpuPer1000);
            }
            if (!curl.isEmpty()) {
                if (const auto curlRate =
                        runCurl(curl, QUrl(baseUrl.toString() + u"/chat/completions"_s), streams, tokens)) {
                    curlRates.append(*curlRate);
                } else {
                    result.curlProblem = u"curl failed to read the stream"_s;
                }
            }
        }
        level.juxtaTokensPerSecond = median(juxta);
        if (!curlRates.isEmpty()) {
            level.curlTokensPerSecond = median(curlRates);
        }
        if (!cpu.isEmpty()) {
            level.cpuMicrosecondsPer1000 = median(cpu);
        }
        result.levels.append(level);
    }
    std::tie(result.parseNanosecondsFirst1000, result.parseNanosecondsLast1000) = parseCost(tokens);
    return result;
}

QString StreamBenchmark::format(const Options &options, const Result &result)
{
    QString text =
        u"Streaming %1 tokens per pane over loopback HTTP, %2 event(s) per HTTP chunk, median of %3 runs.\n\n"_s
            .arg(options.tokens)
            .arg(options.eventsPerChunk)
            .arg(options.repetitions);
    text += u"PANES  JUXTA tok/s/stream  CURL tok/s/stream  RATIO  CPU µs/1k tokens\n"_s;
    for (const Level &level : result.levels) {
        const QString curl = level.curlTokensPerSecond ? QString::number(*level.curlTokensPerSecond, 'f', 0) : u"—"_s;
        const QString ratio = level.curlTokensPerSecond
            ? QString::number(level.juxtaTokensPerSecond / *level.curlTokensPerSecond, 'f', 2)
            : u"—"_s;
        const QString cpu =
            level.cpuMicrosecondsPer1000 ? QString::number(*level.cpuMicrosecondsPer1000, 'f', 0) : u"—"_s;
        text += u"%1  %2  %3  %4  %5\n"_s.arg(QString::number(level.streams).rightJustified(5),
            QString::number(level.juxtaTokensPerSecond, 'f', 0).rightJustified(18),
            curl.rightJustified(17),
            ratio.rightJustified(5),
            cpu.rightJustified(16));
    }
    text += u"\nTarget: ratio ≥ 0.90 per stream (curl only receives bytes; Juxta also parses every event).\n"_s;
    text += u"Decoder cost per token: %1 ns over the first 1,000 tokens, %2 ns over the last 1,000 (ratio %3; "
            "it must not grow with the answer's length).\n"_s.arg(result.parseNanosecondsFirst1000, 0, 'f', 0)
                .arg(result.parseNanosecondsLast1000, 0, 'f', 0)
                .arg(result.parseNanosecondsLast1000 / result.parseNanosecondsFirst1000, 0, 'f', 2);
    if (!result.curlProblem.isEmpty()) {
        text += result.curlProblem + u'\n';
    }
    return text;
}

} // namespace Juxta
