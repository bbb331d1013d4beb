// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/answerdiffview.h"
#include "ui/render/worddiff.h"

#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

using namespace Qt::StringLiterals;
using Juxta::Ui::AnswerDiffView;
using Juxta::Ui::WordDiff;

namespace {

// Removed text as [-…-], added as {+…+}.
QString describe(const QList<WordDiff::Segment> &segments)
{
    QString text;
    for (const auto &segment : segments) {
        switch (segment.change) {
        case WordDiff::Change::Same:
            text += segment.text;
            break;
        case WordDiff::Change::Removed:
            text += u"[-"_s + segment.text + u"-]"_s;
            break;
        case WordDiff::Change::Added:
            text += u"{+"_s + segment.text + u"+}"_s;
            break;
        }
    }
    return text;
}

QString side(const QList<WordDiff::Segment> &segments, WordDiff::Change skipped)
{
    QString text;
    for (const auto &segment : segments) {
        if (segment.change != skipped) {
            text += segment.text;
        }
    }
    return text;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compares_data();
    void compares();
    void tokenizes();
    void largeAnswersStayExact();
    void viewMarksBothSides();
};

void TestWordDiff::compares_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("diff");
    QTest::addColumn<int>("removedWords");
    QTest::addColumn<int>("addedWords");

    QTest::newRow("identical") << u"same text"_s << u"same text"_s << u"same text"_s << 0 << 0;
    QTest::newRow("word replaced") << u"the quick fox"_s << u"the slow fox"_s << u"the [-quick-]{+slow+} fox"_s << 1
                                   << 1;
    QTest::newRow("word added at the end") << u"a b"_s << u"a b c"_s << u"a b{+ c+}"_s << 0 << 1;
    QTest::newRow("word removed in the middle")
        << u"one two three"_s << u"one three"_s << u"one [-two -]three"_s << 1 << 0;
    QTest::newRow("punctuation is its own token")
        << u"Hello, world."_s << u"Hello world!"_s << u"Hello[-,-] world[-.-]{+!+}"_s << 0 << 0;
    QTest::newRow("whitespace runs match") << u"a  b\nc"_s << u"a b c"_s << u"a b c"_s << 0 << 0;
    QTest::newRow("empty before") << QString() << u"all new"_s << u"{+all new+}"_s << 0 << 2;
    QTest::newRow("empty after") << u"all gone"_s << QString() << u"[-all gone-]"_s << 2 << 0;
    QTest::newRow("lines") << u"line one\nline two\n"_s << u"line one\nline 2\n"_s << u"line one\nline [-two-]{+2+}\n"_s
                           << 1 << 1;
    QTest::newRow("accents") << u"naïve café"_s << u"naive café"_s << u"[-naïve-]{+naive+} café"_s << 1 << 1;
    QTest::newRow("code identifiers") << u"int max_size = 10;"_s << u"int max_len = 10;"_s
                                      << u"int [-max_size-]{+max_len+} = 10;"_s << 1 << 1;
    QTest::newRow("reordered sentence") << u"red green blue"_s << u"blue red green"_s
                                        << u"{+blue +}red green[- blue-]"_s << 1 << 1;
}

void TestWordDiff::compares()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, diff);
    QFETCH(int, removedWords);
    QFETCH(int, addedWords);
    const auto segments = WordDiff::compare(before, after);
    QCOMPARE(describe(segments), diff);
    QCOMPARE(WordDiff::countWords(segments), std::make_pair(removedWords, addedWords));
    QCOMPARE(side(segments, WordDiff::Change::Removed), after);
}

void TestWordDiff::tokenizes()
{
    QCOMPARE(WordDiff::tokenize(u"Hi,  there!\n"_s),
        (QStringList {u"Hi"_s, u","_s, u"  "_s, u"there"_s, u"!"_s, u"\n"_s}));
    QCOMPARE(WordDiff::tokenize(u"a->b"_s), (QStringList {u"a"_s, u"-"_s, u">"_s, u"b"_s}));
    QCOMPARE(WordDiff::tokenize(QString()), QStringList());
}

void TestWordDiff::largeAnswersStayExact()
{
    // Beyond what is compared word by word in one table: compared line by line first.
    QString before;
    QString after;
    for (int i = 0; i < 3000; ++i) {
        before += u"Line %1 says the same thing here.\n"_s.arg(i);
        after +=
            (i % 500 == 7 ? u"Line %1 says something else entirely.\n"_s : u"Line %1 says the same thing here.\n"_s)
                .arg(i);
    }
    const auto segments = WordDiff::compare(before, after);
    QCOMPARE(side(segments, WordDiff::Change::Removed), after);
    QCOMPARE(side(segments, WordDiff::Change::Added), before);
    QCOMPARE(WordDiff::countWords(segments), std::make_pair(6 * 4, 6 * 3));
}

void TestWordDiff::viewMarksBothSides()
{
    AnswerDiffView view;
    view.setTitles(u"gpt-4.1"_s, u"claude"_s);
    view.setAnswers(u"The quick brown fox."_s, u"The slow brown fox jumps."_s);
    view.show();
    QCOMPARE(view.textView()->toPlainText(), u"The quickslow brown fox jumps."_s);
    QCOMPARE(view.summary(), u"1 word only in the first, 2 words only in the second"_s);

    bool struck = false;
    bool addedMarked = false;
    for (auto it = view.textView()->document()->begin().begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        if (fragment.text() == u"quick"_s) {
            struck = fragment.charFormat().fontStrikeOut();
        }
        if (fragment.text() == u"slow"_s) {
            addedMarked =
                fragment.charFormat().background().style() != Qt::NoBrush && !fragment.charFormat().fontStrikeOut();
        }
    }
    QVERIFY(struck);
    QVERIFY(addedMarked);
}

QTEST_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
