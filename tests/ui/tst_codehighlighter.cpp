// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/codehighlighter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::Ui::CodeHighlighter;

class TestCodeHighlighter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void definitionForFence_data();
    void definitionForFence();
    void answersRepeatedTagsTheSame();
};

void TestCodeHighlighter::definitionForFence_data()
{
    QTest::addColumn<QString>("info");
    QTest::addColumn<QString>("definition");

    QTest::newRow("cpp") << u"cpp"_s << u"C++"_s;
    QTest::newRow("C++ by name") << u"C++"_s << u"C++"_s;
    QTest::newRow("c++ alias") << u"c++"_s << u"C++"_s;
    QTest::newRow("header extension") << u"hpp"_s << u"C++"_s;
    QTest::newRow("info after the tag") << u"cpp title=\"main.cpp\""_s << u"C++"_s;
    QTest::newRow("leading space") << u"  cpp"_s << u"C++"_s;
    QTest::newRow("python") << u"python"_s << u"Python"_s;
    QTest::newRow("py") << u"py"_s << u"Python"_s;
    QTest::newRow("sh") << u"sh"_s << u"Bash"_s;
    QTest::newRow("shell alias") << u"shell"_s << u"Bash"_s;
    QTest::newRow("js") << u"js"_s << u"JavaScript"_s;
    QTest::newRow("ts") << u"ts"_s << u"TypeScript"_s;
    QTest::newRow("json") << u"json"_s << u"JSON"_s;
    QTest::newRow("yml") << u"yml"_s << u"YAML"_s;
    QTest::newRow("rust") << u"rust"_s << u"Rust"_s;
    QTest::newRow("rs") << u"rs"_s << u"Rust"_s;
    QTest::newRow("golang alias") << u"golang"_s << u"Go"_s;
    QTest::newRow("sql") << u"sql"_s << u"SQL"_s;
    QTest::newRow("no tag") << QString() << QString();
    QTest::newRow("plain text asked for") << u"text"_s << QString();
    QTest::newRow("unknown language") << u"no-such-language"_s << QString();
}

void TestCodeHighlighter::definitionForFence()
{
    QFETCH(QString, info);
    QFETCH(QString, definition);
    CodeHighlighter highlighter;
    QCOMPARE(highlighter.definitionForFence(info), definition);
}

void TestCodeHighlighter::answersRepeatedTagsTheSame()
{
    CodeHighlighter highlighter;
    QCOMPARE(highlighter.definitionForFence(u"CPP"_s), u"C++"_s);
    QCOMPARE(highlighter.definitionForFence(u"cpp"_s), u"C++"_s);
    QCOMPARE(highlighter.definitionForFence(u"nope"_s), QString());
    QCOMPARE(highlighter.definitionForFence(u"nope"_s), QString());
}

QTEST_GUILESS_MAIN(TestCodeHighlighter)
#include "tst_codehighlighter.moc"
