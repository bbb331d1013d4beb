// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/promptstore.h"

#include "app/prompts/promptbundle.h"
#include "app/storage/sqlvalues.h"
#include "app/storage/transaction.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace Juxta::SqlValues;

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace Juxta {

namespace {

constexpr QChar TagSeparator = QChar(0x1f);
constexpr auto StarterPromptsResource = ":/juxta/starter-prompts.json";
constexpr auto SeededKey = "starter_prompts_seeded";

const QString PromptColumns = u"SELECT p.id, p.name, p.description, p.folder, p.favourite, p.created_at, p.updated_at,"
                              " (SELECT group_concat(tag, char(31)) FROM"
                              "  (SELECT tag FROM prompt_tag WHERE prompt_id = p.id ORDER BY tag)),"
                              " (SELECT max(number) FROM prompt_version WHERE prompt_id = p.id) FROM prompt p"_s;
const QString VersionColumns = u"SELECT id, prompt_id, number, system_text, user_text, variables, parameters, models,"
                               " note, created_at FROM prompt_version"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::PromptStore", text);
}

Prompt readPrompt(const QSqlQuery &query)
{
    Prompt prompt;
    prompt.id = query.value(0).toLongLong();
    prompt.name = query.value(1).toString();
    prompt.description = query.value(2).toString();
    prompt.folder = query.value(3).toString();
    prompt.favourite = query.value(4).toBool();
    prompt.createdAt = toTime(query.value(5));
    prompt.updatedAt = toTime(query.value(6));
    const QString tags = query.value(7).toString();
    prompt.tags = tags.isEmpty() ? QStringList() : tags.split(TagSeparator);
    prompt.latestVersion = query.value(8).toInt();
    return prompt;
}

PromptVersion readVersion(const QSqlQuery &query)
{
    PromptVersion version;
    version.id = query.value(0).toLongLong();
    version.promptId = query.value(1).toLongLong();
    version.number = query.value(2).toInt();
    version.systemText = query.value(3).toString();
    version.userText = query.value(4).toString();
    version.variables = toObject(query.value(5));
    version.parameters = toObject(query.value(6));
    for (const QJsonValue &model : toArray(query.value(7))) {
        version.models.append(model.toString());
    }
    version.note = query.value(8).toString();
    version.createdAt = toTime(query.value(9));
    return version;
}

QStringList cleanTags(const QStringList &tags)
{
    QStringList clean;
    for (const QString &tag : tags) {
        const QString trimmed = tag.trimmed();
        if (!trimmed.isEmpty() && !clean.contains(trimmed)) {
            clean.append(trimmed);
        }
    }
    clean.sort();
    return clean;
}

StorageError notFound()
{
    return {StorageError::Kind::NotFound, tr("There is no such prompt.")};
}

} // namespace

PromptStore::PromptStore(const QSqlDatabase &db)
    : m_db(db)
{ }

StorageError PromptStore::failure(const QSqlQuery &query) const
{
    qCWarning(lcStorage) << "prompt store query failed:" << query.lastError().text();
    return {StorageError::Kind::Query, tr("The prompt library could not be changed: %1").arg(query.lastError().text())};
}

StorageResult<Prompt> PromptStore::create(const Prompt &prompt, const PromptVersion &firstVersion)
{
    const QString name = prompt.name.trimmed();
    if (name.isEmpty()) {
        return StorageError {StorageError::Kind::Invalid, tr("A prompt needs a name.")};
    }
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    if (findByName(name)) {
        return StorageError {StorageError::Kind::Conflict, tr("A prompt named \"%1\" already exists.").arg(name)};
    }
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO prompt (name, description, folder, favourite, created_at, updated_at)"
                  " VALUES (?, ?, ?, ?, ?, ?)"_s);
    const QString created = fromTime(prompt.createdAt);
    query.addBindValue(name);
    query.addBindValue(text(prompt.description));
    query.addBindValue(text(prompt.folder.trimmed()));
    query.addBindValue(prompt.favourite ? 1 : 0);
    query.addBindValue(created);
    query.addBindValue(prompt.updatedAt.isValid() ? fromTime(prompt.updatedAt) : created);
    if (!query.exec()) {
        return failure(query);
    }
    const qint64 id = query.lastInsertId().toLongLong();
    query.prepare(u"INSERT INTO prompt_tag (prompt_id, tag) VALUES (?, ?)"_s);
    for (const QString &tag : cleanTags(prompt.tags)) {
        query.addBindValue(id);
        query.addBindValue(tag);
        if (!query.exec()) {
            return failure(query);
        }
    }
    if (const auto saved = saveVersion(id, firstVersion); !saved) {
        return saved.error();
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    return *this->prompt(id);
}

