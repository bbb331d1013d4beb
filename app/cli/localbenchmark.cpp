// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/localbenchmark.h"

#include "app/cli/optionaljson.h"
#include "app/metrics/statistics.h"
#include "app/models/modellibrary.h"
#include "providers/local/hugepagerequest.h"
#include "providers/local/llamamodelhost.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

namespace {

// llama-bench's default test sizes.
constexpr int PromptTokens = 512;
constexpr int DecodeTokens = 128;

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

// Common words, most of them one token each (in the generated test models "answers", "question",
// "words" and "text" take two to five); the prompt's length is fitted in tokens, not words.
QString words(int count, int offset)
{
    static const QStringList pool =
        u"the model answers a question about the world and the people who live in it with "
        "many words that come one after another in a long stream of text for the test"_s.split(u' ');
    QStringList out;
    for (int i = 0; i < count; ++i) {
        out.append(pool.at((i + offset) % pool.size()));
    }
    return out.join(u' ');
}

ChatRequest request(const QString &user, int maxTokens)
{
    ChatRequest request;
    request.messages.append(ChatMessage {ChatMessage::Role::User, user, {}, {}, {}});
    request.params.temperature = 0.0;
    request.params.maxTokens = maxTokens;
    return request;
}

/** One test's figures over the rounds: Juxta's and llama-bench's tokens per second. */
struct Comparison
{
    double juxta = 0; ///< median over the rounds
    std::optional<double> llamaBench; ///< median; missing when llama-bench did not run
    double juxtaBest = 0;
    std::optional<double> llamaBenchBest;
    /**
     * The median over the rounds of Juxta's figure divided by llama-bench's of the same round.
     * The two measurements of a round run seconds apart, so a minute in which the machine is
     * slower slows both, and the median keeps one lucky or unlucky round from deciding.
     */
    std::optional<double> ratio;
    std::optional<double> lowestRatio;
    std::optional<double> highestRatio;

    static Comparison of(const QList<std::pair<std::optional<double>, std::optional<double>>> &rounds)
    {
        Comparison result;
        QList<double> juxta;
        QList<double> llamaBench;
        QList<double> ratios;
        for (const auto &[ours, theirs] : rounds) {
            if (ours) {
                juxta.append(*ours);
            }
            if (theirs) {
                llamaBench.append(*theirs);
            }
            if (ours && theirs && *theirs > 0) {
                ratios.append(*ours / *theirs);
            }
        }
        if (!juxta.isEmpty()) {
            result.juxta = *Statistics::median(juxta);
            result.juxtaBest = *std::max_element(juxta.cbegin(), juxta.cend());
        }
        if (!llamaBench.isEmpty()) {
            result.llamaBench = Statistics::median(llamaBench);
            result.llamaBenchBest = *std::max_element(llamaBench.cbegin(), llamaBench.cend());
        }
        if (!ratios.isEmpty()) {
            result.ratio = Statistics::median(ratios);
            result.lowestRatio = *std::min_element(ratios.cbegin(), ratios.cend());
            result.highestRatio = *std::max_element(ratios.cbegin(), ratios.cend());
        }
        return result;
    }
};

} // namespace

LocalBenchmark::LocalBenchmark(QObject *parent)
    : QObject(parent)
{ }

