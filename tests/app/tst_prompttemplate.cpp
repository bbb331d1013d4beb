// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/prompttemplate.h"
#include "app/prompts/textdiff.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

class TestPromptTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsPlaceholders_data();
    void findsPlaceholders();
    void renders_data();
    void renders();
    void undefinedVariablesAreAnError();
    void diffsVersionsLineByLine();
};

void TestPromptTemplate::findsPlaceholders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("none") << u"plain text"_s << QStringList();
    QTest::newRow("one") << u"Hello {{name}}!"_s << QStringList {u"name"_s};
    QTest::newRow("spaces") << u"{{ topic }} and {{topic}}"_s << QStringList {u"topic"_s};
    QTest::newRow("order") << u"{{b}} {{a}} {{b}}"_s << QStringList {u"b"_s, u"a"_s};
    QTest::newRow("dotted") << u"{{user.name}} {{snake_case-2}}"_s << QStringList {u"user.name"_s, u"snake_case-2"_s};
    QTest::newRow("escaped") << u"\\{{literal}} {{real}}"_s << QStringList {u"real"_s};
    QTest::newRow("not a name") << u"{{ }} {{1abc}} {{a b}} {single}"_s << QStringList();
    QTest::newRow("unclosed") << u"{{open and {{closed}}"_s << QStringList {u"closed"_s};
    QTest::newRow("unicode") << u"{{größe}}"_s << QStringList {u"größe"_s};
    QTest::newRow("json braces") << u"{\"a\": {\"b\": 1}} {{x}}"_s << QStringList {u"x"_s};
}

void TestPromptTemplate::findsPlaceholders()
{
    QFETCH(QString, text);
    QFETCH(QStringList, names);
    QCOMPARE(PromptTemplate::placeholders(text), names);
}

void TestPromptTemplate::renders_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rendered");
    QTest::newRow("plain") << u"no variables"_s << u"no variables"_s;
    QTest::newRow("filled") << u"Translate {{ text }} into {{language}}."_s << u"Translate Hallo into English."_s;
    QTest::newRow("escaped stays literal")
        << u"Use \\{{text}} in Jinja, here {{text}}"_s << u"Use {{text}} in Jinja, here Hallo"_s;
    QTest::newRow("value with braces is not re-expanded") << u"{{braces}}"_s << u"{{language}}"_s;
}

void TestPromptTemplate::renders()
{
    QFETCH(QString, text);
    QFETCH(QString, rendered);
    const QHash<QString, QString> values {{u"text"_s, u"Hallo"_s},
        {u"language"_s, u"English"_s},
        {u"braces"_s, u"{{language}}"_s}};
    QStringList missing {u"stale"_s};
    const auto result = PromptTemplate::render(text, values, &missing);
    QVERIFY(result.has_value());
    QCOMPARE(*result, rendered);
    QVERIFY(missing.isEmpty());
}

void TestPromptTemplate::undefinedVariablesAreAnError()
{
    QStringList missing;
    const auto result =
        PromptTemplate::render(u"{{a}} {{b}} {{a}} {{c}}"_s, QHash<QString, QString> {{u"b"_s, u"2"_s}}, &missing);
    QVERIFY(!result.has_value());
    QCOMPARE(missing, (QStringList {u"a"_s, u"c"_s}));
    // An empty value is a value.
    QVERIFY(PromptTemplate::render(u"[{{a}}]"_s, {{u"a"_s, QString()}}).has_value());
}

void TestPromptTemplate::diffsVersionsLineByLine()
{
    using Change = TextDiff::Line::Change;
    const QList<TextDiff::Line> diff = TextDiff::lines(u"one\ntwo\nthree\nfour"_s, u"one\n2\nthree\nfour\nfive"_s);
    const QList<TextDiff::Line> expected {
        {Change::Same, u"one"_s},
        {Change::Removed, u"two"_s},
        {Change::Added, u"2"_s},
        {Change::Same, u"three"_s},
        {Change::Same, u"four"_s},
        {Change::Added, u"five"_s},
    };
    QCOMPARE(diff, expected);
    QCOMPARE(TextDiff::unified(u"a\nb"_s, u"a\nc"_s), u"  a\n- b\n+ c\n"_s);
    QCOMPARE(TextDiff::lines(u"same"_s, u"same"_s), (QList<TextDiff::Line> {{Change::Same, u"same"_s}}));
    const auto moved = TextDiff::lines(u"x\ny\nz"_s, u"z\nx\ny"_s);
    QCOMPARE(moved.size(), 4);
}

QTEST_GUILESS_MAIN(TestPromptTemplate)
#include "tst_prompttemplate.moc"