StorageResult<PromptVersion> PromptStore::saveVersion(qint64 promptId, const PromptVersion &draft)
{
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    if (!prompt(promptId)) {
        return notFound();
    }
    const std::optional<PromptVersion> latest = version(promptId);
    if (latest && latest->sameContentAs(draft)) {
        return *latest;
    }
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO prompt_version (prompt_id, number, system_text, user_text, variables, parameters,"
                  " models, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(promptId);
    query.addBindValue(latest ? latest->number + 1 : 1);
    query.addBindValue(text(draft.systemText));
    query.addBindValue(text(draft.userText));
    query.addBindValue(fromJson(draft.variables));
    query.addBindValue(fromJson(draft.parameters));
    query.addBindValue(fromJson(QJsonArray::fromStringList(draft.models)));
    query.addBindValue(text(draft.note));
    const QString created = fromTime(draft.createdAt);
    query.addBindValue(created);
    if (!query.exec()) {
        return failure(query);
    }
    const qint64 versionId = query.lastInsertId().toLongLong();
    query.prepare(u"UPDATE prompt SET updated_at = max(updated_at, ?) WHERE id = ?"_s);
    query.addBindValue(created);
    query.addBindValue(promptId);
    if (!query.exec()) {
        return failure(query);
    }
    if (const auto indexed = reindex(promptId); !indexed) {
        return indexed.error();
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    return *versionById(versionId);
}

StorageResult<Done> PromptStore::update(const Prompt &prompt)
{
    const QString name = prompt.name.trimmed();
    if (name.isEmpty()) {
        return StorageError {StorageError::Kind::Invalid, tr("A prompt needs a name.")};
    }
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    if (!this->prompt(prompt.id)) {
        return notFound();
    }
    if (const auto other = findByName(name); other && other->id != prompt.id) {
        return StorageError {StorageError::Kind::Conflict, tr("A prompt named \"%1\" already exists.").arg(name)};
    }
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE prompt SET name = ?, description = ?, folder = ?, favourite = ?, updated_at = ?"
                  " WHERE id = ?"_s);
    query.addBindValue(name);
    query.addBindValue(text(prompt.description));
    query.addBindValue(text(prompt.folder.trimmed()));
    query.addBindValue(prompt.favourite ? 1 : 0);
    query.addBindValue(fromTime({}));
    query.addBindValue(prompt.id);
    if (!query.exec()) {
        return failure(query);
    }
    query.prepare(u"DELETE FROM prompt_tag WHERE prompt_id = ?"_s);
    query.addBindValue(prompt.id);
    if (!query.exec()) {
        return failure(query);
    }
    query.prepare(u"INSERT INTO prompt_tag (prompt_id, tag) VALUES (?, ?)"_s);
    for (const QString &tag : cleanTags(prompt.tags)) {
        query.addBindValue(prompt.id);
        query.addBindValue(tag);
        if (!query.exec()) {
            return failure(query);
        }
    }
    if (const auto indexed = reindex(prompt.id); !indexed) {
        return indexed.error();
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    return Done {};
}

StorageResult<Done> PromptStore::setFavourite(qint64 promptId, bool favourite)
{
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE prompt SET favourite = ? WHERE id = ?"_s);
    query.addBindValue(favourite ? 1 : 0);
    query.addBindValue(promptId);
    if (!query.exec()) {
        return failure(query);
    }
    if (query.numRowsAffected() == 0) {
        return notFound();
    }
    return Done {};
}

StorageResult<Done> PromptStore::remove(qint64 promptId)
{
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM prompt WHERE id = ?"_s);
    query.addBindValue(promptId);
    if (!query.exec()) {
        return failure(query);
    }
    if (query.numRowsAffected() == 0) {
        return notFound();
    }
    return Done {};
}

std::optional<Prompt> PromptStore::prompt(qint64 promptId) const
{
    QSqlQuery query(m_db);
    query.prepare(PromptColumns + u" WHERE p.id = ?"_s);
    query.addBindValue(promptId);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return readPrompt(query);
}

std::optional<Prompt> PromptStore::findByName(const QString &name) const
{
    QSqlQuery query(m_db);
    query.prepare(PromptColumns + u" WHERE p.name = ?"_s);
    query.addBindValue(name.trimmed());
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return readPrompt(query);
}

QList<PromptVersion> PromptStore::versions(qint64 promptId) const
{
    QList<PromptVersion> versions;
    QSqlQuery query(m_db);
    query.prepare(VersionColumns + u" WHERE prompt_id = ? ORDER BY number"_s);
    query.addBindValue(promptId);
    if (query.exec()) {
        while (query.next()) {
            versions.append(readVersion(query));
        }
    }
    return versions;
}

std::optional<PromptVersion> PromptStore::version(qint64 promptId, int number) const
{
    QSqlQuery query(m_db);
    if (number > 0) {
        query.prepare(VersionColumns + u" WHERE prompt_id = ? AND number = ?"_s);
        query.addBindValue(promptId);
        query.addBindValue(number);
    } else {
        query.prepare(VersionColumns + u" WHERE prompt_id = ? ORDER BY number DESC LIMIT 1"_s);
        query.addBindValue(promptId);
    }
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return readVersion(query);
}

std::optional<PromptVersion> PromptStore::versionById(qint64 versionId) const
{
    QSqlQuery query(m_db);
    query.prepare(VersionColumns + u" WHERE id = ?"_s);
    query.addBindValue(versionId);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return readVersion(query);
}

StorageResult<PromptVersion> PromptStore::resolve(const QString &reference) const
{
    QString name = reference;
    int number = 0;
    // Names may contain '@' themselves; only a trailing "@digits" picks a version.
    static const QRegularExpression versioned(u"^(.*)@(\\d+)$"_s);
    if (const auto match = versioned.match(reference); match.hasMatch() && !findByName(reference)) {
        name = match.captured(1);
        number = match.captured(2).toInt();
    }
    const std::optional<Prompt> found = findByName(name);
    if (!found) {
        return StorageError {StorageError::Kind::NotFound, tr("There is no prompt named \"%1\".").arg(name)};
    }
    const std::optional<PromptVersion> chosen = version(found->id, number);
    if (!chosen) {
        return StorageError {StorageError::Kind::NotFound,
            tr("The prompt \"%1\" has no version %2 (its newest is %3).")
                .arg(name)
                .arg(number)
                .arg(found->latestVersion)};
    }
    return *chosen;
}

bool PromptStore::isVersionUsed(qint64 versionId) const
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT EXISTS (SELECT 1 FROM run WHERE prompt_version_id = ?)"_s);
    query.addBindValue(versionId);
    return query.exec() && query.next() && query.value(0).toBool();
}

StorageResult<QList<Prompt>> PromptStore::find(const PromptFilter &filter) const
{
    const QString match = matchExpression(filter.text);
    // The page of ids is chosen first, so the per-prompt subqueries of PromptColumns run only
    // for the rows shown, not for every match being ranked.
    QString page;
    QVariantList values;
    if (!match.isEmpty()) {
        // Weights: a word in the name counts most, then tags, then the description, then the text.
        page = u"SELECT p.id AS id, bm25(prompt_fts, 10.0, 3.0, 5.0, 1.0) AS rank, p.name AS name"
               " FROM prompt_fts JOIN prompt p ON p.id = prompt_fts.rowid WHERE prompt_fts MATCH ?"_s;
        values.append(match);
    } else {
        page = u"SELECT p.id AS id, 0 AS rank, p.name AS name FROM prompt p WHERE 1"_s;
    }
    if (!filter.tag.isEmpty()) {
        page += u" AND EXISTS (SELECT 1 FROM prompt_tag t WHERE t.prompt_id = p.id AND t.tag = ?)"_s;
        values.append(filter.tag);
    }
    if (!filter.folder.isEmpty()) {
        // A folder holds its subfolders' prompts too.
        page += u" AND (p.folder = ? OR substr(p.folder, 1, length(?) + 1) = ? || '/')"_s;
        values.append(filter.folder);
        values.append(filter.folder);
        values.append(filter.folder);
    }
    if (filter.favouritesOnly) {
        page += u" AND p.favourite = 1"_s;
    }
    page += u" ORDER BY rank, p.name COLLATE NOCASE LIMIT ?"_s;
    values.append(filter.limit > 0 ? filter.limit : -1);
    const QString sql =
        PromptColumns + u" JOIN ("_s + page + u") m ON m.id = p.id ORDER BY m.rank, m.name COLLATE NOCASE"_s;

    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values)) {
        query.addBindValue(value);
    }
    if (!query.exec()) {
        return StorageError {StorageError::Kind::Query, tr("The search failed: %1").arg(query.lastError().text())};
    }
    QList<Prompt> prompts;
    while (query.next()) {
        prompts.append(readPrompt(query));
    }
    return prompts;
}

