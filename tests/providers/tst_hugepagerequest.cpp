// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/hugepagerequest.h"
#include "tests/fixtures/hugepageprobe.h"

#include <QFile>
#include <QTest>

#include <sys/mman.h>

#include <cstring>

using namespace Juxta::Providers;
using namespace Qt::StringLiterals;

class TestHugePageRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void advisesOnlyNewLargeMappings();
    void advisesOnlyTheGrownPartOfAMapping();
    void newMemoryGetsHugePagesAsItIsWritten();
};

namespace {

constexpr size_t MiB = 1 << 20;

// An anonymous private mapping, unmapped when the test ends.
struct Mapping
{
    explicit Mapping(size_t bytes, void *at = nullptr, int protection = PROT_READ | PROT_WRITE)
        : length(bytes)
    {
        const int fixed = at ? MAP_FIXED_NOREPLACE : 0;
        void *address = mmap(at, bytes, protection, MAP_PRIVATE | MAP_ANONYMOUS | fixed, -1, 0);
        data = address == MAP_FAILED ? nullptr : static_cast<char *>(address);
    }
    ~Mapping()
    {
        if (data) {
            munmap(data, length);
        }
    }
    Mapping(const Mapping &) = delete;
    Mapping &operator=(const Mapping &) = delete;

    char *data = nullptr;
    size_t length = 0;
};

// The smaps entry of the mapping that holds @p address: its "Key: value" lines.
QList<QByteArray> smapsEntry(const void *address)
{
    QFile smaps(u"/proc/self/smaps"_s);
    if (!smaps.open(QIODevice::ReadOnly)) {
        return {};
    }
    const auto at = reinterpret_cast<quintptr>(address);
    QList<QByteArray> entry;
    bool inside = false;
    for (const QByteArray &line : smaps.readAll().split('\n')) {
        const QByteArray first = line.left(line.indexOf(' '));
        const qsizetype dash = first.indexOf('-');
        if (dash > 0 && !first.endsWith(':')) {
            if (inside) {
                break;
            }
            inside =
                first.left(dash).toULongLong(nullptr, 16) <= at && at < first.mid(dash + 1).toULongLong(nullptr, 16);
        } else if (inside) {
            entry.append(line);
        }
    }
    return entry;
}

bool advised(const void *address)
{
    for (const QByteArray &line : smapsEntry(address)) {
        if (line.startsWith("VmFlags:")) {
            return line.split(' ').contains("hg");
        }
    }
    return false;
}

} // namespace

void TestHugePageRequest::initTestCase()
{
    Mapping probe(4 * MiB);
    QVERIFY(probe.data);
    if (madvise(probe.data, probe.length, MADV_HUGEPAGE) != 0) {
        QSKIP("This kernel has no transparent huge pages.");
    }
}

void TestHugePageRequest::advisesOnlyNewLargeMappings()
{
    const Mapping before(64 * MiB);
    QVERIFY(before.data);
    const HugePageRequest request;
    const Mapping after(64 * MiB);
    // A small mapping between two inaccessible ones, so that the kernel cannot merge it with
    // another.
    const Mapping fenced(3 * MiB, nullptr, PROT_NONE);
    QVERIFY(after.data && fenced.data);
    char *small = fenced.data + MiB;
    QCOMPARE(mprotect(small, MiB, PROT_READ | PROT_WRITE), 0);

    request.adviseNewMemory(32 * MiB);

    QVERIFY(advised(after.data + 4 * MiB));
    QVERIFY(!advised(before.data + 4 * MiB));
    QVERIFY(!advised(small));
}

void TestHugePageRequest::advisesOnlyTheGrownPartOfAMapping()
{
    // Room for two mappings side by side, the upper half given back before the request.
    auto *lower =
        static_cast<char *>(mmap(nullptr, 128 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    QVERIFY(lower != MAP_FAILED);
    QCOMPARE(munmap(lower + 64 * MiB, 64 * MiB), 0);
    const HugePageRequest request;
    const Mapping upper(64 * MiB, lower + 64 * MiB);
    QVERIFY(upper.data == lower + 64 * MiB);

    request.adviseNewMemory(32 * MiB);

    QVERIFY(advised(upper.data + 4 * MiB));
    QVERIFY(advised(upper.data + 60 * MiB));
    QVERIFY(!advised(lower + 4 * MiB));
    QVERIFY(!advised(lower + 60 * MiB));
    munmap(lower, 64 * MiB);
}

void TestHugePageRequest::newMemoryGetsHugePagesAsItIsWritten()
{
    // What the kernel does for memory that asks for huge pages itself tells whether it has any
    // to give.
    const qint64 controlHugeBytes = Juxta::Testing::hugePagesForAdvisedMemory(64 * MiB);
    if (controlHugeBytes < qint64(32 * MiB)) {
        QSKIP("The kernel gave no huge pages (transparent huge pages are off, or memory is fragmented).");
    }

    const HugePageRequest request;
    const Mapping after(64 * MiB);
    QVERIFY(after.data);
    request.adviseNewMemory(32 * MiB);
    const qint64 beforeWriting = HugePageRequest::processHugePageBytes();
    std::memset(after.data, 1, after.length);
    // All of it but the unaligned ends, as for the control.
    QCOMPARE_GE(HugePageRequest::processHugePageBytes() - beforeWriting, controlHugeBytes - qint64(2 * MiB));
}

QTEST_GUILESS_MAIN(TestHugePageRequest)
#include "tst_hugepagerequest.moc"
