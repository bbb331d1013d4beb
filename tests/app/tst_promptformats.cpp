// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptbundle.h"
#include "app/prompts/promptmarkdown.h"
#include "app/prompts/promptyformat.h"
#include "app/prompts/yamllite.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(JUXTA_TEST_DATA "/prompts/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

PromptBundle::Entry sampleEntry()
{
    PromptBundle::Entry entry;
    entry.prompt.name = u"Tricky: \"quotes\" # and more"_s;
    entry.prompt.description = u"Line one, with: a colon"_s;
    entry.prompt.tags = {u"yes"_s, u"123"_s, u"- dash"_s};
    entry.prompt.folder = u"A/B"_s;
    entry.prompt.favourite = true;
    PromptVersion version;
    version.number = 1;
    version.systemText = u"System\n\n  indented line\nlast"_s;
    version.userText = u"User with {{var}} and ~~~~ fences\n```\ncode\n```\n"_s;
    version.variables = QJsonObject {{u"var"_s, u"true"_s}, {u"other"_s, u"multi\nline"_s}};
    version.parameters = QJsonObject {{u"temperature"_s, 0.7}, {u"stop"_s, QJsonArray {u"END"_s, u"a: b"_s}}};
    version.models = {u"openai:gpt-5-mini"_s};
    version.note = u"a note"_s;
    entry.versions = {version};
    return entry;
}

} // namespace

class TestPromptFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesYaml_data();
    void parsesYaml();
    void refusesBadYaml_data();
    void refusesBadYaml();
    void yamlRoundTrips();
    void readsAPromptyFile();
    void promptyRoundTrips();
    void promptyWithoutRoles();
    void markdownRoundTrips();
    void bundleRoundTripsAndValidates();
};

void TestPromptFormats::parsesYaml_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("scalars") << u"a: 1\nb: true\nc: ~\nd: text here\ne: '它''s'\nf: \"tab\\there\""_s
                             << QByteArray(R"({"a":1,"b":true,"c":null,"d":"text here","e":"它's","f":"tab\there"})");
    QTest::newRow("nested") << u"model:\n  api: chat\n  parameters:\n    max_tokens: 5\n"_s
                            << QByteArray(R"({"model":{"api":"chat","parameters":{"max_tokens":5}}})");
    QTest::newRow("sequences") << u"a:\n  - x\n  - y\nb:\n- z\nc: [1, \"two, three\", four]\n"_s
                               << QByteArray(R"({"a":["x","y"],"b":["z"],"c":[1,"two, three","four"]})");
    QTest::newRow("sequence of mappings") << u"items:\n  - name: a\n    value: 1\n  - name: b\n"_s
                                          << QByteArray(R"({"items":[{"name":"a","value":1},{"name":"b"}]})");
    QTest::newRow("flow mapping") << u"m: {a: 1, b: x}"_s << QByteArray(R"({"m":{"a":1,"b":"x"}})");
    QTest::newRow("literal block") << u"t: |\n  one\n\n  two\nnext: 1\n"_s
                                   << QByteArray(R"({"t":"one\n\ntwo\n","next":1})");
    QTest::newRow("folded strip") << u"t: >-\n  one\n  two\n"_s << QByteArray(R"({"t":"one two"})");
    QTest::newRow("comments") << u"# head\na: x # trailing\n  # indented comment\nb: 'y' # c\n"_s
                              << QByteArray(R"({"a":"x","b":"y"})");
    QTest::newRow("colon in value") << u"url: http://example.com:8080/x"_s
                                    << QByteArray(R"({"url":"http://example.com:8080/x"})");
    QTest::newRow("crlf") << u"a: 1\r\nb: 2\r\n"_s << QByteArray(R"({"a":1,"b":2})");
}

void TestPromptFormats::parsesYaml()
{
    QFETCH(QString, yaml);
    QFETCH(QByteArray, json);
    QString error;
    const auto value = YamlLite::parse(yaml, &error);
    QVERIFY2(value, qPrintable(error));
    QCOMPARE(value->toObject(), QJsonDocument::fromJson(json).object());
}

void TestPromptFormats::refusesBadYaml_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("message");
    QTest::newRow("tab") << u"a:\n\tb: 1"_s << u"line 2: tabs"_s;
    QTest::newRow("unclosed quote") << u"a: \"open\nb: 2"_s << u"line 1: unterminated"_s;
    QTest::newRow("indentation") << u"a:\n    b: 1\n  c: 2"_s << u"line 3: unexpected indentation"_s;
    QTest::newRow("no colon") << u"a: 1\njust words"_s << u"line 2: expected"_s;
    QTest::newRow("duplicate key") << u"a: 1\na: 2"_s << u"line 2: the key \"a\" appears twice"_s;
    QTest::newRow("anchor") << u"a: &x 1"_s << u"line 1: anchors"_s;
    QTest::newRow("two documents") << u"a: 1\n---\nb: 2"_s << u"line 2: only one"_s;
    QTest::newRow("unclosed flow") << u"a: [1, 2"_s << u"line 1: unterminated flow"_s;
}