LocalBenchmark::~LocalBenchmark()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void LocalBenchmark::run(const QStringList &arguments, std::function<void(int)> done)
{
    m_done = std::move(done);
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Measure the embedded engine against llama-bench on the same model."));
    parser.addHelpOption();
    parser.addOptions({
        {u"threads"_s, tr("CPU threads for both (default: all cores)."), u"N"_s},
        {u"gpu-layers"_s, tr("Layers to offload to a GPU backend (default 0)."), u"N"_s},
        {u"reps"_s, tr("Rounds, each measuring both programs once per test (default 5)."), u"N"_s},
        {u"ctx"_s, tr("The context length for Juxta's engine (default 2048)."), u"N"_s},
        {u"llama-bench"_s, tr("The llama-bench program (default: from PATH)."), u"PATH"_s},
        {u"no-llama-bench"_s, tr("Measure Juxta only.")},
        {u"json"_s, tr("Print one JSON document.")},
    });
    parser.addPositionalArgument(u"local"_s, tr("The engine to measure (only \"local\")."));
    parser.addPositionalArgument(u"model"_s, tr("A GGUF file or a model of the library."));
    if (!parser.parse(QStringList {u"juxta-cli bench"_s} + arguments)) {
        print(stderr, u"juxta-cli bench: %1\n"_s.arg(parser.errorText()));
        return m_done(1);
    }
    if (parser.isSet(u"help"_s)) {
        print(stdout, parser.helpText());
        return m_done(0);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional.constFirst() != "local"_L1) {
        print(stderr, u"usage: juxta-cli bench local MODEL [--threads N] [--reps N] [--json]\n"_s);
        return m_done(1);
    }
    m_modelPath = ModelLibrary().resolve(positional.at(1));
    if (m_modelPath.isEmpty()) {
        print(stderr,
            u"juxta-cli bench: there is no model %1 (a GGUF path or a library name)\n"_s.arg(positional.at(1)));
        return m_done(1);
    }
    const int threads = parser.value(u"threads"_s).toInt();
    m_settings.threads = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    m_settings.gpuLayers = std::max(0, parser.value(u"gpu-layers"_s).toInt());
    m_settings.contextLength = parser.isSet(u"ctx"_s) ? parser.value(u"ctx"_s).toInt() : 2048;
    m_repetitions = std::max(1, parser.isSet(u"reps"_s) ? parser.value(u"reps"_s).toInt() : 5);
    m_json = parser.isSet(u"json"_s);
    if (!parser.isSet(u"no-llama-bench"_s)) {
        m_llamaBench = parser.isSet(u"llama-bench"_s) ? parser.value(u"llama-bench"_s)
                                                      : QStandardPaths::findExecutable(u"llama-bench"_s);
        if (m_llamaBench.isEmpty()) {
            m_llamaBenchProblem = tr("llama-bench was not found (Debian: llama.cpp-tools)");
        }
    }

    connect(&m_process, &QProcess::finished, this, &LocalBenchmark::readLlamaBench);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            m_llamaBenchProblem = tr("llama-bench could not be started: %1").arg(m_process.errorString());
            m_llamaBench.clear();
            next();
        }
    });

    m_host = std::make_unique<LlamaModelHost>(m_modelPath, m_settings);
    connect(m_host.get(), &LlamaModelHost::loadFailed, this, [this](const ProviderError &error) {
        fail(error.message);
    });
    connect(m_host.get(), &LlamaModelHost::loaded, this, [this] {
        m_hugePageBytes = HugePageRequest::processHugePageBytes();
        next();
    });

    // Warm-up, as llama-bench does before its tests: a short answer, then a whole prompt of the
    // measured size, so the first measured batch does not pay for first-touch memory.
    m_steps.append([this] {
        generate(request(u"hello"_s, 4), [this](const LlamaGenerationStats &) {
            next();
        });
    });
    m_steps.append([this] {
        fitPrompt(0);
    });
    // Juxta and llama-bench take turns test by test, so that the two measurements of a pair run
    // seconds apart: a slow minute on a shared machine then slows both rather than one.
    for (int round = 0; round < m_repetitions; ++round) {
        m_steps.append([this] {
            m_rounds.append(Round {});
            print(stderr, tr("Round %1 of %2…\n").arg(m_rounds.size()).arg(m_repetitions));
            next();
        });
        // Each round's prompt starts with a different word, so the KV cache could serve only the
        // start of the chat template, and the whole prompt is evaluated.
        const auto juxtaPrompt = [this, round] {
            // As llama-bench does before each of its tests: one unmeasured run of the same size,
            // so that the measured one does not pay for what the other program left in the caches.
            generate(request(promptText(m_repetitions + round + 1), 1), [this, round](const LlamaGenerationStats &) {
                generate(request(promptText(round + 1), 1), [this](const LlamaGenerationStats &stats) {
                    m_promptTokens = stats.evaluatedPromptTokens;
                    m_promptTotalTokens = stats.promptTokens;
                    m_rounds.last().juxtaPrompt =
                        stats.evaluatedPromptTokens * 1000.0 / std::max(stats.promptEvalMs, 1e-3);
                    next();
                });
            });
        };
        const auto juxtaDecode = [this, round] {
            generate(request(u"the answer is %1"_s.arg(words(1, round)), DecodeTokens),
                [this](const LlamaGenerationStats &stats) {
                    m_decodeTokens = stats.outputTokens;
                    m_rounds.last().juxtaDecode = stats.outputTokens * 1000.0 / std::max(stats.decodeMs, 1e-3);
                    next();
                });
        };
        const auto llamaBenchPrompt = [this] {
            runLlamaBench(Test::Prompt);
        };
        const auto llamaBenchDecode = [this] {
            runLlamaBench(Test::Decode);
        };
        // Who goes first alternates, so that a machine getting busier or quieter during the run
        // does not favour one side.
        if (round % 2 == 0) {
            m_steps.append({juxtaPrompt, llamaBenchPrompt, juxtaDecode, llamaBenchDecode});
        } else {
            m_steps.append({llamaBenchPrompt, juxtaPrompt, llamaBenchDecode, juxtaDecode});
        }
    }
    // A conversation continued, as in a pane while another pane takes its turn on the same
    // model in between: the second turn should still evaluate only what the first did not hold.
    const ChatRequest first = request(words(256, 7), 32);
    m_steps.append([this, first] {
        generate(first, [this](const LlamaGenerationStats &stats) {
            m_firstTurn = stats;
            next();
        });
    });
    m_steps.append([this] {
        generate(request(words(200, 11), 8), [this](const LlamaGenerationStats &) {
            next();
        });
    });
    m_steps.append([this, first] {
        ChatRequest second = first;
        second.messages.append(ChatMessage {ChatMessage::Role::Assistant, m_firstTurn.text, {}, {}, {}});
        second.messages.append(ChatMessage {ChatMessage::Role::User, words(64, 3), {}, {}, {}});
        generate(second, [this](const LlamaGenerationStats &stats) {
            m_secondTurn = stats;
            next();
        });
    });
    m_steps.append([this] {
        m_host.reset();
        finish();
    });
    print(stderr, tr("Measuring %1 with %2 threads…\n").arg(m_modelPath).arg(m_settings.threads));
    m_host->load();
}

