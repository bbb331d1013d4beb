// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/database.h"
#include "app/storage/promptstore.h"
#include "storagetesthelpers.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

PromptVersion draft(const QString &user, const QString &system = {})
{
    PromptVersion version;
    version.userText = user;
    version.systemText = system;
    return version;
}

Prompt named(const QString &name, const QStringList &tags = {}, const QString &folder = {})
{
    Prompt prompt;
    prompt.name = name;
    prompt.tags = tags;
    prompt.folder = folder;
    return prompt;
}

QStringList names(const QList<Prompt> &prompts)
{
    QStringList result;
    for (const Prompt &prompt : prompts) {
        result.append(prompt.name);
    }
    return result;
}

} // namespace

class TestPromptStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createsAPromptWithItsFirstVersion();
    void editingMakesANewVersion();
    void aVersionUsedByARunNeverChanges();
    void refusesDuplicateNames();
    void resolvesNameAtVersion();
    void searchesRankedWithPrefixes();
    void filtersByTagFolderAndFavourite();
    void searchTreatsSyntaxAsText();
    void seedsStarterPromptsOnce();
    void updatesMetadataAndReindexes();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PromptStore> m_store;
};

void TestPromptStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(u"prompts"_s);
    QVERIFY2(m_database->openAndMigrate(m_dir->filePath(u"juxta.sqlite"_s)), qPrintable(m_database->errorString()));
    m_store = std::make_unique<PromptStore>(m_database->connection());
}

void TestPromptStore::cleanup()
{
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

void TestPromptStore::createsAPromptWithItsFirstVersion()
{
    Prompt prompt = named(u"Haiku"_s, {u"poetry"_s, u" short "_s, u"poetry"_s}, u"Writing"_s);
    prompt.description = u"Seventeen syllables"_s;
    PromptVersion first = draft(u"Write a haiku about {{subject}}."_s, u"You are a poet."_s);
    first.variables = QJsonObject {{u"subject"_s, u"rain"_s}};
    first.parameters = QJsonObject {{u"temperature"_s, 0.9}};
    first.models = {u"openai:gpt-5-mini"_s, u"anthropic:claude-haiku-4-5"_s};
    first.note = u"first try"_s;
    const auto created = m_store->create(prompt, first);
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QVERIFY(created->id > 0);
    QCOMPARE(created->tags, (QStringList {u"poetry"_s, u"short"_s}));
    QCOMPARE(created->latestVersion, 1);
    QVERIFY(created->createdAt.isValid());

    const auto stored = m_store->version(created->id);
    QVERIFY(stored);
    QCOMPARE(stored->number, 1);
    QVERIFY(stored->sameContentAs(first));
    QVERIFY(stored->createdAt.isValid());
    QCOMPARE(m_store->count(), 1);
}

void TestPromptStore::editingMakesANewVersion()
{
    const auto created = m_store->create(named(u"Greeter"_s), draft(u"Say hello to {{name}}."_s));
    QVERIFY(created);
    const auto second = m_store->saveVersion(created->id, draft(u"Say hello to {{name}} in {{language}}."_s));
    QVERIFY(second);
    QCOMPARE(second->number, 2);
    // Saving what is already the newest version adds nothing.
    const auto again = m_store->saveVersion(created->id, draft(u"Say hello to {{name}} in {{language}}."_s));
    QVERIFY(again);
    QCOMPARE(again->id, second->id);
    const QList<PromptVersion> versions = m_store->versions(created->id);
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions[0].userText, u"Say hello to {{name}}."_s);
    QCOMPARE(m_store->prompt(created->id)->latestVersion, 2);
    QVERIFY(!m_store->saveVersion(4242, draft(u"x"_s)));
}

