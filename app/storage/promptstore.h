// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/prompt.h"
#include "app/prompts/promptfilter.h"
#include "app/prompts/promptversion.h"
#include "app/storage/storageresult.h"

#include <QSqlDatabase>

#include <optional>

namespace Juxta {

/**
 * The prompt library in Juxta's database: prompts with their tags, folder and favourite flag,
 * and their numbered versions. Saving texts always adds a version; a version a run used never
 * changes (the schema enforces it). Search is FTS5 over name, description, tags and the newest
 * version's texts, ranked by bm25.
 *
 * Works on the calling thread's connection (@p db); every multi-row write is one transaction,
 * nested as a savepoint when the caller already holds one.
 */
class PromptStore
{
public:
    explicit PromptStore(const QSqlDatabase &db);
    QSqlDatabase connection() const { return m_db; }

    /** Adds a prompt with its first version. A name already in the library is a Conflict. */
    StorageResult<Prompt> create(const Prompt &prompt, const PromptVersion &firstVersion);
    /**
     * Saves @p draft as the prompt's next version and returns it. A draft identical to the
     * newest version saves nothing and returns that version.
     */
    StorageResult<PromptVersion> saveVersion(qint64 promptId, const PromptVersion &draft);
    /** Changes name, description, folder, tags and favourite flag (not the texts). */
    StorageResult<Done> update(const Prompt &prompt);
    StorageResult<Done> setFavourite(qint64 promptId, bool favourite);
    /** Deletes a prompt and its versions; runs that used them keep their own copy of the texts. */
    StorageResult<Done> remove(qint64 promptId);

    std::optional<Prompt> prompt(qint64 promptId) const;
    std::optional<Prompt> findByName(const QString &name) const;
    QList<PromptVersion> versions(qint64 promptId) const;
    /** A version by number; 0 means the newest. */
    std::optional<PromptVersion> version(qint64 promptId, int number = 0) const;
    std::optional<PromptVersion> versionById(qint64 versionId) const;
    /** "NAME" (newest version) or "NAME@N". */
    StorageResult<PromptVersion> resolve(const QString &reference) const;
    bool isVersionUsed(qint64 versionId) const;

    /** Prompts matching @p filter: by rank when searching text, else by name. */
    StorageResult<QList<Prompt>> find(const PromptFilter &filter = {}) const;
    QStringList tags() const;
    QStringList folders() const;
    qint64 count() const;

    /**
     * Adds the starter prompts shipped with Juxta, once per database: after the first time
     * (even if the user deleted them since) it does nothing. Returns how many were added.
     */
    StorageResult<int> seedStarterPrompts();

    /** Turns what a user typed into an FTS5 expression: every word a quoted prefix term. */
    static QString matchExpression(const QString &text);

private:
    StorageResult<Done> reindex(qint64 promptId);
    StorageError failure(const QSqlQuery &query) const;

    QSqlDatabase m_db;
};

} // namespace Juxta
