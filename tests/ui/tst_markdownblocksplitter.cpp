// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/markdownblocksplitter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::Ui::MarkdownBlockSplitter;

namespace {

QString kindName(MarkdownBlockSplitter::Kind kind)
{
    switch (kind) {
    case MarkdownBlockSplitter::Kind::Paragraph:
        return u"Paragraph"_s;
    case MarkdownBlockSplitter::Kind::Heading:
        return u"Heading"_s;
    case MarkdownBlockSplitter::Kind::ThematicBreak:
        return u"Break"_s;
    case MarkdownBlockSplitter::Kind::ListItem:
        return u"ListItem"_s;
    case MarkdownBlockSplitter::Kind::Table:
        return u"Table"_s;
    case MarkdownBlockSplitter::Kind::Quote:
        return u"Quote"_s;
    case MarkdownBlockSplitter::Kind::Code:
        return u"Code"_s;
    }
    return {};
}

// "Kind: source" with line breaks written as ¶, code as "Code(info): lines".
QString describe(QStringView text, const MarkdownBlockSplitter::Block &block)
{
    if (block.kind == MarkdownBlockSplitter::Kind::Code) {
        return u"Code(%1): %2"_s.arg(block.info, MarkdownBlockSplitter::codeLines(text, block).join(u'¶'));
    }
    QString source = MarkdownBlockSplitter::markdownSource(text, block);
    source.replace(u"\r\n"_s, u"\n"_s).replace(u'\n', u'¶');
    return kindName(block.kind) + u": "_s + source;
}

QStringList describeClosed(QStringView text, const MarkdownBlockSplitter &splitter)
{
    QStringList result;
    for (const auto &block : splitter.closedBlocks()) {
        result.append(describe(text, block));
    }
    return result;
}

} // namespace

class TestMarkdownBlockSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splits_data();
    void splits();
    void anySplitOfTheTextGivesTheSameBlocks_data();
    void anySplitOfTheTextGivesTheSameBlocks();
    void updateCountsNewlyClosedBlocks();
};

void TestMarkdownBlockSplitter::splits_data()
{
    QTest::addColumn<QStringList>("deltas");
    QTest::addColumn<bool>("finish");
    QTest::addColumn<QStringList>("closed");
    QTest::addColumn<QString>("open");

    QTest::newRow("heading and paragraph")
        << QStringList {u"# Title\n\nHello **world**.\n\n"_s} << false
        << QStringList {u"Heading: # Title"_s, u"Paragraph: Hello **world**."_s} << QString();
    QTest::newRow("paragraph still open")
        << QStringList {u"One\nTwo"_s} << false << QStringList() << u"Paragraph: One¶Two"_s;
    QTest::newRow("heading waits for its line end")
        << QStringList {u"## Half"_s} << false << QStringList() << u"Paragraph: ## Half"_s;
    QTest::newRow("setext heading") << QStringList {u"Title\n===\nText\n"_s} << false
                                    << QStringList {u"Heading: Title¶==="_s} << u"Paragraph: Text"_s;
    QTest::newRow("paragraph interrupted by a heading")
        << QStringList {u"text\n# H\n"_s} << false << QStringList {u"Paragraph: text"_s, u"Heading: # H"_s}
        << QString();
    QTest::newRow("bullet list with a nested item")
        << QStringList {u"- a\n- b\n  - nested\n- c\n\nAfter\n"_s} << false
        << QStringList {u"ListItem: - a"_s, u"ListItem: - b¶  - nested"_s, u"ListItem: - c"_s} << u"Paragraph: After"_s;
    QTest::newRow("loose ordered list") << QStringList {u"1. one\n\n2. two\n\ntext\n"_s} << false
                                        << QStringList {u"ListItem: 1. one"_s, u"ListItem: 2. two"_s}
                                        << u"Paragraph: text"_s;
    QTest::newRow("list item with a continuation paragraph")
        << QStringList {u"- item\n\n  more of it\n\nafter\n"_s} << false
        << QStringList {u"ListItem: - item¶¶  more of it"_s} << u"Paragraph: after"_s;
    QTest::newRow("code fence in a list item")
        << QStringList {u"1. Install:\n   ```bash\n   pip install x\n   ```\n2. Run\n"_s} << false
        << QStringList {u"ListItem: 1. Install:"_s, u"Code(bash): pip install x"_s} << u"ListItem: 2. Run"_s;
    QTest::newRow("closed table") << QStringList {u"| a | b |\n|---|:-:|\n| 1 | 2 |\n\n"_s} << false
                                  << QStringList {u"Table: | a | b |¶|---|:-:|¶| 1 | 2 |"_s} << QString();
    QTest::newRow("open table") << QStringList {u"| a | b |\n"_s, u"|---|---|\n| 1 |"_s} << false << QStringList()
                                << u"Table: | a | b |¶|---|---|¶| 1 |"_s;
    QTest::newRow("table ended by text without pipes")
        << QStringList {u"a | b\n--|--\n1 | 2\nplain\n"_s} << false << QStringList {u"Table: a | b¶--|--¶1 | 2"_s}
        << u"Paragraph: plain"_s;
    QTest::newRow("fence closed across deltas") << QStringList {u"```cpp\nint"_s, u" x;\n"_s, u"```\n"_s} << false
                                                << QStringList {u"Code(cpp): int x;"_s} << QString();
    QTest::newRow("fence still open") << QStringList {u"```python\n"_s, u"print(1)\n"_s, u"x = "_s} << false
                                      << QStringList() << u"Code(python): print(1)¶x = "_s;
    QTest::newRow("fence split mid-delta")
        << QStringList {u"Intro\n\n``"_s, u"`js\nlet a"_s, u" = 1;\n`"_s, u"``\nDone\n"_s} << false
        << QStringList {u"Paragraph: Intro"_s, u"Code(js): let a = 1;"_s} << u"Paragraph: Done"_s;
    QTest::newRow("fence opening not yet complete")
        << QStringList {u"```ru"_s} << false << QStringList() << u"Paragraph: ```ru"_s;
    QTest::newRow("blank lines inside code")
        << QStringList {u"```\na\n\n\nb\n```\n"_s} << false << QStringList {u"Code(): a¶¶¶b"_s} << QString();
    QTest::newRow("tilde fence holds backticks")
        << QStringList {u"~~~\n```\n~~~\n"_s} << false << QStringList {u"Code(): ```"_s} << QString();
    QTest::newRow("longer fence holds a shorter one") << QStringList {u"````md\n```\ninner\n```\n````\n"_s} << false
                                                      << QStringList {u"Code(md): ```¶inner¶```"_s} << QString();
    QTest::newRow("info string after the language") << QStringList {u"``` cpp title=\"a.cpp\"\nx\n```\n"_s} << false
                                                    << QStringList {u"Code(cpp title=\"a.cpp\"): x"_s} << QString();
    QTest::newRow("CRLF line ends") << QStringList {u"# T\r\n\r\nPara\r\n\r\n```sh\r\nls\r\n```\r\n"_s} << false
                                    << QStringList {u"Heading: # T"_s, u"Paragraph: Para"_s, u"Code(sh): ls"_s}
                                    << QString();
    QTest::newRow("thematic break") << QStringList {u"a\n\n---\n\nb\n"_s} << false
                                    << QStringList {u"Paragraph: a"_s, u"Break: ---"_s} << u"Paragraph: b"_s;
    QTest::newRow("quote with lazy continuation")
        << QStringList {u"> quoted\n> more\nlazy\n\nx"_s} << false << QStringList {u"Quote: > quoted¶> more¶lazy"_s}
        << u"Paragraph: x"_s;
    QTest::newRow("finish closes the open fence") << QStringList {u"text\n```\ncode"_s} << true
                                                  << QStringList {u"Paragraph: text"_s, u"Code(): code"_s} << QString();
    QTest::newRow("finish closes a paragraph without a line end")
        << QStringList {u"last words"_s} << true << QStringList {u"Paragraph: last words"_s} << QString();
}

