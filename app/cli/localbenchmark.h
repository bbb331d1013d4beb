// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/llamagenerationstats.h"
#include "providers/local/localenginesettings.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <functional>
#include <memory>

namespace Juxta {

namespace Providers {
class LlamaModelHost;
struct ChatRequest;
} // namespace Providers

/**
 * `juxta-cli bench local MODEL [--threads N]`: the embedded engine's prompt processing and
 * decoding speed, measured through the same engine the panes use, next to llama.cpp's own
 * llama-bench on the same file and thread count in the same run, as ratios. It also measures a
 * continued conversation: the second turn should evaluate only the tokens that are new, even
 * with another conversation's turn in between (as when two panes share the model).
 */
class LocalBenchmark : public QObject
{
    Q_OBJECT

public:
    explicit LocalBenchmark(QObject *parent = nullptr);
    ~LocalBenchmark() override;
    Q_DISABLE_COPY_MOVE(LocalBenchmark)

    /** Runs with @p arguments (after "bench") and calls @p done with the exit code. */
    void run(const QStringList &arguments, std::function<void(int)> done);

private:
    using Then = std::function<void(const Providers::LlamaGenerationStats &)>;

    void next();
    void generate(const Providers::ChatRequest &request, Then then);
    void fail(const QString &message);
    void runLlamaBench();
    void finish();

    std::function<void(int)> m_done;
    QString m_modelPath;
    Providers::LocalEngineSettings m_settings;
    int m_repetitions = 3;
    QString m_llamaBench;
    bool m_json = false;
    std::unique_ptr<Providers::LlamaModelHost> m_host;
    QList<std::function<void()>> m_steps;
    QProcess m_process;

    QList<double> m_promptRates;
    QList<double> m_decodeRates;
    int m_promptTokens = 0;
    int m_decodeTokens = 0;
    Providers::LlamaGenerationStats m_firstTurn;
    Providers::LlamaGenerationStats m_secondTurn;
    std::optional<double> m_llamaBenchPrompt;
    std::optional<double> m_llamaBenchDecode;
    QString m_llamaBenchProblem;
};

} // namespace Juxta