QStringList PromptStore::tags() const
{
    QStringList tags;
    QSqlQuery query(m_db);
    if (query.exec(u"SELECT DISTINCT tag FROM prompt_tag ORDER BY tag"_s)) {
        while (query.next()) {
            tags.append(query.value(0).toString());
        }
    }
    return tags;
}

QStringList PromptStore::folders() const
{
    QStringList folders;
    QSqlQuery query(m_db);
    if (query.exec(u"SELECT DISTINCT folder FROM prompt WHERE folder <> '' ORDER BY folder"_s)) {
        while (query.next()) {
            folders.append(query.value(0).toString());
        }
    }
    return folders;
}

qint64 PromptStore::count() const
{
    QSqlQuery query(m_db);
    return query.exec(u"SELECT count(*) FROM prompt"_s) && query.next() ? query.value(0).toLongLong() : 0;
}

StorageResult<int> PromptStore::seedStarterPrompts()
{
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    QSqlQuery query(m_db);
    query.prepare(u"SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?)"_s);
    query.addBindValue(QString::fromLatin1(SeededKey));
    if (!query.exec() || !query.next()) {
        return failure(query);
    }
    if (query.value(0).toBool()) {
        return 0;
    }
    QFile file(QString::fromLatin1(StarterPromptsResource));
    if (!file.open(QIODevice::ReadOnly)) {
        return StorageError {StorageError::Kind::NotFound, tr("The starter prompts are missing from this build.")};
    }
    const auto bundle = PromptBundle::fromJson(file.readAll());
    if (!bundle) {
        return bundle.error();
    }
    int added = 0;
    for (const PromptBundle::Entry &entry : bundle->entries) {
        // A prompt the user already has under that name is theirs: leave it alone.
        if (entry.versions.isEmpty() || findByName(entry.prompt.name)) {
            continue;
        }
        const auto created = create(entry.prompt, entry.versions.first());
        if (!created) {
            return created.error();
        }
        ++added;
    }
    query.prepare(u"INSERT INTO meta (key, value) VALUES (?, ?)"_s);
    query.addBindValue(QString::fromLatin1(SeededKey));
    query.addBindValue(fromTime({}));
    if (!query.exec()) {
        return failure(query);
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query, transaction.errorString()};
    }
    return added;
}