QString LocalBenchmark::promptText(int variant) const
{
    // The first two words name the variant: prompts of different variants differ from their first
    // word on, so none can take another's evaluation from the KV cache, and all variants have as
    // many tokens.
    static const QStringList markers =
        u"model about world people who live many come one after another long stream for test with that and in it "
        "of"_s.split(u' ');
    const qsizetype count = markers.size();
    return markers.at(variant % count) + u' ' + markers.at(variant / count % count) + u' ' + words(m_promptWords, 0);
}

void LocalBenchmark::fitPrompt(int attempt)
{
    // llama-bench's pp512 evaluates 512 tokens in one batch into an empty cache. A prompt of 512
    // tokens in all is the same work here: it shares only the chat template's first tokens with
    // the prompt before, which the engine then evaluates again (see evaluationStart() in
    // LlamaEngine). A longer prompt would take more: a second, nearly empty batch (almost a whole
    // pass over the weights), or attention over 768 cells, since the attended span grows in steps
    // of 256. How many tokens a word takes depends on the vocabulary, so the word count is found
    // by asking the engine. Each attempt is a new variant, evaluated as the measured prompts will
    // be, and these runs double as the warm-up with a prompt of that size.
    constexpr int FirstFitVariant = 1000;
    generate(request(promptText(FirstFitVariant + attempt), 1), [this, attempt](const LlamaGenerationStats &stats) {
        const int tokens = stats.promptTokens;
        if (tokens == PromptTokens || (attempt >= 12 && tokens < PromptTokens) || attempt >= 20) {
            return next();
        }
        const int step = (PromptTokens - tokens) * m_promptWords / std::max(tokens, 1);
        m_promptWords = std::max(1, m_promptWords + (step != 0 ? step : (tokens < PromptTokens ? 1 : -1)));
        fitPrompt(attempt + 1);
    });
}

void LocalBenchmark::next()
{
    if (m_steps.isEmpty()) {
        return;
    }
    const auto step = m_steps.takeFirst();
    step();
}

