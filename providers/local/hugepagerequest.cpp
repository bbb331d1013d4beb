// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/hugepagerequest.h"

#include <QFile>

#if defined(Q_OS_LINUX)
#include <sys/mman.h>
#endif

namespace Juxta::Providers {

namespace {

#if defined(Q_OS_LINUX)
constexpr quintptr HugePageBytes = 2 << 20;

// "start-end" from the first field of a /proc/self/maps line.
bool parseRange(const QByteArray &field, quintptr *start, quintptr *end)
{
    const qsizetype dash = field.indexOf('-');
    bool startOk = false;
    bool endOk = false;
    *start = field.left(dash).toULongLong(&startOk, 16);
    *end = field.mid(dash + 1).toULongLong(&endOk, 16);
    return dash > 0 && startOk && endOk && *end > *start;
}

QByteArray readProcFile(const char *name)
{
    QFile file(QString::fromLatin1(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
#endif

} // namespace

HugePageRequest::HugePageRequest()
    : m_before(anonymousMappings())
{ }

QList<HugePageRequest::Range> HugePageRequest::anonymousMappings()
{
    QList<Range> ranges;
#if defined(Q_OS_LINUX)
    // Lines read "start-end perms offset device inode [path]"; private writable memory with no
    // file and no name is what malloc() and ggml's buffers get from mmap().
    const QList<QByteArray> lines = readProcFile("/proc/self/maps").split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        Range range;
        if (fields.size() == 5 && fields.at(1) == "rw-p" && fields.at(4) == "0"
            && parseRange(fields.at(0), &range.first, &range.second)) {
            ranges.append(range);
        }
    }
#endif
    return ranges;
}

QList<HugePageRequest::Range> HugePageRequest::newMemory() const
{
    // The kernel merges neighbouring mappings, so memory mapped since may have grown a mapping that
    // was there before: what is new is each mapping now less the ranges that were there before.
    QList<Range> pieces = anonymousMappings();
    for (const Range &old : m_before) {
        QList<Range> rest;
        for (const Range &piece : std::as_const(pieces)) {
            if (old.second <= piece.first || old.first >= piece.second) {
                rest.append(piece);
                continue;
            }
            if (piece.first < old.first) {
                rest.append({piece.first, old.first});
            }
            if (old.second < piece.second) {
                rest.append({old.second, piece.second});
            }
        }
        pieces = rest;
    }
    return pieces;
}

void HugePageRequest::adviseNewMemory(qint64 minimumBytes) const
{
#if defined(Q_OS_LINUX)
    const QList<Range> pieces = newMemory();
    for (const Range &piece : pieces) {
        // Only whole, aligned huge pages can be backed by one.
        const quintptr first = (piece.first + HugePageBytes - 1) & ~(HugePageBytes - 1);
        const quintptr last = piece.second & ~(HugePageBytes - 1);
        if (qint64(piece.second - piece.first) >= minimumBytes && last > first) {
            // A kernel without huge pages refuses; the memory then stays as it is.
            madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
        }
    }
#else
    Q_UNUSED(minimumBytes)
#endif
}

qint64 HugePageRequest::processHugePageBytes()
{
    qint64 bytes = 0;
#if defined(Q_OS_LINUX)
    const QList<QByteArray> lines = readProcFile("/proc/self/smaps_rollup").split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() == 3 && fields.first() == "AnonHugePages:") {
            bytes = fields.at(1).toLongLong() * 1024;
        }
    }
#endif
    return bytes;
}

} // namespace Juxta::Providers