void TestPromptFormats::refusesBadYaml()
{
    QFETCH(QString, yaml);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!YamlLite::parse(yaml, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

void TestPromptFormats::yamlRoundTrips()
{
    const QJsonObject object {
        {u"name"_s, u"Name: with colon"_s},
        {u"number-like"_s, u"0.5"_s},
        {u"number"_s, 0.5},
        {u"empty"_s, QString()},
        {u"multi"_s, u"a\nb\n"_s},
        {u"multi no newline"_s, u"a\n\nb"_s},
        {u"leading space"_s, u"  x\ny"_s},
        {u"list"_s, QJsonArray {u"a"_s, 2, true, QJsonObject {{u"k"_s, u"v"_s}}}},
        {u"nested"_s, QJsonObject {{u"deeper"_s, QJsonObject {{u"x"_s, u"#hash"_s}}}}},
        {u"unicode"_s, u"naïve — ok"_s},
        {u"control"_s, u"bell\u0007"_s},
        {u"yaml 1.1 boolean"_s, u"yes"_s},
    };
    const QString yaml = YamlLite::write(object);
    // PyYAML (what Prompty's Python tooling reads with) would take a bare yes for a boolean.
    QVERIFY2(yaml.contains(u"yaml 1.1 boolean: \"yes\""_s), qPrintable(yaml));
    QString error;
    const auto parsed = YamlLite::parse(yaml, &error);
    QVERIFY2(parsed, qPrintable(error + u'\n' + yaml));
    QCOMPARE(parsed->toObject(), object);
}

void TestPromptFormats::readsAPromptyFile()
{
    const auto entry = PromptyFormat::parse(fixture(u"basic.prompty"_s), u"fallback"_s);
    QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
    QCOMPARE(entry->prompt.name, u"Basic Prompt"_s);
    QCOMPARE(entry->prompt.description, u"A basic prompt that uses the chat API to answer questions"_s);
    QCOMPARE(entry->prompt.tags, (QStringList {u"qa"_s, u"basic"_s}));
    const PromptVersion &version = entry->versions.first();
    QCOMPARE(version.models, QStringList {u"azure-openai:gpt-4o"_s});
    QCOMPARE(version.parameters.value(u"max_tokens"_s).toInt(), 128);
    QCOMPARE(version.parameters.value(u"temperature"_s).toDouble(), 0.2);
    QCOMPARE(version.variables.value(u"question"_s).toString(), u"Who wrote \"Dune\"?"_s);
    QCOMPARE(version.variables.value(u"hint"_s).toString(), u"think first"_s);
    QCOMPARE(version.variables.value(u"firstName"_s).toString(), u"Seth"_s);
    QCOMPARE(version.systemText,
        u"You are an AI assistant who helps {{firstName}} find information.\n"
        "As the assistant, you answer questions briefly, succinctly."_s);
    QCOMPARE(version.userText, u"{{question}}\n{{hint}}"_s);
}

void TestPromptFormats::promptyRoundTrips()
{
    const PromptBundle::Entry original = sampleEntry();
    const QByteArray written = PromptyFormat::write(original.prompt, original.versions.first());
    const auto parsed = PromptyFormat::parse(written, u"x"_s);
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message + u'\n' + QString::fromUtf8(written)));
    QCOMPARE(parsed->prompt.name, original.prompt.name);
    QCOMPARE(parsed->prompt.description, original.prompt.description);
    QCOMPARE(parsed->prompt.tags, original.prompt.tags);
    const PromptVersion &version = parsed->versions.first();
    QCOMPARE(version.systemText, original.versions.first().systemText);
    QCOMPARE(version.userText, original.versions.first().userText.trimmed());
    QCOMPARE(version.variables, original.versions.first().variables);
    QCOMPARE(version.parameters, original.versions.first().parameters);
    QCOMPARE(version.models, original.versions.first().models);
}

