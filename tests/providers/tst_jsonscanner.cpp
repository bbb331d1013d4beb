// SPDX-License-Identifier: GPL-3.0-or-later
// The in-place JSON reader: what it accepts and rejects, how it decodes strings, how it walks.
#include "providers/streaming/jsonscanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::Providers::JsonScanner;

class TestJsonScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validates_data();
    void validates();
    void decodesStringsAsQtDoes_data();
    void decodesStringsAsQtDoes();
    void walksObjectsAndArrays();
    void readsIntegers_data();
    void readsIntegers();
    void boundsNesting();
};

void TestJsonScanner::validates_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    const auto row = [](const char *json, bool valid) {
        QTest::newRow(json) << QByteArray(json) << valid;
    };
    row(R"({})", true);
    row(R"(  {"a":1}  )", true);
    row(R"({"a":[1,-2,3.5,-0.25e-3,1E+9,0],"b":{"c":null,"d":true,"e":false},"f":"x"})", true);
    row(R"({"s":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE42"})", true);
    row(R"({"a":[[[[]]]],"b":[{},{}]})", true);
    row("{\"utf8\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x99\x82\"}", true);
    row(R"([])", false); // an array, not an object
    row(R"("text")", false);
    row(R"()", false);
    row(R"({)", false);
    row(R"({"a":1)", false);
    row(R"({"a":1,})", false);
    row(R"({"a" 1})", false);
    row(R"({a:1})", false);
    row(R"({"a":01})", false);
    row(R"({"a":1.})", false);
    row(R"({"a":.5})", false);
    row(R"({"a":-})", false);
    row(R"({"a":1e})", false);
    row(R"({"a":+1})", false);
    row(R"({"a":tru})", false);
    row(R"({"a":nul})", false);
    row(R"({"a":"\x"})", false);
    row(R"({"a":"\u12G4"})", false);
    row(R"({"a":"unterminated})", false);
    row("{\"a\":\"control\x01char\"}", false);
    row("{\"a\":\"bad \xC3\x28 utf8\"}", false);
    row("{\"a\":\"overlong \xC0\xAF\"}", false);
    row("{\"a\":\"surrogate \xED\xA0\x80 in utf8\"}", false);
    row("{\"a\":\"cut \xE2\x82\"}", false);
    row(R"({"a":1} {"b":2})", false);
    row(R"({"a":[1,2})", false);
    row(R"({"a":[1 2]})", false);
    // What a string cannot hold is found wherever it sits in a longer string.
    for (int at = 0; at < 20; ++at) {
        const auto withAt = [at](QByteArrayView inner) {
            QByteArray text(24, 'x');
            text.replace(at, 1, inner.toByteArray());
            return "{\"s\":\"" + text + "\"}";
        };
        const auto tagged = [at](const char *what) {
            return QByteArray(what) + " at " + QByteArray::number(at);
        };
        QTest::newRow(tagged("control")) << withAt("\x1f") << false;
        QTest::newRow(tagged("bad utf-8")) << withAt("\xC3(") << false;
        QTest::newRow(tagged("bad escape")) << withAt("\\q") << false;
        QTest::newRow(tagged("escaped quote")) << withAt("\\\"") << true;
        QTest::newRow(tagged("utf-8")) << withAt("\xC3\xA9") << true;
        QTest::newRow(tagged("delete")) << withAt("\x7f") << true;
        QTest::newRow(tagged("unterminated")) << QByteArray("{\"s\":\"" + QByteArray(at + 1, 'x') + "}") << false;
    }
}

void TestJsonScanner::validates()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    JsonScanner scanner;
    QCOMPARE(scanner.object(json).has_value(), valid);
    if (valid) {
        // Qt's own parser agrees on everything this scanner accepts.
        QVERIFY(QJsonDocument::fromJson(json).isObject());
    }
}

void TestJsonScanner::decodesStringsAsQtDoes_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::newRow("plain") << QByteArray(R"("hello")");
    QTest::newRow("empty") << QByteArray(R"("")");
    QTest::newRow("escapes") << QByteArray(R"("a\"b\\c\/d\be\ff\ng\rh\ti")");
    QTest::newRow("bmp escape") << QByteArray(R"("caf\u00e9 \u20AC")");
    QTest::newRow("surrogate pair") << QByteArray(R"("smile \uD83D\uDE42!")");
    QTest::newRow("raw utf-8") << QByteArray("\"wörld 🙂 中文\"");
    QTest::newRow("escape at the end") << QByteArray(R"("end\n")");
}