void TestMarkdownBlockSplitter::splits()
{
    QFETCH(QStringList, deltas);
    QFETCH(bool, finish);
    QFETCH(QStringList, closed);
    QFETCH(QString, open);

    MarkdownBlockSplitter splitter;
    QString text;
    for (const QString &delta : std::as_const(deltas)) {
        text += delta;
        splitter.update(text);
    }
    if (finish) {
        splitter.finish(text);
    }
    QCOMPARE(describeClosed(text, splitter), closed);
    const auto openBlock = splitter.openBlock(text);
    QCOMPARE(openBlock.end > openBlock.start ? describe(text, openBlock) : QString(), open);
}

void TestMarkdownBlockSplitter::anySplitOfTheTextGivesTheSameBlocks_data()
{
    QTest::addColumn<int>("pieceLength");
    for (const int length : {1, 2, 3, 5, 7, 16, 64}) {
        QTest::addRow("pieces of %d", length) << length;
    }
}

void TestMarkdownBlockSplitter::anySplitOfTheTextGivesTheSameBlocks()
{
    QFETCH(int, pieceLength);
    const QString text = u"# Plan\n\nSome *text* with `code`.\n\n1. First\n   ```cpp\n   int main() {}\n   ```\n"
                         "2. Second\n   - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n~~~\n```\n~~~\n"
                         "Title\n---\n\nEnd without newline"_s;
    MarkdownBlockSplitter whole;
    whole.finish(text);

    MarkdownBlockSplitter pieces;
    QList<MarkdownBlockSplitter::Block> seen;
    for (qsizetype at = 0; at < text.size(); at += pieceLength) {
        const QString sofar = text.left(at + pieceLength);
        pieces.update(sofar);
        // Closed blocks never change once closed.
        QCOMPARE(pieces.closedBlocks().mid(0, seen.size()), seen);
        seen = pieces.closedBlocks();
    }
    pieces.finish(text);
    QCOMPARE(describeClosed(text, pieces), describeClosed(text, whole));
    QCOMPARE(pieces.closedBlocks(), whole.closedBlocks());
    QCOMPARE(whole.closedBlocks().size(), 10);
}

void TestMarkdownBlockSplitter::updateCountsNewlyClosedBlocks()
{
    MarkdownBlockSplitter splitter;
    QCOMPARE(splitter.update(u"# A\n"_s), 1);
    QCOMPARE(splitter.update(u"# A\nb\n"_s), 0);
    QCOMPARE(splitter.update(u"# A\nb\n\n# C\n# D\n"_s), 3);
    QCOMPARE(splitter.finish(u"# A\nb\n\n# C\n# D\n"_s), 0);
}

QTEST_GUILESS_MAIN(TestMarkdownBlockSplitter)
#include "tst_markdownblocksplitter.moc"
