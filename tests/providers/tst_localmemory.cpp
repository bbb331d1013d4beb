// SPDX-License-Identifier: GPL-3.0-or-later
// When the embedded engine unloads models: on demand, over a memory budget or a model count
// (least recently used first), after an idle timeout, and never under a running stream. Uses
// differently named copies of the generated tiny model, each a model of its own.
#include "providers/local/llamaruntime.h"
#include "providers/local/localchatstream.h"
#include "providers/local/localllamaprovider.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

using Reason = LocalLlamaProvider::UnloadReason;

namespace {

constexpr int TimeoutMs = 60'000;

ChatRequest request(const QString &model, int maxTokens = 8)
{
    ChatRequest request;
    request.model = model;
    request.messages.append(ChatMessage {ChatMessage::Role::User, u"hello world"_s, {}, {}, {}});
    request.params.temperature = 0.0;
    request.params.maxTokens = maxTokens;
    return request;
}

/** Waits for @p stream to end; true when it finished (rather than failed). */
bool finishes(ChatStream *stream)
{
    bool finished = false;
    QObject::connect(stream, &ChatStream::finished, stream, [&finished] {
        finished = true;
    });
    const bool ended = QTest::qWaitFor(
        [stream] {
            return stream->isEnded();
        },
        TimeoutMs);
    return ended && finished;
}

} // namespace

class TestLocalMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void unloadsOnDemand();
    void busyModelIsNotUnloadedOnDemand();
    void modelLimitUnloadsTheLeastRecentlyUsed();
    void budgetUnloadsTheLeastRecentlyUsed();
    void idleTimeoutUnloads();
    void busyModelIsNotUnloadedForRoom();

private:
    /** Runs one short answer on @p name; true when it finished. */
    bool ask(const QString &name);
    QString path(const QString &name) const { return QDir(m_dir->path()).filePath(name + u".gguf"_s); }

    LlamaRuntime m_runtime;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalLlamaProvider> m_provider;
};

void TestLocalMemory::init()
{
    m_provider.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    for (const QString &name : {u"a"_s, u"b"_s, u"c"_s}) {
        QVERIFY(QFile::copy(QStringLiteral(JUXTA_TINY_GGUF), path(name)));
    }
    LocalEngineSettings settings;
    settings.contextLength = 512;
    settings.threads = 2;
    m_provider = std::make_unique<LocalLlamaProvider>(LocalLlamaProvider::defaultPreset(), settings);
    m_provider->setModelDirectories({m_dir->path()});
}

bool TestLocalMemory::ask(const QString &name)
{
    std::unique_ptr<ChatStream> stream(m_provider->start(request(name)));
    return finishes(stream.get());
}

void TestLocalMemory::unloadsOnDemand()
{
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);
    QVERIFY(!m_provider->unload(u"a"_s)); // never loaded
    QVERIFY(ask(u"a"_s));
    QCOMPARE(m_provider->loadedModels(), QStringList {path(u"a"_s)});
    QVERIFY(m_provider->loadedBytes() > 0);

    QVERIFY(m_provider->unload(u"a"_s));
    QCOMPARE(unloaded.size(), 1);
    QCOMPARE(unloaded.constFirst().at(0).toString(), path(u"a"_s));
    QCOMPARE(unloaded.constFirst().at(1).value<Reason>(), Reason::Requested);
    QVERIFY(m_provider->loadedModels().isEmpty());
    QCOMPARE(m_provider->loadedBytes(), 0);
    QVERIFY(!m_provider->unload(u"a"_s));

    // The next request loads it again.
    QVERIFY(ask(u"a"_s));
    QCOMPARE(m_provider->loadedModels(), QStringList {path(u"a"_s)});
    QCOMPARE(unloaded.size(), 1);
}

void TestLocalMemory::busyModelIsNotUnloadedOnDemand()
{
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);
    std::unique_ptr<ChatStream> stream(m_provider->start(request(u"a"_s, 32)));
    QVERIFY(!m_provider->unload(u"a"_s));
    QVERIFY(finishes(stream.get()));
    QCOMPARE(unloaded.size(), 0);
    QVERIFY(m_provider->unload(u"a"_s));
    QCOMPARE(unloaded.size(), 1);
}

