// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "app/storage/runstore.h"

#include <QString>

#include <memory>

namespace Juxta {

/**
 * The database as juxta-cli's commands use it: opened and migrated in the data directory,
 * starter prompts seeded on first use, with the prompt and run stores on the main thread.
 */
class CliStorage
{
public:
    explicit CliStorage(const QString &dataDirectory);
    Q_DISABLE_COPY_MOVE(CliStorage)

    /** Opens the database; on failure returns false and sets @p error for the user. */
    bool open(QString *error);
    Database &database() { return m_database; }
    PromptStore &prompts() { return *m_prompts; }
    RunStore &runs() { return *m_runs; }
    QString path() const { return m_path; }

private:
    QString m_path;
    Database m_database;
    std::unique_ptr<PromptStore> m_prompts;
    std::unique_ptr<RunStore> m_runs;
};

} // namespace Juxta
