// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/largestlogit.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <limits>
#include <vector>

using namespace Juxta::Providers;

class TestLargestLogit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithMaxElement();
    void firstOfEqualValuesWins();
    void nansAndInfinities();
};

namespace {

int reference(const std::vector<float> &values)
{
    return values.empty() ? -1 : int(std::max_element(values.begin(), values.end()) - values.begin());
}

} // namespace

// Every length around the vector widths, with the largest value in every lane position.
void TestLargestLogit::agreesWithMaxElement()
{
    QRandomGenerator random(7);
    for (int count = 0; count <= 70; ++count) {
        for (int at = 0; at < std::max(count, 1); ++at) {
            std::vector<float> values(count);
            for (float &value : values) {
                value = float(random.generateDouble() * 20 - 10);
            }
            if (count > 0) {
                values[at] = 11.0f;
            }
            QCOMPARE(largestLogit(values.data(), count), reference(values));
        }
    }
    std::vector<float> vocabulary(32000);
    for (int trial = 0; trial < 50; ++trial) {
        for (float &value : vocabulary) {
            value = float(random.generateDouble() * 40 - 20);
        }
        QCOMPARE(largestLogit(vocabulary.data(), int(vocabulary.size())), reference(vocabulary));
    }
}

void TestLargestLogit::firstOfEqualValuesWins()
{
    std::vector<float> values(100, 1.0f);
    QCOMPARE(largestLogit(values.data(), 100), 0);
    values[37] = 2.0f;
    values[38] = 2.0f;
    values[99] = 2.0f;
    QCOMPARE(largestLogit(values.data(), 100), 37);
    values[0] = -0.0f;
    values[1] = 0.0f;
    std::fill(values.begin() + 2, values.end(), -1.0f);
    QCOMPARE(largestLogit(values.data(), 100), reference(values));
}

void TestLargestLogit::nansAndInfinities()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float infinity = std::numeric_limits<float>::infinity();
    for (const int count : {1, 5, 16, 17, 40}) {
        for (int at = 0; at < count; ++at) {
            std::vector<float> values(count, -3.0f);
            values[count / 2] = 4.0f;
            values[at] = nan;
            QCOMPARE(largestLogit(values.data(), count), reference(values));
            values.assign(count, -infinity);
            values[at] = nan;
            QCOMPARE(largestLogit(values.data(), count), reference(values));
            values.assign(count, nan);
            QCOMPARE(largestLogit(values.data(), count), reference(values));
            values.assign(count, 1.0f);
            values[at] = infinity;
            QCOMPARE(largestLogit(values.data(), count), reference(values));
        }
    }
    QCOMPARE(largestLogit(nullptr, 0), -1);
}

QTEST_GUILESS_MAIN(TestLargestLogit)
#include "tst_largestlogit.moc"
