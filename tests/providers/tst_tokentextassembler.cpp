// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/tokentextassembler.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;

class TestTokenTextAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void releasesWholeCharacters_data();
    void releasesWholeCharacters();
    void stopStringsAcrossPieces_data();
    void stopStringsAcrossPieces();
    void invalidBytesDoNotStall();
};

void TestTokenTextAssembler::releasesWholeCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << u"plain words"_s;
    QTest::newRow("two-byte") << u"Жук café"_s;
    QTest::newRow("three-byte") << u"中文 €"_s;
    QTest::newRow("four-byte") << u"a🙂b🙂"_s;
}

// Every way of cutting the bytes into pieces of one to three bytes releases only whole
// characters, and all of them together are the text.
void TestTokenTextAssembler::releasesWholeCharacters()
{
    QFETCH(QString, text);
    const QByteArray bytes = text.toUtf8();
    for (int step = 1; step <= 3; ++step) {
        for (int offset = 0; offset < step; ++offset) {
            TokenTextAssembler assembler;
            QString released;
            qsizetype at = 0;
            for (qsizetype size = offset ? offset : step; at < bytes.size(); at += size, size = step) {
                const QString piece =
                    assembler.append(QByteArrayView(bytes).sliced(at, std::min(size, bytes.size() - at)));
                QVERIFY2(!piece.contains(QChar::ReplacementCharacter), qPrintable(piece));
                released += piece;
            }
            released += assembler.finish();
            QCOMPARE(released, text);
            QCOMPARE(assembler.text(), text);
        }
    }
}

void TestTokenTextAssembler::stopStringsAcrossPieces_data()
{
    QTest::addColumn<QStringList>("pieces");
    QTest::addColumn<QStringList>("stops");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("stopped");

    QTest::newRow("inside one piece") << QStringList {u"hello STOP there"_s} << QStringList {u"STOP"_s} << u"hello "_s
                                      << true;
    QTest::newRow("across pieces") << QStringList {u"hello ST"_s, u"O"_s, u"P there"_s} << QStringList {u"STOP"_s}
                                   << u"hello "_s << true;
    QTest::newRow("a prefix that was not")
        << QStringList {u"a ST"_s, u"ART b"_s} << QStringList {u"STOP"_s} << u"a START b"_s << false;
    QTest::newRow("held prefix at the end")
        << QStringList {u"end ST"_s} << QStringList {u"STOP"_s} << u"end ST"_s << false;
    QTest::newRow("earliest of two") << QStringList {u"x <|end|> y ###"_s} << QStringList {u"###"_s, u"<|end|>"_s}
                                     << u"x "_s << true;
    QTest::newRow("multibyte stop") << QStringList {u"ab€"_s, u"cd"_s} << QStringList {u"€c"_s} << u"ab"_s << true;
    QTest::newRow("stop at the start") << QStringList {u"\n\nUser:"_s} << QStringList {u"\n\n"_s} << QString() << true;
}

void TestTokenTextAssembler::stopStringsAcrossPieces()
{
    QFETCH(QStringList, pieces);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    QFETCH(bool, stopped);
    TokenTextAssembler assembler(stops);
    QString released;
    for (const QString &piece : std::as_const(pieces)) {
        const QString part = assembler.append(piece.toUtf8());
        for (const QString &stop : std::as_const(stops)) {
            QVERIFY2(!(released + part).contains(stop), "a stop string was shown");
        }
        released += part;
    }
    QCOMPARE(assembler.isStopped(), stopped);
    if (!stopped) {
        released += assembler.finish();
    }
    QCOMPARE(released, expected);
    QCOMPARE(assembler.text(), expected);
}

void TestTokenTextAssembler::invalidBytesDoNotStall()
{
    TokenTextAssembler assembler;
    // A lead byte whose continuation never comes is released once the next piece shows it.
    QCOMPARE(assembler.append("\xe4"), QString());
    const QString next = assembler.append("ab");
    QCOMPARE(next, QString(QChar::ReplacementCharacter) + u"ab"_s);
    // A stray continuation byte is released at once.
    QCOMPARE(assembler.append("\x80"), QString(QChar::ReplacementCharacter));
}

QTEST_GUILESS_MAIN(TestTokenTextAssembler)
#include "tst_tokentextassembler.moc"
