// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta {

/** Why a storage operation failed: a kind a caller can act on and a sentence for the user. */
struct StorageError
{
    enum class Kind {
        Open, ///< the file cannot be opened or is not a database
        TooNew, ///< the database was written by a newer Juxta and is left untouched
        Migration, ///< upgrading the schema failed; the database is as it was
        Query, ///< a statement failed (disk full, read-only file, constraint)
        NotFound, ///< no such prompt, version or run
        Invalid, ///< the input is malformed (bad JSON, YAML, UTF-8, too large…)
        Conflict, ///< a name or version clashes with what exists
    };
    Kind kind = Kind::Query;
    QString message;
};

} // namespace Juxta
