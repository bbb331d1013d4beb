// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <QString>
#include <QVarLengthArray>

#include <optional>

namespace Juxta::Providers {

/**
 * Reads JSON text in place, without building a document.
 *
 * A streamed answer is tens of thousands of small JSON events, each holding a few words of text.
 * Building a QJsonDocument for each and looking its keys up one by one cost more than everything
 * else on the receiving path together; a decoder that knows the shape it expects validates the
 * event once with object(), walks it with ObjectReader and ArrayReader, and decodes only the
 * strings it wants. Anything unusual can still be parsed as a QJsonDocument from the value's span.
 * Validation notes where every key and value starts and ends (a tape, as simdjson calls it), so
 * walking never reads a byte twice.
 *
 * Validation follows RFC 8259: strict numbers and literals, no control characters in strings,
 * valid escapes, well-formed UTF-8, and nesting bounded so that hostile input cannot exhaust the
 * stack.
 */
class JsonScanner
{
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    /** One value: its exact text (quotes and brackets included) and its type. */
    struct Value
    {
        QByteArrayView text;
        Type type = Type::Null;
        /** Its place on the scanner's tape; -1 for a value the scanner did not produce. */
        int token = -1;

        bool isNull() const { return type == Type::Null; }
        /** The decoded string; nothing for a value that is not a string. */
        std::optional<QString> toString() const;
        /** The integer a number holds; nothing for any other value or a fraction. */
        std::optional<qint64> toInteger() const;
    };

    struct Member
    {
        /** The key as written between its quotes, escapes not decoded. */
        QByteArrayView rawKey;
        bool keyHasEscapes = false;
        Value value;

        bool keyIs(QLatin1StringView name) const;
    };

    /**
     * @p json as an object value if it is exactly one valid JSON object (white space around it
     * aside). The value and everything read from it stay valid while @p json and this scanner
     * do, until the next call.
     */
    std::optional<Value> object(QByteArrayView json);

    /** A key or value as validation found it; @c next is the tape index after all it contains. */
    struct Token
    {
        const char *start = nullptr;
        const char *end = nullptr;
        Type type = Type::Null;
        int next = 0;
    };

    /** The members of an object value this scanner validated, in order. */
    class ObjectReader
    {
    public:
        ObjectReader(const JsonScanner &scanner, const Value &object);
        bool next(Member *member);

    private:
        const JsonScanner &m_scanner;
        int m_next;
        int m_end;
    };

    /** The elements of an array value this scanner validated, in order. */
    class ArrayReader
    {
    public:
        ArrayReader(const JsonScanner &scanner, const Value &array);
        bool next(Value *element);

    private:
        const JsonScanner &m_scanner;
        int m_next;
        int m_end;
    };

private:
    Value value(int token) const;

    QVarLengthArray<Token, 32> m_tape;
};

} // namespace Juxta::Providers