void TestPromptStore::aVersionUsedByARunNeverChanges()
{
    const auto created = m_store->create(named(u"Frozen"_s), draft(u"v1"_s));
    QVERIFY(created);
    const auto version = m_store->version(created->id);
    QVERIFY(!m_store->isVersionUsed(version->id));
    QSqlQuery query(m_database->connection());
    QVERIFY(query.prepare(u"INSERT INTO run (created_at, prompt_version_id, prompt_text) VALUES ('now', ?, 'v1')"_s));
    query.addBindValue(version->id);
    QVERIFY(query.exec());
    QVERIFY(m_store->isVersionUsed(version->id));
    QVERIFY(query.prepare(u"UPDATE prompt_version SET user_text = 'changed' WHERE id = ?"_s));
    query.addBindValue(version->id);
    QVERIFY(!query.exec());
    QCOMPARE(m_store->versionById(version->id)->userText, u"v1"_s);
}

void TestPromptStore::refusesDuplicateNames()
{
    QVERIFY(m_store->create(named(u"Same"_s), draft(u"a"_s)));
    const auto duplicate = m_store->create(named(u" Same "_s), draft(u"b"_s));
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().kind, StorageError::Kind::Conflict);
    QCOMPARE(m_store->count(), 1);
    QCOMPARE(m_store->versions(m_store->findByName(u"Same"_s)->id).size(), 1);
    QCOMPARE(m_store->create(named(u"  "_s), draft(u"b"_s)).error().kind, StorageError::Kind::Invalid);
}

void TestPromptStore::resolvesNameAtVersion()
{
    const auto created = m_store->create(named(u"Ask"_s), draft(u"one"_s));
    QVERIFY(m_store->saveVersion(created->id, draft(u"two"_s)));
    QVERIFY(m_store->create(named(u"mail@2"_s), draft(u"a name with an at"_s)));
    QCOMPARE(m_store->resolve(u"Ask"_s)->userText, u"two"_s);
    QCOMPARE(m_store->resolve(u"Ask@1"_s)->userText, u"one"_s);
    QCOMPARE(m_store->resolve(u"mail@2"_s)->userText, u"a name with an at"_s);
    QCOMPARE(m_store->resolve(u"Ask@9"_s).error().kind, StorageError::Kind::NotFound);
    QCOMPARE(m_store->resolve(u"Nope"_s).error().kind, StorageError::Kind::NotFound);
}

void TestPromptStore::searchesRankedWithPrefixes()
{
    QVERIFY(m_store->create(named(u"Summarise article"_s), draft(u"Summarise the text."_s)));
    Prompt tagged = named(u"Meeting notes"_s, {u"summarisation"_s});
    QVERIFY(m_store->create(tagged, draft(u"Turn these notes into minutes."_s)));
    Prompt described = named(u"Changelog"_s);
    described.description = u"Summarise commits for a release"_s;
    QVERIFY(m_store->create(described, draft(u"List the changes."_s)));
    QVERIFY(m_store->create(named(u"Unrelated"_s), draft(u"Write a limerick, maybe summarise it later."_s)));
    QVERIFY(m_store->create(named(u"Café menu"_s), draft(u"Translate the menu."_s)));

    const auto found = m_store->find({.text = u"summ"_s});
    QVERIFY(found);
    // Every prompt that mentions the prefix anywhere, the one named so first and text-only last.
    QCOMPARE(found->size(), 4);
    QCOMPARE(found->first().name, u"Summarise article"_s);
    QCOMPARE(found->last().name, u"Unrelated"_s);
    // Diacritics fold: "cafe" finds "Café".
    QCOMPARE(names(*m_store->find({.text = u"cafe"_s})), QStringList {u"Café menu"_s});
    // Several words must all match.
    QCOMPARE(names(*m_store->find({.text = u"summarise commits"_s})), QStringList {u"Changelog"_s});
    QVERIFY(m_store->find({.text = u"nothingmatchesthis"_s})->isEmpty());
}

