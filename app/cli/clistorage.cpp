// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/clistorage.h"

#include "app/storage/datadirectory.h"

using namespace Qt::StringLiterals;

namespace Juxta {

CliStorage::CliStorage(const QString &dataDirectory)
    : m_path(DataDirectory::databasePath(dataDirectory))
    , m_database(u"juxta-cli"_s)
{ }

bool CliStorage::open(QString *error)
{
    if (!m_database.openAndMigrate(m_path)) {
        *error = m_database.errorString();
        return false;
    }
    m_prompts = std::make_unique<PromptStore>(m_database.connection());
    m_runs = std::make_unique<RunStore>(m_database.connection());
    // First use of a database: the starter prompts. A failure here is not fatal to the command.
    m_prompts->seedStarterPrompts();
    return true;
}

} // namespace Juxta