void LocalBenchmark::generate(const ChatRequest &chat, Then then)
{
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 id = m_host->generate(chat, cancel);
    auto *context = new QObject(this);
    connect(m_host.get(),
        &LlamaModelHost::generationFinished,
        context,
        [context, id, then](quint64 finished, FinishReason, const LlamaGenerationStats &stats) {
            if (finished == id) {
                context->deleteLater();
                then(stats);
            }
        });
    connect(m_host.get(),
        &LlamaModelHost::generationFailed,
        context,
        [this, context, id](quint64 failed, const ProviderError &error) {
            if (failed == id) {
                context->deleteLater();
                fail(error.message);
            }
        });
}

void LocalBenchmark::fail(const QString &message)
{
    m_steps.clear();
    print(stderr, u"juxta-cli bench: %1\n"_s.arg(message));
    m_done(2);
}

void LocalBenchmark::runLlamaBench(Test test)
{
    if (m_llamaBench.isEmpty()) {
        return next();
    }
    m_llamaBenchTest = test;
    // The model stays loaded in Juxta meanwhile; its threads are idle, so llama-bench has the
    // CPU to itself.
    m_process.start(m_llamaBench,
        {u"-m"_s,
            m_modelPath,
            u"-t"_s,
            QString::number(m_settings.threads),
            u"-ngl"_s,
            QString::number(m_settings.gpuLayers),
            u"-p"_s,
            QString::number(test == Test::Prompt ? PromptTokens : 0),
            u"-n"_s,
            QString::number(test == Test::Decode ? DecodeTokens : 0),
            u"-r"_s,
            u"1"_s,
            u"-o"_s,
            u"json"_s});
}

void LocalBenchmark::readLlamaBench(int exitCode, QProcess::ExitStatus status)
{
    const QByteArray out = m_process.readAllStandardOutput();
    if (status != QProcess::NormalExit || exitCode != 0) {
        m_llamaBenchProblem =
            tr("llama-bench failed: %1").arg(QString::fromLocal8Bit(m_process.readAllStandardError().right(500)));
        m_llamaBench.clear();
        return next();
    }
    Round &round = m_rounds.last();
    for (const QJsonValue &value : QJsonDocument::fromJson(out).array()) {
        const QJsonObject test = value.toObject();
        const double rate = test.value("avg_ts"_L1).toDouble();
        if (test.value("n_prompt"_L1).toInt() == PromptTokens && test.value("n_gen"_L1).toInt() == 0) {
            round.llamaBenchPrompt = rate;
        } else if (test.value("n_prompt"_L1).toInt() == 0 && test.value("n_gen"_L1).toInt() == DecodeTokens) {
            round.llamaBenchDecode = rate;
        }
    }
    if (!(m_llamaBenchTest == Test::Prompt ? round.llamaBenchPrompt : round.llamaBenchDecode)) {
        m_llamaBenchProblem = tr("llama-bench's output had no pp%1/tg%2 results").arg(PromptTokens).arg(DecodeTokens);
        m_llamaBench.clear();
    }
    next();
}