void TestPromptStore::filtersByTagFolderAndFavourite()
{
    QVERIFY(m_store->create(named(u"A"_s, {u"code"_s}, u"Code/Review"_s), draft(u"review {{code}}"_s)));
    const auto b = m_store->create(named(u"B"_s, {u"code"_s, u"sql"_s}, u"Code"_s), draft(u"write sql"_s));
    QVERIFY(m_store->create(named(u"C"_s, {u"writing"_s}, u"Codex"_s), draft(u"write a poem about code"_s)));
    QVERIFY(m_store->setFavourite(b->id, true));

    QCOMPARE(names(*m_store->find({.tag = u"code"_s})), (QStringList {u"A"_s, u"B"_s}));
    QCOMPARE(names(*m_store->find({.folder = u"Code"_s})), (QStringList {u"A"_s, u"B"_s}));
    QCOMPARE(names(*m_store->find({.folder = u"Code/Review"_s})), QStringList {u"A"_s});
    QCOMPARE(names(*m_store->find({.favouritesOnly = true})), QStringList {u"B"_s});
    QCOMPARE(names(*m_store->find({.text = u"write"_s, .tag = u"code"_s})), QStringList {u"B"_s});
    QCOMPARE(m_store->tags(), (QStringList {u"code"_s, u"sql"_s, u"writing"_s}));
    QCOMPARE(m_store->folders(), (QStringList {u"Code"_s, u"Code/Review"_s, u"Codex"_s}));
    QCOMPARE(m_store->find({.limit = 2})->size(), 2);
}

void TestPromptStore::searchTreatsSyntaxAsText()
{
    QVERIFY(m_store->create(named(u"Quotes"_s), draft(u"He said \"NEAR\" AND OR NOT (x)"_s)));
    for (const QString &typed : {u"\"near"_s, u"AND"_s, u"(x"_s, u"NOT*"_s, u"near:"_s, u"^said"_s}) {
        const auto found = m_store->find({.text = typed});
        QVERIFY2(found, qPrintable(typed));
    }
    QCOMPARE(m_store->find({.text = u"\"NEAR"_s})->size(), 1);
    QCOMPARE(PromptStore::matchExpression(u"  a  \"b\" "_s), u"\"a\"* \"b\"*"_s);
}

void TestPromptStore::seedsStarterPromptsOnce()
{
    const auto seeded = m_store->seedStarterPrompts();
    QVERIFY2(seeded, seeded ? "" : qPrintable(seeded.error().message));
    QVERIFY(*seeded >= 12);
    QCOMPARE(m_store->count(), *seeded);
    const auto review = m_store->resolve(u"Code review"_s);
    QVERIFY(review);
    QVERIFY(review->userText.contains(u"{{code}}"_s));
    QVERIFY(review->variables.contains(u"language"_s));
    QVERIFY(!m_store->find({.text = u"refusal"_s})->isEmpty());
    // Deleted starter prompts stay deleted.
    QVERIFY(m_store->remove(m_store->findByName(u"Code review"_s)->id));
    QCOMPARE(*m_store->seedStarterPrompts(), 0);
    QCOMPARE(m_store->count(), *seeded - 1);
}

void TestPromptStore::updatesMetadataAndReindexes()
{
    const auto created = m_store->create(named(u"Old name"_s, {u"alpha"_s}), draft(u"text"_s));
    Prompt changed = *created;
    changed.name = u"New name"_s;
    changed.tags = {u"beta"_s};
    changed.folder = u"Elsewhere"_s;
    QVERIFY(m_store->update(changed));
    QCOMPARE(names(*m_store->find({.text = u"beta"_s})), QStringList {u"New name"_s});
    QVERIFY(m_store->find({.text = u"alpha"_s})->isEmpty());
    QVERIFY(m_store->find({.text = u"old"_s})->isEmpty());
    QVERIFY(m_store->create(named(u"Other"_s), draft(u"x"_s)));
    changed.name = u"Other"_s;
    QCOMPARE(m_store->update(changed).error().kind, StorageError::Kind::Conflict);
    QVERIFY(m_store->remove(created->id));
    QVERIFY(m_store->versions(created->id).isEmpty());
    QCOMPARE(StorageTest::scalar(m_database->connection(), u"SELECT count(*) FROM prompt_fts"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestPromptStore)
#include "tst_promptstore.moc"