void TestJsonScanner::decodesStringsAsQtDoes()
{
    QFETCH(QByteArray, literal);
    const QByteArray json = "{\"k\":" + literal + "}";
    JsonScanner scanner;
    const auto object = scanner.object(json);
    QVERIFY(object);
    JsonScanner::ObjectReader reader(scanner, *object);
    JsonScanner::Member member;
    QVERIFY(reader.next(&member));
    QVERIFY(member.keyIs("k"_L1));
    QCOMPARE(member.value.type, JsonScanner::Type::String);
    QCOMPARE(member.value.toString().value_or(u"<not a string>"_s),
        QJsonDocument::fromJson(json).object().value("k"_L1).toString());
    QVERIFY(!reader.next(&member));
}

void TestJsonScanner::walksObjectsAndArrays()
{
    const QByteArray json =
        R"({"id":"x1","n":-12,"list":[{"a":[1,2]},"two",null,[3]],"obj":{"in\"ner":{"deep":true}},"last":0.5})";
    JsonScanner scanner;
    const auto object = scanner.object(json);
    QVERIFY(object);
    JsonScanner::ObjectReader members(scanner, *object);
    JsonScanner::Member member;
    QStringList keys;
    while (members.next(&member)) {
        keys.append(QString::fromUtf8(member.rawKey));
        if (member.keyIs("n"_L1)) {
            QCOMPARE(member.value.toInteger(), std::optional<qint64>(-12));
        } else if (member.keyIs("list"_L1)) {
            QCOMPARE(member.value.type, JsonScanner::Type::Array);
            JsonScanner::ArrayReader elements(scanner, member.value);
            JsonScanner::Value element;
            QStringList texts;
            while (elements.next(&element)) {
                texts.append(QString::fromUtf8(element.text));
            }
            QCOMPARE(texts, (QStringList {uR"({"a":[1,2]})"_s, uR"("two")"_s, u"null"_s, u"[3]"_s}));
        } else if (member.keyIs("obj"_L1)) {
            JsonScanner::ObjectReader inner(scanner, member.value);
            JsonScanner::Member innerMember;
            QVERIFY(inner.next(&innerMember));
            QVERIFY(innerMember.keyIs("in\"ner"_L1)); // an escaped key compares decoded
            QCOMPARE(innerMember.value.text, R"({"deep":true})");
            QVERIFY(!inner.next(&innerMember));
        } else if (member.keyIs("last"_L1)) {
            QVERIFY(!member.value.toInteger()); // a fraction is not an integer
            QCOMPARE(member.value.text, "0.5");
        }
    }
    QCOMPARE(keys, (QStringList {u"id"_s, u"n"_s, u"list"_s, u"obj"_s, u"last"_s}));
}

void TestJsonScanner::readsIntegers_data()
{
    QTest::addColumn<QByteArray>("number");
    QTest::addColumn<bool>("integer");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
    QTest::newRow("negative") << QByteArray("-7") << true << qint64(-7);
    QTest::newRow("18 digits") << QByteArray("123456789012345678") << true << qint64(123456789012345678);
    QTest::newRow("19 digits") << QByteArray("9223372036854775807") << true << qint64(9223372036854775807);
    QTest::newRow("most negative") << QByteArray("-9223372036854775808") << true << qint64(-9223372036854775807 - 1);
    QTest::newRow("too large") << QByteArray("9223372036854775808") << false << qint64(0);
    QTest::newRow("fraction") << QByteArray("1.0") << false << qint64(0);
    QTest::newRow("exponent") << QByteArray("1e3") << false << qint64(0);
}

void TestJsonScanner::readsIntegers()
{
    QFETCH(QByteArray, number);
    QFETCH(bool, integer);
    QFETCH(qint64, expected);
    JsonScanner scanner;
    const auto object = scanner.object("{\"n\":" + number + "}");
    QVERIFY(object);
    JsonScanner::Member member;
    JsonScanner::ObjectReader members(scanner, *object);
    QVERIFY(members.next(&member));
    QCOMPARE(member.value.toInteger().has_value(), integer);
    if (integer) {
        QCOMPARE(*member.value.toInteger(), expected);
    }
}

void TestJsonScanner::boundsNesting()
{
    // Hostile input must not exhaust the stack: deep nesting is refused, not recursed into.
    const QByteArray deep = "{\"a\":" + QByteArray(100000, '[') + QByteArray(100000, ']') + "}";
    JsonScanner scanner;
    QVERIFY(!scanner.object(deep));
    const QByteArray fine = "{\"a\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}";
    QVERIFY(scanner.object(fine));
}

QTEST_GUILESS_MAIN(TestJsonScanner)
#include "tst_jsonscanner.moc"
