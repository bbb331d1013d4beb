// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QLatin1StringView>
#include <QString>

#include <cstring>
#include <optional>
#include <vector>

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
        /** A string holding an escape sequence. */
        bool escaped = false;

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

        bool keyIs(QLatin1StringView name) const
        {
            if (keyHasEscapes) {
                return escapedKeyIs(name);
            }
            return rawKey.size() == name.size() && std::memcmp(rawKey.data(), name.data(), size_t(name.size())) == 0;
        }

    private:
        bool escapedKeyIs(QLatin1StringView name) const;
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
        bool escaped = false;
        int next = 0;
    };

    /** The members of an object value this scanner validated, in order. */
    class ObjectReader
    {
    public:
        ObjectReader(const JsonScanner &scanner, const Value &object)
            : m_scanner(scanner)
            , m_next(object.token + 1)
            , m_end(scanner.m_tape[size_t(object.token)].next)
        { }

        bool next(Member *member)
        {
            if (m_next >= m_end) {
                return false;
            }
            const Token &key = m_scanner.m_tape[size_t(m_next)];
            member->rawKey = QByteArrayView(key.start + 1, key.end - key.start - 2);
            member->keyHasEscapes = key.escaped;
            member->value = m_scanner.value(m_next + 1);
            m_next = m_scanner.m_tape[size_t(m_next + 1)].next;
            return true;
        }

    private:
        const JsonScanner &m_scanner;
        int m_next;
        int m_end;
    };

    /** The elements of an array value this scanner validated, in order. */
    class ArrayReader
    {
    public:
        ArrayReader(const JsonScanner &scanner, const Value &array)
            : m_scanner(scanner)
            , m_next(array.token + 1)
            , m_end(scanner.m_tape[size_t(array.token)].next)
        { }

        bool next(Value *element)
        {
            if (m_next >= m_end) {
                return false;
            }
            *element = m_scanner.value(m_next);
            m_next = m_scanner.m_tape[size_t(m_next)].next;
            return true;
        }

    private:
        const JsonScanner &m_scanner;
        int m_next;
        int m_end;
    };

private:
    Token &push(const char *start, Type type)
    {
        if (m_tokens == int(m_tape.size())) {
            growTape();
        }
        Token &token = m_tape[size_t(m_tokens)];
        token.start = start;
        token.type = type;
        token.escaped = false;
        token.next = ++m_tokens;
        return token;
    }
    void growTape();
    const char *validate(const char *p, const char *end);
    Value value(int token) const
    {
        const Token &at = m_tape[size_t(token)];
        return {QByteArrayView(at.start, at.end - at.start), at.type, token, at.escaped};
    }

    /** The tape: its first m_tokens entries; it keeps its size from event to event. */
    std::vector<Token> m_tape;
    int m_tokens = 0;
};

} // namespace Juxta::Providers
