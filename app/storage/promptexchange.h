// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/promptbundle.h"
#include "app/storage/storageresult.h"

#include <QStringList>

#include <functional>

namespace Juxta {

class PromptStore;

/**
 * Moving prompts in and out of the library: JSON bundles (lossless), Markdown and .prompty
 * files. An import is all or nothing: every file is read and validated first, then all of it
 * is written in one transaction. It never overwrites: a prompt whose name exists gets the
 * incoming texts as new versions, and the report says so.
 */
class PromptExchange
{
public:
    enum class Format { Bundle, Markdown, Prompty };

    struct Report
    {
        int created = 0;
        int newVersions = 0;
        int unchanged = 0;
        /** One sentence per prompt that already existed and what became of the incoming texts. */
        QStringList conflicts;
    };

    /** Reports (done, total) between steps of a long import or export. */
    using Progress = std::function<void(qsizetype done, qsizetype total)>;

    /** The format a file name implies (.json, .md/.markdown, .prompty); nothing when unknown. */
    static std::optional<Format> formatFor(const QString &path);
    /** Reads and validates one file without touching the library. */
    static StorageResult<QList<PromptBundle::Entry>> readFile(const QString &path);
    /** Reads every file, then writes them all in one transaction, or nothing. */
    static StorageResult<Report> importFiles(
        PromptStore &store, const QStringList &paths, const Progress &progress = {});
    /** Writes @p entries in one transaction, or nothing. Names clashing within @p entries are refused. */
    static StorageResult<Report> importEntries(
        PromptStore &store, const QList<PromptBundle::Entry> &entries, const Progress &progress = {});

    /** The named prompts (all when @p names is empty) with every version. */
    static StorageResult<QList<PromptBundle::Entry>> collect(const PromptStore &store, const QStringList &names = {});
    /**
     * Writes @p entries to @p path in @p format, replacing the file only once everything is
     * written (a full disk leaves the old file). Prompty holds one prompt per file: with
     * several, @p path is a folder that receives NAME.prompty files.
     */
    static StorageResult<Done> writeFile(const QString &path, Format format, const QList<PromptBundle::Entry> &entries);
};

} // namespace Juxta
