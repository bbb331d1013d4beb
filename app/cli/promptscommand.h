// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Juxta {

class CliStorage;

/** `juxta-cli prompts list|show|search|add|import|export`: the prompt library from a terminal. */
class PromptsCommand
{
    Q_DECLARE_TR_FUNCTIONS(Juxta::PromptsCommand)

public:
    explicit PromptsCommand(CliStorage &storage);
    /** Runs with @p arguments (after "prompts"); returns the exit code. */
    int run(const QStringList &arguments);

private:
    int list(const QStringList &arguments, bool searching);
    int show(const QStringList &arguments);
    int add(const QStringList &arguments);
    int import(const QStringList &arguments);
    int exportPrompts(const QStringList &arguments);

    CliStorage &m_storage;
};

} // namespace Juxta
