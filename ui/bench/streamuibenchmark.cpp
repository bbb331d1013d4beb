// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bench/streamuibenchmark.h"

#include "app/loopback/scriptedhttpserver.h"
#include "providers/chatstream.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/render/codehighlighter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QScrollBar>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>

#if defined(Q_OS_UNIX)
#include <ctime>
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using namespace Providers;

namespace {

constexpr int ProbeIntervalMs = 5;
constexpr int TokensPerPiece = 10;
constexpr int FlushEveryTokens = 50;
constexpr int SettleMs = 300;

qint64 threadCpuMicroseconds()
{
#if defined(Q_OS_UNIX)
    timespec now {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0) {
        return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
    }
#endif
    return 0;
}

qint64 processCpuMicroseconds()
{
#if defined(Q_OS_UNIX)
    rusage usage {};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        return (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1'000'000 + usage.ru_utime.tv_usec
            + usage.ru_stime.tv_usec;
    }
#endif
    return 0;
}

// A line of /proc/self/status in kB ("VmHWM", "VmRSS"), or 0 where there is none.
qint64 statusKb(const QByteArray &field)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field + ':')) {
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return 0;
}

QByteArray tokenEvent(const QString &token)
{
    QByteArray content = QJsonDocument(QJsonArray {token}).toJson(QJsonDocument::Compact);
    content = content.mid(1, content.size() - 2);
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + content + "}}]}\n\n";
}

double percentile(QList<qint64> values, double fraction)
{
    if (values.isEmpty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    return double(values[std::min(values.size() - 1, qsizetype(fraction * double(values.size())))]);
}

qint64 median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

QString verdict(bool met)
{
    return met ? u"ok"_s : u"MISSED"_s;
}

} // namespace

StreamUiBenchmark::StreamUiBenchmark(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_probe.setTimerType(Qt::PreciseTimer);
    m_probe.setInterval(ProbeIntervalMs);
    connect(&m_probe, &QTimer::timeout, this, &StreamUiBenchmark::probe);
}

StreamUiBenchmark::~StreamUiBenchmark()
{
    m_streams.clear();
    m_provider.reset();
    if (m_serverThread) {
        QMetaObject::invokeMethod(
            m_server,
            [server = m_server] {
                delete server;
            },
            Qt::BlockingQueuedConnection);
        m_serverThread->quit();
        m_serverThread->wait();
        delete m_serverThread;
    }
}

void StreamUiBenchmark::start()
{
    QTimer::singleShot(0, this, &StreamUiBenchmark::startStreaming);
}

