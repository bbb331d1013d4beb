// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/bench/benchanswer.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QProcess;
class QThread;
class QWidget;

namespace Juxta {
namespace Loopback {
class ScriptedHttpServer;
}
namespace Providers {
class ChatStream;
class Provider;
} // namespace Providers
} // namespace Juxta

namespace Juxta::Ui {

class CodeHighlighter;
class ConversationModel;
class ConversationView;

/**
 * `juxta --bench-stream`: how the GUI holds up while answers stream in. Several
 * ConversationViews side by side, offscreen, each receive an endless Markdown-and-code
 * answer at a fixed rate from the loopback server through the real provider path, while a
 * probe timer measures how late the event loop gets. Then one answer grows to 100,000 tokens
 * to compare what appending costs at its start and at its end, and the juxta executable is
 * started a few times to time a cold start to a shown window and its idle memory.
 *
 * Runs on the GUI thread's event loop, phase after phase, without blocking it.
 */
class StreamUiBenchmark : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int panes = 4;
        int tokensPerSecond = 1000;
        int seconds = 60;
        qint64 growthTokens = 100'000;
        int startupRuns = 5;
        /** The juxta executable whose cold start is timed; empty: not timed. */
        QString executable;
    };

    explicit StreamUiBenchmark(const Options &options, QObject *parent = nullptr);
    ~StreamUiBenchmark() override;
    Q_DISABLE_COPY_MOVE(StreamUiBenchmark)

    void start();
    /** The figures, with each target and whether it was met. */
    QString report() const;
    /** Empty when every phase ran; otherwise what went wrong. */
    QString errorString() const { return m_error; }
    bool metTargets() const;

Q_SIGNALS:
    void finished();

private:
    void startStreaming();
    void startStreams();
    void probe();
    void endStreaming();
    void growSection();
    void startStartupRun();
    void fail(const QString &error);
    void done();

    Options m_options;
    BenchAnswer m_answer;
    QString m_error;

    std::unique_ptr<CodeHighlighter> m_highlighter;

    // Streaming phase.
    QThread *m_serverThread = nullptr;
    Loopback::ScriptedHttpServer *m_server = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<Providers::Provider> m_provider;
    std::unique_ptr<QWidget> m_window;
    std::vector<std::unique_ptr<ConversationModel>> m_models;
    std::vector<std::unique_ptr<Providers::ChatStream>> m_streams;
    std::vector<qint64> m_received;
    QTimer m_probe;
    QElapsedTimer m_clock;
    qint64 m_lastTick = 0;
    QList<qint64> m_gapsNs;
    QList<qint64> m_tickNs;
    qint64 m_threadCpuStartUs = 0;
    qint64 m_processCpuStartUs = 0;

    // Growth phase.
    std::unique_ptr<ConversationModel> m_growthModel;
    std::unique_ptr<ConversationView> m_growthView;
    qint64 m_grown = 0;
    QList<qint64> m_sectionNs;

    // Start-up phase.
    QString m_dataDirectory;
    QProcess *m_process = nullptr;
    QElapsedTimer m_startClock;
    QList<qint64> m_startupMs;
    QList<qint64> m_idleRssKb;

    struct Figures
    {
        double warmUpMs = 0;
        qint64 tokens = 0;
        double seconds = 0;
        double longestStallMs = 0;
        double longestStallAtS = 0;
        double p99LatencyMs = 0;
        double lateTicksPercent = 0;
        double threadCpuMsPer1000 = 0;
        /** GUI-thread CPU time over wall time while streaming: below 100 % it is not the bottleneck. */
        double guiBusyPercent = 0;
        QString loadAverage;
        double processCpuMsPer1000 = 0;
        qint64 peakRssKb = 0;
        QString streamError;
        double appendFirstUs = 0;
        double appendLastUs = 0;
        qint64 firstWindowToken = 0;
        qint64 lastWindowToken = 0;
    } m_figures;
};

} // namespace Juxta::Ui