void LocalBenchmark::finish()
{
    QList<std::pair<std::optional<double>, std::optional<double>>> promptRounds;
    QList<std::pair<std::optional<double>, std::optional<double>>> decodeRounds;
    for (const Round &round : std::as_const(m_rounds)) {
        promptRounds.append({round.juxtaPrompt, round.llamaBenchPrompt});
        decodeRounds.append({round.juxtaDecode, round.llamaBenchDecode});
    }
    const Comparison prompt = Comparison::of(promptRounds);
    const Comparison decode = Comparison::of(decodeRounds);
    const int newTokens = m_secondTurn.promptTokens - m_firstTurn.promptTokens;
    const double evaluatedPerNew = newTokens > 0 ? double(m_secondTurn.evaluatedPromptTokens) / newTokens : 0.0;

    if (m_json) {
        QJsonArray rounds;
        for (const Round &round : std::as_const(m_rounds)) {
            rounds.append(QJsonObject {{u"juxta_prompt_tokens_per_second"_s, optionalJson(round.juxtaPrompt)},
                {u"llama_bench_prompt_tokens_per_second"_s, optionalJson(round.llamaBenchPrompt)},
                {u"juxta_decode_tokens_per_second"_s, optionalJson(round.juxtaDecode)},
                {u"llama_bench_decode_tokens_per_second"_s, optionalJson(round.llamaBenchDecode)}});
        }
        const auto json = [](const Comparison &comparison, int tokens) {
            return QJsonObject {{u"tokens"_s, tokens},
                {u"juxta_tokens_per_second"_s, comparison.juxta},
                {u"llama_bench_tokens_per_second"_s, optionalJson(comparison.llamaBench)},
                {u"ratio"_s, optionalJson(comparison.ratio)},
                {u"lowest_ratio"_s, optionalJson(comparison.lowestRatio)},
                {u"highest_ratio"_s, optionalJson(comparison.highestRatio)},
                {u"juxta_best_tokens_per_second"_s, comparison.juxtaBest},
                {u"llama_bench_best_tokens_per_second"_s, optionalJson(comparison.llamaBenchBest)}};
        };
        QJsonObject promptFigures = json(prompt, m_promptTokens);
        promptFigures.insert(u"prompt_tokens"_s, m_promptTotalTokens);
        const QJsonObject document {
            {u"model"_s, m_modelPath},
            {u"threads"_s, m_settings.threads},
            {u"repetitions"_s, m_repetitions},
            {u"huge_page_bytes"_s, m_hugePageBytes},
            {u"rounds"_s, rounds},
            {u"prompt"_s, promptFigures},
            {u"decode"_s, json(decode, m_decodeTokens)},
            {u"second_turn"_s,
                QJsonObject {{u"first_prompt_tokens"_s, m_firstTurn.promptTokens},
                    {u"prompt_tokens"_s, m_secondTurn.promptTokens},
                    {u"new_tokens"_s, newTokens},
                    {u"reused_tokens"_s, m_secondTurn.reusedPromptTokens},
                    {u"evaluated_tokens"_s, m_secondTurn.evaluatedPromptTokens},
                    {u"evaluated_per_new_token"_s, evaluatedPerNew},
                    {u"prompt_eval_ms"_s, m_secondTurn.promptEvalMs}}},
            {u"llama_bench_problem"_s, m_llamaBenchProblem},
        };
        print(stdout, QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    } else {
        const auto number = [](const std::optional<double> &value, int decimals = 1) {
            return value ? QString::number(*value, 'f', decimals) : u"-"_s;
        };
        QString text = tr("%1, %2 threads, %3 rounds taken in turn with llama-bench (medians)\n")
                           .arg(m_modelPath)
                           .arg(m_settings.threads)
                           .arg(m_repetitions);
        text += u"%1 %2 %3 %4 %5\n"_s.arg(u"test"_s, -8)
                    .arg(u"juxta tok/s"_s, 12)
                    .arg(u"llama-bench"_s, 12)
                    .arg(u"ratio"_s, 7)
                    .arg(tr("rounds' ratios"), 16);
        const auto line = [&number](const QString &test, const Comparison &comparison) {
            return u"%1 %2 %3 %4 %5\n"_s.arg(test, -8)
                .arg(number(comparison.juxta), 12)
                .arg(number(comparison.llamaBench), 12)
                .arg(number(comparison.ratio, 2), 7)
                .arg(u"%1-%2"_s.arg(number(comparison.lowestRatio, 2), number(comparison.highestRatio, 2)), 16);
        };
        text += line(u"pp%1"_s.arg(PromptTokens), prompt);
        text += line(u"tg%1"_s.arg(DecodeTokens), decode);
        text += tr("second turn (another conversation's turn in between): %1 of %2 prompt tokens evaluated for %3 "
                   "new ones (%4 per new token), %5 reused, %6 ms\n")
                    .arg(m_secondTurn.evaluatedPromptTokens)
                    .arg(m_secondTurn.promptTokens)
                    .arg(newTokens)
                    .arg(evaluatedPerNew, 0, 'f', 2)
                    .arg(m_secondTurn.reusedPromptTokens)
                    .arg(m_secondTurn.promptEvalMs, 0, 'f', 1);
        text += tr("memory in huge pages once the model was loaded: %1 MiB\n").arg(m_hugePageBytes >> 20);
        if (!m_llamaBenchProblem.isEmpty()) {
            text += tr("note: %1\n").arg(m_llamaBenchProblem);
        }
        print(stdout, text);
    }
    m_done(0);
}

} // namespace Juxta