void StreamUiBenchmark::startStreaming()
{
    // The server gets a thread of its own so serving does not eat the GUI thread's time.
    m_serverThread = new QThread;
    m_serverThread->setObjectName(u"loopback server"_s);
    m_serverThread->start();
    m_server = new Loopback::ScriptedHttpServer;
    m_server->moveToThread(m_serverThread);
    const qint64 tokens = qint64(m_options.tokensPerSecond) * (m_options.seconds + 5);
    const int pieceDelayMs = std::max(1, 1000 * TokensPerPiece / std::max(1, m_options.tokensPerSecond));
    const BenchAnswer answer = m_answer;
    bool listening = false;
    QMetaObject::invokeMethod(
        m_server,
        [server = m_server, &listening, tokens, pieceDelayMs, answer] {
            listening = server->listen();
            server->setHandler([tokens, pieceDelayMs, answer](const Loopback::RecordedRequest &) {
                // Each section's events are made once; only the section number differs.
                QList<QByteArray> events;
                for (qint64 i = 0; i < answer.sectionLength(); ++i) {
                    events.append(tokenEvent(answer.token(i)));
                }
                auto response = Loopback::ScriptedResponse::sse({});
                response.fixedSchedule = true;
                QByteArray piece;
                for (qint64 i = 0; i < tokens; ++i) {
                    const qint64 within = i % answer.sectionLength();
                    const QString token = answer.token(i);
                    piece += token == answer.token(within) ? events[within] : tokenEvent(token);
                    if ((i + 1) % TokensPerPiece == 0) {
                        response.pieces.append({piece, pieceDelayMs});
                        piece.clear();
                    }
                }
                piece += "data: [DONE]\n\n";
                response.pieces.append({piece, pieceDelayMs});
                return response;
            });
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        fail(u"cannot listen on 127.0.0.1"_s);
        return;
    }

    m_network = std::make_unique<QNetworkAccessManager>();
    m_network->setProxy(QNetworkProxy::NoProxy);
    QString presetError;
    const auto preset = ProviderPreset::fromJson(QJsonObject {{u"id"_s, u"bench"_s},
                                                     {u"family"_s, u"openai-chat"_s},
                                                     {u"baseUrl"_s, m_server->url(u"/v1"_s).toString()}},
        &presetError);
    if (!preset) {
        fail(presetError);
        return;
    }
    m_provider = ProviderFactory::create(*preset, *m_network, {});

    // All panes share one highlighter and its syntax repository, loaded before the answers
    // come, as the application does once its window is shown.
    m_highlighter = std::make_unique<CodeHighlighter>();
    QElapsedTimer warmUp;
    warmUp.start();
    m_highlighter->warmUp();
    m_figures.warmUpMs = double(warmUp.nsecsElapsed()) / 1e6;

    m_window = std::make_unique<QWidget>();
    m_window->setWindowTitle(u"Juxta UI benchmark"_s);
    auto *layout = new QHBoxLayout(m_window.get());
    for (int pane = 0; pane < m_options.panes; ++pane) {
        auto *view = new ConversationView(m_window.get());
        view->setCodeHighlighter(m_highlighter.get());
        auto model = std::make_unique<ConversationModel>();
        view->setConversation(model.get());
        layout->addWidget(view);
        m_models.push_back(std::move(model));
    }
    m_window->resize(400 * m_options.panes, 1000);
    m_window->show();
    // The window is shown and painted before the clock starts: what is measured is streaming.
    QTimer::singleShot(SettleMs, this, &StreamUiBenchmark::startStreams);
}

void StreamUiBenchmark::startStreams()
{
    ChatRequest request;
    request.model = u"bench"_s;
    request.messages = {{ChatMessage::Role::User, u"Write a long answer with code."_s, {}, {}, {}}};
    m_received.assign(size_t(m_options.panes), 0);
    for (int pane = 0; pane < m_options.panes; ++pane) {
        ConversationModel *target = m_models[size_t(pane)].get();
        target->appendUserMessage(request.messages.first().content);
        const int row = target->beginAnswer();
        std::unique_ptr<ChatStream> stream(m_provider->start(request));
        connect(stream.get(),
            &ChatStream::textDelta,
            this,
            [this, target, row, pane](const QString &delta, int pieces) {
                m_received[size_t(pane)] += pieces;
                target->appendText(row, delta);
            });
        connect(stream.get(), &ChatStream::failed, this, [this, target, row](const ProviderError &error) {
            if (error.kind != ProviderError::Kind::Cancelled) {
                m_figures.streamError = error.message;
            }
            target->failAnswer(row, error);
        });
        m_streams.push_back(std::move(stream));
    }

    m_threadCpuStartUs = threadCpuMicroseconds();
    m_processCpuStartUs = processCpuMicroseconds();
    m_clock.start();
    m_lastTick = 0;
    m_probe.start();
    QTimer::singleShot(m_options.seconds * 1000, this, &StreamUiBenchmark::endStreaming);
}

void StreamUiBenchmark::probe()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_gapsNs.append(now - m_lastTick);
    m_tickNs.append(now);
    m_lastTick = now;
}

void StreamUiBenchmark::endStreaming()
{
    m_probe.stop();
    const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
    const qint64 threadCpu = threadCpuMicroseconds() - m_threadCpuStartUs;
    const qint64 processCpu = processCpuMicroseconds() - m_processCpuStartUs;
    for (const qint64 received : m_received) {
        m_figures.tokens += received;
    }
    m_figures.seconds = seconds;
    if (!m_gapsNs.isEmpty()) {
        const auto longest = std::max_element(m_gapsNs.begin(), m_gapsNs.end());
        m_figures.longestStallMs = double(*longest) / 1e6;
        m_figures.longestStallAtS = double(m_tickNs[longest - m_gapsNs.begin()]) / 1e9;
    }
    // The share of probe ticks later than one frame (16 ms): how often a user would see a hitch.
    m_figures.lateTicksPercent =
        m_gapsNs.isEmpty() ? 0 : 100.0 * double(std::count_if(m_gapsNs.begin(), m_gapsNs.end(), [](qint64 gap) {
            return gap > 16'000'000;
        })) / double(m_gapsNs.size());
    m_figures.p99LatencyMs = percentile(m_gapsNs, 0.99) / 1e6;
    const double thousands = std::max<double>(1, double(m_figures.tokens) / 1000.0);
    m_figures.threadCpuMsPer1000 = double(threadCpu) / 1000.0 / thousands;
    m_figures.guiBusyPercent = seconds > 0 ? 100.0 * double(threadCpu) / 1e6 / seconds : 0;
    // How busy the machine was: latency figures mean little on an oversubscribed one.
    QFile loadAverage(u"/proc/loadavg"_s);
    if (loadAverage.open(QIODevice::ReadOnly)) {
        m_figures.loadAverage = QString::fromLatin1(loadAverage.readAll()).section(u' ', 0, 2);
    }
    m_figures.processCpuMsPer1000 = double(processCpu) / 1000.0 / thousands;
    m_figures.peakRssKb = statusKb("VmHWM");

    for (const auto &stream : m_streams) {
        stream->cancel();
    }
    m_streams.clear();
    m_window.reset();
    m_models.clear();
    m_provider.reset();

    // One answer grows to growthTokens, rendered every FlushEveryTokens as at 1,000 tokens/s.
    m_growthModel = std::make_unique<ConversationModel>();
    m_growthView = std::make_unique<ConversationView>();
    m_growthView->setCodeHighlighter(m_highlighter.get());
    m_growthView->setConversation(m_growthModel.get());
    m_growthView->resize(400, 1000);
    m_growthView->show();
    m_growthModel->beginAnswer();
    QTimer::singleShot(0, this, &StreamUiBenchmark::growSection);
}

