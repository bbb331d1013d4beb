// SPDX-License-Identifier: GPL-3.0-or-later
// The saved states of conversations not in the context: best prefix match, replacement of a
// state holding the same tokens, and the byte limit (oldest out first).
#include "providers/local/llamaconversationcache.h"

#include <QTest>

using namespace Juxta::Providers;

namespace {

LlamaConversationCache::State state(std::vector<int> tokens, qsizetype bytes)
{
    LlamaConversationCache::State saved;
    saved.tokens = std::move(tokens);
    saved.promptLength = int(saved.tokens.size());
    saved.data = QByteArray(bytes, 'k');
    return saved;
}

} // namespace

class TestLlamaConversationCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharedPrefix();
    void bestMatchTakesTheLongestPrefix();
    void sameTokensReplaceTheOldState();
    void limitDropsTheOldest();
};

void TestLlamaConversationCache::sharedPrefix()
{
    QCOMPARE(LlamaConversationCache::sharedPrefix({1, 2, 3}, {1, 2, 4}), 2);
    QCOMPARE(LlamaConversationCache::sharedPrefix({1, 2}, {1, 2, 3}), 2);
    QCOMPARE(LlamaConversationCache::sharedPrefix({}, {1}), 0);
    QCOMPARE(LlamaConversationCache::sharedPrefix({5}, {1}), 0);
}

void TestLlamaConversationCache::bestMatchTakesTheLongestPrefix()
{
    LlamaConversationCache cache(1000);
    QVERIFY(cache.store(state({9, 9, 1, 2}, 10)));
    QVERIFY(cache.store(state({9, 9, 3, 4, 5}, 10)));
    int shared = -1;
    QCOMPARE(cache.bestMatch({9, 9, 3, 4, 7}, &shared), 1);
    QCOMPARE(shared, 4);
    QCOMPARE(cache.bestMatch({9, 9, 1, 2, 8}, &shared), 0);
    QCOMPARE(shared, 4);
    QCOMPARE(cache.bestMatch({7}, &shared), -1);
    QCOMPARE(shared, 0);

    const LlamaConversationCache::State taken = cache.take(0);
    QCOMPARE(taken.tokens, (std::vector<int> {9, 9, 1, 2}));
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.bytes(), 10);
}

void TestLlamaConversationCache::sameTokensReplaceTheOldState()
{
    LlamaConversationCache cache(1000);
    QVERIFY(cache.store(state({1, 2}, 10)));
    QVERIFY(cache.store(state({1, 2}, 20)));
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.bytes(), 20);
    QVERIFY(!cache.store(state({3}, 0))); // nothing to keep
}

void TestLlamaConversationCache::limitDropsTheOldest()
{
    LlamaConversationCache cache(100);
    QVERIFY(cache.store(state({1}, 40)));
    QVERIFY(cache.store(state({2}, 40)));
    QVERIFY(cache.store(state({3}, 40)));
    QCOMPARE(cache.size(), 2);
    int shared = 0;
    QCOMPARE(cache.bestMatch({1}, &shared), -1);
    QCOMPARE(cache.bestMatch({3}, &shared), 1);
    QVERIFY(!cache.store(state({4}, 101))); // larger than the whole limit: not kept, nothing dropped
    QCOMPARE(cache.size(), 2);
    cache.setLimitBytes(50);
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.bestMatch({3}, &shared), 0);
}

QTEST_GUILESS_MAIN(TestLlamaConversationCache)
#include "tst_llamaconversationcache.moc"