void TestPromptFormats::promptyWithoutRoles()
{
    const auto entry = PromptyFormat::parse("Just a question about {{topic}}?\n", u"from-file-name"_s);
    QVERIFY(entry);
    QCOMPARE(entry->prompt.name, u"from-file-name"_s);
    QCOMPARE(entry->versions.first().userText, u"Just a question about {{topic}}?"_s);
    QVERIFY(entry->versions.first().systemText.isEmpty());
    QVERIFY(!PromptyFormat::parse("---\nname: x\n---\n\n", u"x"_s));
}

void TestPromptFormats::markdownRoundTrips()
{
    PromptBundle::Entry first = sampleEntry();
    first.prompt.name = u"First"_s;
    PromptVersion second = first.versions.first();
    second.number = 2;
    second.userText = u"Changed ~~~~~ text"_s;
    second.systemText.clear();
    second.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), QTimeZone::UTC);
    first.versions.append(second);
    PromptBundle::Entry other;
    other.prompt.name = u"Other"_s;
    PromptVersion only;
    only.number = 1;
    only.userText = u"# not a heading inside a fence\n## Version 9"_s;
    other.versions = {only};
    const QString md = PromptMarkdown::write({first, other});
    const auto parsed = PromptMarkdown::parse(md.toUtf8());
    QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message + u'\n' + md));
    QCOMPARE(parsed->size(), 2);
    const PromptBundle::Entry &back = parsed->first();
    QCOMPARE(back.prompt.tags, first.prompt.tags);
    QCOMPARE(back.prompt.folder, u"A/B"_s);
    QVERIFY(back.prompt.favourite);
    QCOMPARE(back.versions.size(), 2);
    QVERIFY(back.versions[0].sameContentAs(first.versions[0]));
    QVERIFY(back.versions[1].sameContentAs(second));
    QCOMPARE(back.versions[1].createdAt, second.createdAt);
    QCOMPARE(parsed->last().versions.first().userText, only.userText);
    QVERIFY(!PromptMarkdown::parse("# A\n## Version 1\n### User\n\n~~~~\nnever closed\n"));
    QVERIFY(!PromptMarkdown::parse("preamble\n# A\n"));
}

void TestPromptFormats::bundleRoundTripsAndValidates()
{
    PromptBundle bundle;
    bundle.entries = {sampleEntry()};
    bundle.entries.first().prompt.createdAt = QDateTime(QDate(2025, 5, 6), QTime(7, 8, 9, 10), QTimeZone::UTC);
    const auto parsed = PromptBundle::fromJson(bundle.toJson());
    QVERIFY(parsed);
    QCOMPARE(parsed->toJson(), bundle.toJson());
    QVERIFY(!PromptBundle::fromJson(fixture(u"truncated.json"_s)));
    QVERIFY(PromptBundle::fromJson(fixture(u"duplicate-names.json"_s)).error().message.contains(u"Twice"_s));
    QVERIFY(PromptBundle::fromJson(fixture(u"latin1.json"_s)).error().message.contains(u"UTF-8"_s));
    QVERIFY(!PromptBundle::fromJson(fixture(u"wrong-format.json"_s)));
    QVERIFY(!PromptBundle::fromJson(fixture(u"no-versions.json"_s)));
    QVERIFY(!PromptBundle::fromJson(R"({"format":"juxta-prompt-bundle","version":99,"prompts":[]})"));
    QVERIFY(PromptBundle::fromJson(fixture(u"good.json"_s)));
}

QTEST_GUILESS_MAIN(TestPromptFormats)
#include "tst_promptformats.moc"