void StreamUiBenchmark::growSection()
{
    // One section per turn of the event loop, each timed on its own.
    const qint64 section = m_answer.sectionLength();
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = 0; i < section; ++i, ++m_grown) {
        m_growthModel->appendText(0, m_answer.token(m_grown));
        if ((m_grown + 1) % FlushEveryTokens == 0) {
            m_growthView->renderPending();
            m_growthView->viewport()->repaint();
        }
    }
    m_sectionNs.append(timer.nsecsElapsed());
    if (m_grown + section <= m_options.growthTokens) {
        QTimer::singleShot(0, this, &StreamUiBenchmark::growSection);
        return;
    }
    // Sections starting near token 1,000 and ending near the last token; the fastest of three
    // at each end, so that another process taking the CPU for a moment does not count.
    const qsizetype first = std::min<qsizetype>(m_sectionNs.size() - 1, qsizetype((1000 + section - 1) / section));
    const qsizetype last = m_sectionNs.size() - 1;
    qint64 firstNs = m_sectionNs[first];
    qint64 lastNs = m_sectionNs[last];
    for (qsizetype k = first; k < std::min(first + 3, last); ++k) {
        firstNs = std::min(firstNs, m_sectionNs[k]);
    }
    for (qsizetype k = std::max(first + 3, last - 2); k <= last; ++k) {
        lastNs = std::min(lastNs, m_sectionNs[k]);
    }
    m_figures.appendFirstUs = double(firstNs) / 1000.0 / double(section);
    m_figures.appendLastUs = double(lastNs) / 1000.0 / double(section);
    m_figures.firstWindowToken = first * section;
    m_figures.lastWindowToken = last * section;
    m_growthView.reset();
    m_growthModel.reset();

    if (m_options.executable.isEmpty() || m_options.startupRuns <= 0) {
        done();
        return;
    }
    m_dataDirectory = QDir::temp().filePath(u"juxta-bench-%1"_s.arg(QCoreApplication::applicationPid()));
    QDir(m_dataDirectory).removeRecursively();
    startStartupRun();
}

void StreamUiBenchmark::startStartupRun()
{
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        while (m_process->canReadLine()) {
            const QByteArray line = m_process->readLine().trimmed();
            if (line == "juxta-shown") {
                m_startupMs.append(m_startClock.elapsed());
            } else if (line.startsWith("juxta-idle-rss-kb ")) {
                m_idleRssKb.append(line.mid(18).toLongLong());
            }
        }
    });
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        m_process->deleteLater();
        m_process = nullptr;
        if (status != QProcess::NormalExit || exitCode != 0) {
            fail(u"juxta --report-startup exited with %1"_s.arg(exitCode));
            return;
        }
        if (m_startupMs.size() < m_options.startupRuns) {
            startStartupRun();
        } else {
            QDir(m_dataDirectory).removeRecursively();
            done();
        }
    });
    m_startClock.start();
    m_process->start(m_options.executable, {u"--offscreen"_s, u"--report-startup"_s, u"--data-dir"_s, m_dataDirectory});
}

void StreamUiBenchmark::fail(const QString &error)
{
    m_error = error;
    Q_EMIT finished();
}

void StreamUiBenchmark::done()
{
    Q_EMIT finished();
}

