// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/schema.h"

#include "app/storage/transaction.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Juxta {

namespace {

QStringList migrationPrompts()
{
    return {
        u"CREATE TABLE prompt ("
        "id INTEGER PRIMARY KEY,"
        "name TEXT NOT NULL UNIQUE,"
        "description TEXT NOT NULL DEFAULT '',"
        "folder TEXT NOT NULL DEFAULT '',"
        "favourite INTEGER NOT NULL DEFAULT 0,"
        "created_at TEXT NOT NULL,"
        "updated_at TEXT NOT NULL)"_s,
        u"CREATE TABLE prompt_tag ("
        "prompt_id INTEGER NOT NULL REFERENCES prompt(id) ON DELETE CASCADE,"
        "tag TEXT NOT NULL,"
        "PRIMARY KEY (prompt_id, tag)) WITHOUT ROWID"_s,
        u"CREATE INDEX prompt_tag_by_tag ON prompt_tag(tag)"_s,
        u"CREATE TABLE prompt_version ("
        "id INTEGER PRIMARY KEY,"
        "prompt_id INTEGER NOT NULL REFERENCES prompt(id) ON DELETE CASCADE,"
        "number INTEGER NOT NULL,"
        "system_text TEXT NOT NULL DEFAULT '',"
        "user_text TEXT NOT NULL DEFAULT '',"
        "variables TEXT NOT NULL DEFAULT '{}',"
        "parameters TEXT NOT NULL DEFAULT '{}',"
        "models TEXT NOT NULL DEFAULT '[]',"
        "note TEXT NOT NULL DEFAULT '',"
        "created_at TEXT NOT NULL,"
        "UNIQUE (prompt_id, number))"_s,
    };
}

QStringList migrationRunsAndSearch()
{
    return {
        u"CREATE TABLE run ("
        "id INTEGER PRIMARY KEY,"
        "created_at TEXT NOT NULL,"
        "prompt_version_id INTEGER REFERENCES prompt_version(id) ON DELETE SET NULL,"
        "prompt_name TEXT NOT NULL DEFAULT '',"
        "prompt_version_number INTEGER,"
        "variables TEXT NOT NULL DEFAULT '{}',"
        "system_text TEXT NOT NULL DEFAULT '',"
        "prompt_text TEXT NOT NULL)"_s,
        u"CREATE INDEX run_by_time ON run(created_at)"_s,
        u"CREATE INDEX prompt_by_name ON prompt(name COLLATE NOCASE)"_s,
        u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"_s,
        u"CREATE INDEX run_by_version ON run(prompt_version_id)"_s,
        u"CREATE TABLE run_pane ("
        "id INTEGER PRIMARY KEY,"
        "run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
        "pane_index INTEGER NOT NULL,"
        "preset TEXT NOT NULL,"
        "endpoint_host TEXT NOT NULL DEFAULT '',"
        "model_requested TEXT NOT NULL,"
        "model_answered TEXT NOT NULL DEFAULT '',"
        "parameters TEXT NOT NULL DEFAULT '{}',"
        "system_prompt TEXT NOT NULL DEFAULT '',"
        "conversation TEXT NOT NULL DEFAULT '[]',"
        "output TEXT NOT NULL DEFAULT '',"
        "reasoning TEXT NOT NULL DEFAULT '',"
        "tool_calls TEXT NOT NULL DEFAULT '[]',"
        "finish_reason TEXT,"
        "error_kind TEXT,"
        "error_message TEXT,"
        "response_id TEXT NOT NULL DEFAULT '',"
        "annotations TEXT NOT NULL DEFAULT '[]',"
        "ttfb_ms INTEGER, ttft_ms INTEGER, total_ms INTEGER,"
        "input_tokens INTEGER, output_tokens INTEGER, reasoning_tokens INTEGER, cached_input_tokens INTEGER,"
        "tokens_per_second REAL, cost_usd REAL,"
        "estimated TEXT NOT NULL DEFAULT '[]',"
        "UNIQUE (run_id, pane_index))"_s,
        u"CREATE INDEX run_pane_by_model ON run_pane(model_requested)"_s,
        u"CREATE INDEX run_pane_by_preset ON run_pane(preset)"_s,
        // A version a run used is what the run's provenance points at: it never changes.
        u"CREATE TRIGGER prompt_version_immutable BEFORE UPDATE ON prompt_version "
        "WHEN EXISTS (SELECT 1 FROM run WHERE prompt_version_id = OLD.id) "
        "BEGIN SELECT RAISE(ABORT, 'a prompt version used by a run cannot change; save a new version'); END"_s,
        u"CREATE VIRTUAL TABLE prompt_fts USING fts5(name, description, tags, body, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"_s,
        u"CREATE VIRTUAL TABLE run_fts USING fts5(prompt, output, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"_s,
        u"CREATE TRIGGER prompt_fts_delete AFTER DELETE ON prompt "
        "BEGIN DELETE FROM prompt_fts WHERE rowid = OLD.id; END"_s,
        u"CREATE TRIGGER run_fts_delete AFTER DELETE ON run "
        "BEGIN DELETE FROM run_fts WHERE rowid = OLD.id; END"_s,
        // Prompts written by schema 1 become searchable.
        u"INSERT INTO prompt_fts (rowid, name, description, tags, body) "
        "SELECT p.id, p.name, p.description,"
        " COALESCE((SELECT group_concat(tag, ' ') FROM prompt_tag WHERE prompt_id = p.id), ''),"
        " COALESCE((SELECT system_text || ' ' || user_text FROM prompt_version WHERE prompt_id = p.id"
        " ORDER BY number DESC LIMIT 1), '') FROM prompt p"_s,
    };
}

QStringList migrationReruns()
{
    return {
        // A run made by re-running another remembers which; deleting the original keeps the copy.
        u"ALTER TABLE run ADD COLUMN rerun_of INTEGER REFERENCES run(id) ON DELETE SET NULL"_s,
        u"CREATE INDEX run_by_rerun ON run(rerun_of)"_s,
    };
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::Schema", text);
}

} // namespace

