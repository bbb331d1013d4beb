// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/prompt.h"
#include "app/prompts/promptversion.h"
#include "app/storage/storageresult.h"

#include <QByteArray>
#include <QList>

namespace Juxta {

/**
 * Prompts with all their versions as one JSON document: Juxta's lossless exchange format and
 * the form the starter prompts ship in.
 *
 * {"format":"juxta-prompt-bundle","version":1,"prompts":[{"name","description","folder","tags",
 *  "favourite","created_at","updated_at","versions":[{"number","system","user","variables",
 *  "parameters","models","note","created_at"}]}]}
 */
class PromptBundle
{
public:
    struct Entry
    {
        Prompt prompt;
        QList<PromptVersion> versions;
    };

    /** Larger files are refused before parsing: a prompt library is text, not a data set. */
    static constexpr qint64 MaxBytes = 64 * 1024 * 1024;

    /** Parses and validates a bundle; nothing is returned unless all of it is valid. */
    static StorageResult<PromptBundle> fromJson(const QByteArray &json);
    QByteArray toJson() const;

    QList<Entry> entries;
};

} // namespace Juxta