bool StreamUiBenchmark::metTargets() const
{
    const bool streaming = m_figures.longestStallMs < 50 && m_figures.p99LatencyMs < 16;
    const bool growth = m_figures.appendFirstUs > 0 && m_figures.appendLastUs <= 2 * m_figures.appendFirstUs;
    const bool startup = m_startupMs.isEmpty() || (median(m_startupMs) < 500 && median(m_idleRssKb) < 150 * 1024);
    return m_error.isEmpty() && m_figures.streamError.isEmpty() && streaming && growth && startup;
}

QString StreamUiBenchmark::report() const
{
    const Figures &f = m_figures;
    QString text = u"Juxta UI benchmark: %1 panes, %2 tokens/s each, %3 s, loopback HTTP through the "
                   "OpenAI-compatible provider, offscreen.\n\n"_s.arg(m_options.panes)
                       .arg(m_options.tokensPerSecond)
                       .arg(m_options.seconds);
    const double rate = f.seconds > 0 ? double(f.tokens) / f.seconds / m_options.panes : 0;
    text += u"Syntax repository warm-up      %1 ms, once per process before streaming\n"_s.arg(f.warmUpMs, 0, 'f', 1);
    text += u"Tokens received                %1 (%2 tokens/s per pane)\n"_s.arg(f.tokens).arg(rate, 0, 'f', 0);
    if (!f.streamError.isEmpty()) {
        text += u"Stream error                   %1\n"_s.arg(f.streamError);
    }
    text += u"Longest GUI-thread stall       %1 ms, ending %2 s in   (target < 50 ms)   %3\n"_s
                .arg(f.longestStallMs, 0, 'f', 1)
                .arg(f.longestStallAtS, 0, 'f', 1)
                .arg(verdict(f.longestStallMs < 50));
    text += u"p99 event-loop latency         %1 ms   (target < 16 ms)   %2  (gap between %3 ms probe ticks)\n"_s
                .arg(f.p99LatencyMs, 0, 'f', 1)
                .arg(verdict(f.p99LatencyMs < 16))
                .arg(ProbeIntervalMs);
    text += u"p99 lateness of a probe tick   %1 ms   (the gap less the %2 ms period)\n"_s
                .arg(f.p99LatencyMs - ProbeIntervalMs, 0, 'f', 1)
                .arg(ProbeIntervalMs);
    text += u"Probe ticks later than 16 ms   %1 %\n"_s.arg(f.lateTicksPercent, 0, 'f', 2);
    text += u"CPU per 1,000 tokens           %1 ms on the GUI thread, %2 ms for the whole process "
            "(loopback server included)\n"_s.arg(f.threadCpuMsPer1000, 0, 'f', 2)
                .arg(f.processCpuMsPer1000, 0, 'f', 2);
    text += u"GUI thread busy                %1 % of the time (load average %2 on %3 CPUs)\n"_s
                .arg(f.guiBusyPercent, 0, 'f', 0)
                .arg(f.loadAverage.isEmpty() ? u"unknown"_s : f.loadAverage)
                .arg(QThread::idealThreadCount());
    text += u"Peak RSS while streaming       %1 MB\n"_s.arg(double(f.peakRssKb) / 1024.0, 0, 'f', 0);
    const double ratio = f.appendFirstUs > 0 ? f.appendLastUs / f.appendFirstUs : 0;
    text += u"Appending a token              %1 µs at token %2, %3 µs at token %4: %5×   (target ≤ 2×)   %6\n"_s
                .arg(f.appendFirstUs, 0, 'f', 2)
                .arg(f.firstWindowToken)
                .arg(f.appendLastUs, 0, 'f', 2)
                .arg(f.lastWindowToken)
                .arg(ratio, 0, 'f', 2)
                .arg(verdict(f.appendFirstUs > 0 && ratio <= 2));
    if (!m_startupMs.isEmpty()) {
        const qint64 startup = median(m_startupMs);
        const qint64 rss = median(m_idleRssKb);
        text +=
            u"Cold start to a shown window   %1 ms median of %2 (first %3 ms)   (target < 500 ms)   %4\n"_s.arg(startup)
                .arg(m_startupMs.size())
                .arg(m_startupMs.first())
                .arg(verdict(startup < 500));
        text +=
            u"Idle RSS                       %1 MB   (target < 150 MB)   %2\n"_s.arg(double(rss) / 1024.0, 0, 'f', 0)
                .arg(verdict(rss < 150 * 1024));
    }
    if (!m_error.isEmpty()) {
        text += u"Error: %1\n"_s.arg(m_error);
    }
    return text;
}

} // namespace Juxta::Ui