void TestLocalMemory::modelLimitUnloadsTheLeastRecentlyUsed()
{
    LocalMemoryPolicy policy;
    policy.maxLoadedModels = 2;
    m_provider->setMemoryPolicy(policy);
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);
    QVERIFY(ask(u"a"_s));
    QVERIFY(ask(u"b"_s));
    QCOMPARE(m_provider->loadedModels().size(), 2);
    QVERIFY(ask(u"a"_s)); // a is now more recent than b
    QCOMPARE(unloaded.size(), 0);

    QVERIFY(ask(u"c"_s));
    QCOMPARE(unloaded.size(), 1);
    QCOMPARE(unloaded.constFirst().at(0).toString(), path(u"b"_s));
    QCOMPARE(unloaded.constFirst().at(1).value<Reason>(), Reason::ModelLimit);
    QCOMPARE(m_provider->loadedModels(), (QStringList {path(u"a"_s), path(u"c"_s)}));

    // Lowering the limit applies at once and keeps the most recently used.
    policy.maxLoadedModels = 1;
    m_provider->setMemoryPolicy(policy);
    QCOMPARE(m_provider->loadedModels(), QStringList {path(u"c"_s)});
    QCOMPARE(unloaded.size(), 2);
    QCOMPARE(unloaded.constLast().at(0).toString(), path(u"a"_s));
}

void TestLocalMemory::budgetUnloadsTheLeastRecentlyUsed()
{
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);
    QVERIFY(ask(u"a"_s));
    const qint64 oneModel = m_provider->loadedBytes();
    QVERIFY(oneModel > 0);
    QVERIFY(ask(u"b"_s));
    QCOMPARE(m_provider->loadedBytes(), 2 * oneModel);

    // Room for two models but not three: loading c unloads a, the least recently used.
    LocalMemoryPolicy policy;
    policy.budgetBytes = oneModel * 5 / 2;
    m_provider->setMemoryPolicy(policy);
    QCOMPARE(unloaded.size(), 0);
    QVERIFY(ask(u"c"_s));
    QCOMPARE(unloaded.size(), 1);
    QCOMPARE(unloaded.constFirst().at(0).toString(), path(u"a"_s));
    QCOMPARE(unloaded.constFirst().at(1).value<Reason>(), Reason::MemoryBudget);
    QCOMPARE(m_provider->loadedModels(), (QStringList {path(u"b"_s), path(u"c"_s)}));
    QVERIFY(m_provider->loadedBytes() <= policy.budgetBytes);

    // Using b makes c the oldest: asking a again unloads c.
    QVERIFY(ask(u"b"_s));
    QVERIFY(ask(u"a"_s));
    QCOMPARE(unloaded.size(), 2);
    QCOMPARE(unloaded.constLast().at(0).toString(), path(u"c"_s));
    QCOMPARE(m_provider->loadedModels(), (QStringList {path(u"a"_s), path(u"b"_s)}));
}

void TestLocalMemory::idleTimeoutUnloads()
{
    LocalMemoryPolicy policy;
    policy.idleUnloadMs = 200;
    m_provider->setMemoryPolicy(policy);
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);
    QVERIFY(ask(u"a"_s));
    QVERIFY(ask(u"b"_s));
    QTRY_COMPARE_WITH_TIMEOUT(unloaded.size(), 2, TimeoutMs);
    QCOMPARE(unloaded.at(0).at(0).toString(), path(u"a"_s));
    QCOMPARE(unloaded.at(0).at(1).value<Reason>(), Reason::IdleTimeout);
    QCOMPARE(unloaded.at(1).at(0).toString(), path(u"b"_s));
    QVERIFY(m_provider->loadedModels().isEmpty());
}

void TestLocalMemory::busyModelIsNotUnloadedForRoom()
{
    LocalMemoryPolicy policy;
    policy.maxLoadedModels = 1;
    policy.budgetBytes = 1; // smaller than any model: one at a time
    m_provider->setMemoryPolicy(policy);
    QSignalSpy unloaded(m_provider.get(), &LocalLlamaProvider::modelUnloaded);

    // b is asked for while a's answer is queued: a may not go, so both load and both finish.
    std::unique_ptr<ChatStream> first(m_provider->start(request(u"a"_s, 48)));
    int unloadedWhenAFinished = -1;
    connect(first.get(), &ChatStream::finished, this, [&] {
        unloadedWhenAFinished = int(unloaded.size());
    });
    QSignalSpy firstFinished(first.get(), &ChatStream::finished);
    std::unique_ptr<ChatStream> second(m_provider->start(request(u"b"_s, 48)));
    QSignalSpy secondFinished(second.get(), &ChatStream::finished);
    QCOMPARE(unloaded.size(), 0);
    QCOMPARE(m_provider->loadedModels().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(first->isEnded() && second->isEnded(), TimeoutMs);
    QCOMPARE(firstFinished.size(), 1);
    QCOMPARE(secondFinished.size(), 1);
    QCOMPARE(unloadedWhenAFinished, 0);

    // Once idle, the older one goes to bring the engine back within the policy.
    QTRY_COMPARE_WITH_TIMEOUT(unloaded.size(), 1, TimeoutMs);
    QCOMPARE(unloaded.constFirst().at(0).toString(), path(u"a"_s));
    QCOMPARE(m_provider->loadedModels(), QStringList {path(u"b"_s)});
}

QTEST_GUILESS_MAIN(TestLocalMemory)
#include "tst_localmemory.moc"