QString PromptStore::matchExpression(const QString &text)
{
    QStringList terms;
    static const QRegularExpression separators(u"[\\s\"]+"_s);
    for (const QString &word : text.split(separators, Qt::SkipEmptyParts)) {
        // Quoted, so FTS5 syntax characters in what the user typed are just text.
        terms.append(u'"' + word + u"\"*"_s);
    }
    return terms.join(u' ');
}

StorageResult<Done> PromptStore::reindex(qint64 promptId)
{
    QSqlQuery query(m_db);
    query.prepare(u"DELETE FROM prompt_fts WHERE rowid = ?"_s);
    query.addBindValue(promptId);
    if (!query.exec()) {
        return failure(query);
    }
    query.prepare(u"INSERT INTO prompt_fts (rowid, name, description, tags, body) SELECT p.id, p.name, p.description,"
                  " COALESCE((SELECT group_concat(tag, ' ') FROM prompt_tag WHERE prompt_id = p.id), ''),"
                  " COALESCE((SELECT system_text || ' ' || user_text FROM prompt_version WHERE prompt_id = p.id"
                  " ORDER BY number DESC LIMIT 1), '') FROM prompt p WHERE p.id = ?"_s);
    query.addBindValue(promptId);
    if (!query.exec()) {
        return failure(query);
    }
    return Done {};
}

} // namespace Juxta
