// SPDX-License-Identifier: GPL-3.0-or-later
// juxta-cli bench local: Juxta's engine and llama-bench on the same model in one run.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

class TestLocalBenchmark : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsRatiosAgainstLlamaBench();
    void refusesAnUnknownModel();
};

void TestLocalBenchmark::reportsRatiosAgainstLlamaBench()
{
    QProcess cli;
    cli.start(QStringLiteral(JUXTA_CLI_BINARY),
        {u"bench"_s,
            u"local"_s,
            QStringLiteral(JUXTA_TINY_GGUF),
            u"--threads"_s,
            u"2"_s,
            u"--reps"_s,
            u"3"_s,
            u"--llama-bench"_s,
            QStringLiteral(JUXTA_LLAMA_BENCH),
            u"--json"_s});
    QVERIFY(cli.waitForFinished(240000));
    const QByteArray err = cli.readAllStandardError();
    QVERIFY2(cli.exitCode() == 0, err.constData());
    const QJsonObject report = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(report.value("threads"_L1).toInt(), 2);
    QVERIFY2(report.value("llama_bench_problem"_L1).toString().isEmpty(),
        qPrintable(report.value("llama_bench_problem"_L1).toString()));
    for (const auto test : {"prompt"_L1, "decode"_L1}) {
        const QJsonObject figures = report.value(test).toObject();
        QVERIFY(figures.value("juxta_tokens_per_second"_L1).toDouble() > 0);
        QVERIFY(figures.value("llama_bench_tokens_per_second"_L1).toDouble() > 0);
        QVERIFY(figures.value("ratio"_L1).toDouble() > 0);
    }
    // As llama-bench's pp512, 512 tokens evaluated from the start of the context: the prompt was
    // fitted to the vocabulary, every round's variant has as many tokens, and the start of the
    // chat template it shares with the prompt before was evaluated again.
    const QJsonObject promptFigures = report.value("prompt"_L1).toObject();
    QCOMPARE(promptFigures.value("prompt_tokens"_L1).toInt(), 512);
    QCOMPARE(promptFigures.value("tokens"_L1).toInt(), 512);

    // Juxta and llama-bench took turns: every round has both programs' figures for both tests,
    // and each test's ratio is the median of the rounds' own ratios (the middle one of three).
    const QJsonArray rounds = report.value("rounds"_L1).toArray();
    QCOMPARE(rounds.size(), 3);
    const auto figures = [&rounds](QLatin1StringView name) {
        QList<double> values;
        for (const QJsonValue &round : rounds) {
            values.append(round.toObject().value(name).toDouble());
        }
        return values;
    };
    const auto middle = [](QList<double> values) {
        std::sort(values.begin(), values.end());
        return values.at(1);
    };
    for (const auto test : {"prompt"_L1, "decode"_L1}) {
        const QList<double> juxta = figures(QLatin1StringView("juxta_%1_tokens_per_second"_ba.replace("%1", test)));
        const QList<double> llamaBench =
            figures(QLatin1StringView("llama_bench_%1_tokens_per_second"_ba.replace("%1", test)));
        QList<double> ratios;
        for (qsizetype i = 0; i < juxta.size(); ++i) {
            QVERIFY2(juxta.at(i) > 0 && llamaBench.at(i) > 0, test.data());
            ratios.append(juxta.at(i) / llamaBench.at(i));
        }
        const QJsonObject summary = report.value(test).toObject();
        QCOMPARE(summary.value("juxta_tokens_per_second"_L1).toDouble(), middle(juxta));
        QCOMPARE(summary.value("llama_bench_tokens_per_second"_L1).toDouble(), middle(llamaBench));
        QCOMPARE(summary.value("ratio"_L1).toDouble(), middle(ratios));
        QCOMPARE(summary.value("lowest_ratio"_L1).toDouble(), *std::min_element(ratios.cbegin(), ratios.cend()));
        QCOMPARE(summary.value("highest_ratio"_L1).toDouble(), *std::max_element(ratios.cbegin(), ratios.cend()));
        QCOMPARE(summary.value("juxta_best_tokens_per_second"_L1).toDouble(),
            *std::max_element(juxta.cbegin(), juxta.cend()));
        QCOMPARE(summary.value("llama_bench_best_tokens_per_second"_L1).toDouble(),
            *std::max_element(llamaBench.cbegin(), llamaBench.cend()));
    }
    QCOMPARE(report.value("decode"_L1).toObject().value("tokens"_L1).toInt(), 128);

    // The second turn evaluates what is new, not the conversation again.
    const QJsonObject turn = report.value("second_turn"_L1).toObject();
    const int firstPrompt = turn.value("first_prompt_tokens"_L1).toInt();
    QVERIFY(firstPrompt > 200);
    QVERIFY(turn.value("reused_tokens"_L1).toInt() >= firstPrompt);
    QVERIFY(turn.value("evaluated_tokens"_L1).toInt() <= turn.value("new_tokens"_L1).toInt());
    QCOMPARE(turn.value("evaluated_tokens"_L1).toInt() + turn.value("reused_tokens"_L1).toInt(),
        turn.value("prompt_tokens"_L1).toInt());
}

void TestLocalBenchmark::refusesAnUnknownModel()
{
    QProcess cli;
    cli.start(QStringLiteral(JUXTA_CLI_BINARY), {u"bench"_s, u"local"_s, u"/nonexistent/model.gguf"_s});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(cli.readAllStandardError().contains("no model"));
}

QTEST_GUILESS_MAIN(TestLocalBenchmark)
#include "tst_localbenchmark.moc"
