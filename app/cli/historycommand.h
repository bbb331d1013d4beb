// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Juxta {

class CliStorage;

/**
 * `juxta-cli history list|show|export|delete|stats`: the recorded comparison runs.
 * (`history rerun` talks to providers and is CompareCommand::rerun().)
 */
class HistoryCommand
{
    Q_DECLARE_TR_FUNCTIONS(Juxta::HistoryCommand)

public:
    explicit HistoryCommand(CliStorage &storage);
    /** Runs with @p arguments (after "history"); returns the exit code. */
    int run(const QStringList &arguments);

private:
    int list(const QStringList &arguments);
    int show(const QStringList &arguments, bool exporting);
    int remove(const QStringList &arguments);
    int stats(const QStringList &arguments);

    CliStorage &m_storage;
};

} // namespace Juxta