const QList<QStringList> &Schema::migrations()
{
    static const QList<QStringList> all {migrationPrompts(), migrationRunsAndSearch(), migrationReruns()};
    return all;
}

int Schema::latestVersion()
{
    return int(migrations().size());
}

int Schema::version(const QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        if (error) {
            *error = query.lastError().text();
        }
        return -1;
    }
    return query.value(0).toInt();
}

bool Schema::upgrade(const QSqlDatabase &db, const QList<QStringList> &migrations, QString *error)
{
    QString problem;
    const int current = version(db, &problem);
    if (current < 0) {
        *error = tr("Cannot read the schema version: %1").arg(problem);
        return false;
    }
    const int latest = int(migrations.size());
    if (current > latest) {
        *error = tr("This database was written by a newer version of Juxta (schema %1; this Juxta knows up to %2). "
                    "It was left untouched: update Juxta to use it.")
                     .arg(current)
                     .arg(latest);
        return false;
    }
    for (int target = current + 1; target <= latest; ++target) {
        Transaction transaction(db);
        if (!transaction.isActive()) {
            *error =
                tr("Cannot start upgrading the database to schema %1: %2").arg(target).arg(transaction.errorString());
            return false;
        }
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (version(db) >= target) {
            continue;
        }
        QSqlQuery query(db);
        for (const QString &statement : migrations[target - 1]) {
            if (!query.exec(statement)) {
                *error = tr("Upgrading the database to schema %1 failed; nothing was changed: %2")
                             .arg(target)
                             .arg(query.lastError().text());
                qCWarning(lcStorage) << "migration" << target << "failed:" << query.lastError().text();
                return false;
            }
        }
        // PRAGMA takes no bound values; the number is ours, not user input.
        if (!query.exec(u"PRAGMA user_version = %1"_s.arg(target)) || !transaction.commit()) {
            *error = tr("Upgrading the database to schema %1 failed; nothing was changed: %2")
                         .arg(target)
                         .arg(query.lastError().text() + transaction.errorString());
            return false;
        }
        qCInfo(lcStorage) << "database upgraded to schema" << target;
    }
    return true;
}

} // namespace Juxta
