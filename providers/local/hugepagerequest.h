// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QtGlobal>

#include <utility>

namespace Juxta::Providers {

/**
 * Asks the kernel for huge pages for the large anonymous memory that a piece of work maps
 * (Linux; elsewhere it does nothing).
 *
 * libllama copies the weights it repacks for the CPU's matrix kernels (most quantisations, on
 * x86 and Arm alike) into memory it allocates itself. Decoding reads all the weights once per
 * token, and in 4 KiB pages the address translations cost several percent of each step (about
 * 6 % for a 400M-parameter Q8_0 model on two cores). Where the system gives huge pages only to
 * memory that asks for them (transparent huge pages set to "madvise", the default of several
 * distributions), nothing in libllama asks.
 *
 * The request has to come after the memory is mapped and before it is written: the kernel then
 * hands out huge pages as the memory is first touched. Gathering pages already written into
 * huge ones costs a copy; for 500 MB that took three seconds here.
 */
class HugePageRequest
{
public:
    /** Notes which anonymous memory the process has mapped now: that memory is left alone. */
    HugePageRequest();

    /** Asks for huge pages for the anonymous mappings made since, of at least @p minimumBytes. */
    void adviseNewMemory(qint64 minimumBytes = 32 << 20) const;

    /** How much of the process's anonymous memory the kernel backs with huge pages now. */
    static qint64 processHugePageBytes();

private:
    using Range = std::pair<quintptr, quintptr>; // [first, second)
    static QList<Range> anonymousMappings();
    QList<Range> newMemory() const;

    QList<Range> m_before;
};

} // namespace Juxta::Providers
