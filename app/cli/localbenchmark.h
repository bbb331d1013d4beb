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
#include <optional>

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
    enum class Test { Prompt, Decode };

    QString promptText(int variant) const;
    void fitPrompt(int attempt);
    void next();
    void generate(const Providers::ChatRequest &request, Then then);
    void fail(const QString &message);
    void runLlamaBench(Test test);
    void readLlamaBench(int exitCode, QProcess::ExitStatus status);
    void finish();

    std::function<void(int)> m_done;
    QString m_modelPath;
    Providers::LocalEngineSettings m_settings;
    int m_repetitions = 5;
    int m_promptWords = 400;
    QString m_llamaBench;
    bool m_json = false;
    std::unique_ptr<Providers::LlamaModelHost> m_host;
    QList<std::function<void()>> m_steps;
    QProcess m_process;
    Test m_llamaBenchTest = Test::Prompt;

    /** Tokens per second of one round; llama-bench's figures are missing when it did not run. */
    struct Round
    {
        std::optional<double> juxtaPrompt;
        std::optional<double> juxtaDecode;
        std::optional<double> llamaBenchPrompt;
        std::optional<double> llamaBenchDecode;
    };
    QList<Round> m_rounds;
    int m_promptTokens = 0; ///< evaluated
    int m_promptTotalTokens = 0; ///< with any the KV cache served
    qint64 m_hugePageBytes = 0; ///< the process's memory in huge pages, once the model was loaded
    int m_decodeTokens = 0;
    Providers::LlamaGenerationStats m_firstTurn;
    Providers::LlamaGenerationStats m_secondTurn;
    QString m_llamaBenchProblem;
};

} // namespace Juxta
