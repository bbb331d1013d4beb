// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/jsonscanner.h"

#include <array>
#include <cstring>

namespace Juxta::Providers {

namespace {

// Deeper than any provider's event; deep enough that the bound never rejects real data.
constexpr int MaxDepth = 256;

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

const char *skipSpace(const char *p, const char *end)
{
    while (p < end && isSpace(*p)) {
        ++p;
    }
    return p;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/** Past one UTF-8 sequence starting at a byte ≥ 0x80, or nullptr if it is not well formed. */
const char *skipUtf8(const char *p, const char *end)
{
    const auto byte = [](const char *at) {
        return static_cast<unsigned char>(*at);
    };
    const unsigned char lead = byte(p);
    int length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        high = lead == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF; // nothing beyond U+10FFFF
    } else {
        return nullptr;
    }
    if (end - p < length || byte(p + 1) < low || byte(p + 1) > high) {
        return nullptr;
    }
    for (int i = 2; i < length; ++i) {
        if ((byte(p + i) & 0xC0) != 0x80) {
            return nullptr;
        }
    }
    return p + length;
}

// Bytes a string's contents cannot simply pass over: the closing quote, an escape, a control
// character, or the start of a multibyte sequence.
constexpr auto SpecialInString = [] {
    std::array<bool, 256> table {};
    for (int c = 0; c < 256; ++c) {
        table[size_t(c)] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
    }
    return table;
}();

/** Past the closing quote of the string whose opening quote is at @p p, or nullptr. */
const char *validateString(const char *p, const char *end)
{
    ++p;
    while (p < end) {
        while (p < end && !SpecialInString[static_cast<unsigned char>(*p)]) {
            ++p;
        }
        if (p == end) {
            return nullptr;
        }
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            return p + 1;
        }
        if (c == '\\') {
            if (++p == end) {
                return nullptr;
            }
            switch (*p) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                ++p;
                break;
            case 'u':
                if (end - p < 5) {
                    return nullptr;
                }
                for (int i = 1; i <= 4; ++i) {
                    if (hexValue(p[i]) < 0) {
                        return nullptr;
                    }
                }
                p += 5;
                break;
            default:
                return nullptr;
            }
        } else if (c < 0x20) {
            return nullptr;
        } else if (!(p = skipUtf8(p, end))) {
            return nullptr;
        }
    }
    return nullptr;
}

const char *validateNumber(const char *p, const char *end)
{
    if (p < end && *p == '-') {
        ++p;
    }
    if (p == end) {
        return nullptr;
    }
    if (*p == '0') {
        ++p;
    } else if (isDigit(*p)) {
        while (p < end && isDigit(*p)) {
            ++p;
        }
    } else {
        return nullptr;
    }
    if (p < end && *p == '.') {
        ++p;
        if (p == end || !isDigit(*p)) {
            return nullptr;
        }
        while (p < end && isDigit(*p)) {
            ++p;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-')) {
            ++p;
        }
        if (p == end || !isDigit(*p)) {
            return nullptr;
        }
        while (p < end && isDigit(*p)) {
            ++p;
        }
    }
    return p;
}

const char *validateLiteral(const char *p, const char *end, const char *literal)
{
    const auto length = qsizetype(std::strlen(literal));
    if (end - p < length || std::memcmp(p, literal, size_t(length)) != 0) {
        return nullptr;
    }
    return p + length;
}

using Tape = QVarLengthArray<JsonScanner::Token, 32>;

const char *validateValue(const char *p, const char *end, int depth, Tape &tape);

const char *validateContainer(const char *p, const char *end, int depth, Tape &tape)
{
    if (depth > MaxDepth) {
        return nullptr;
    }
    const bool object = *p == '{';
    const char close = object ? '}' : ']';
    p = skipSpace(p + 1, end);
    if (p < end && *p == close) {
        return p + 1;
    }
    while (p < end) {
        if (object) {
            const char *key = p;
            if (*p != '"' || !(p = validateString(p, end))) {
                return nullptr;
            }
            tape.append({key, p, JsonScanner::Type::String, int(tape.size()) + 1});
            p = skipSpace(p, end);
            if (p == end || *p != ':') {
                return nullptr;
            }
            p = skipSpace(p + 1, end);
        }
        if (!(p = validateValue(p, end, depth + 1, tape))) {
            return nullptr;
        }
        p = skipSpace(p, end);
        if (p == end) {
            return nullptr;
        }
        if (*p == close) {
            return p + 1;
        }
        if (*p != ',') {
            return nullptr;
        }
        p = skipSpace(p + 1, end);
    }
    return nullptr;
}

const char *validateValue(const char *p, const char *end, int depth, Tape &tape)
{
    if (p == end) {
        return nullptr;
    }
    const qsizetype index = tape.size();
    tape.append({p, nullptr, JsonScanner::Type::Null, 0});
    JsonScanner::Type type = JsonScanner::Type::Number;
    const char *valueEnd = nullptr;
    switch (*p) {
    case '{':
        type = JsonScanner::Type::Object;
        valueEnd = validateContainer(p, end, depth, tape);
        break;
    case '[':
        type = JsonScanner::Type::Array;
        valueEnd = validateContainer(p, end, depth, tape);
        break;
    case '"':
        type = JsonScanner::Type::String;
        valueEnd = validateString(p, end);
        break;
    case 't':
        type = JsonScanner::Type::Bool;
        valueEnd = validateLiteral(p, end, "true");
        break;
    case 'f':
        type = JsonScanner::Type::Bool;
        valueEnd = validateLiteral(p, end, "false");
        break;
    case 'n':
        type = JsonScanner::Type::Null;
        valueEnd = validateLiteral(p, end, "null");
        break;
    default:
        valueEnd = validateNumber(p, end);
        break;
    }
    if (valueEnd) {
        JsonScanner::Token &token = tape[index];
        token.end = valueEnd;
        token.type = type;
        token.next = int(tape.size());
    }
    return valueEnd;
}

/** The text a validated string's contents (quotes removed) stand for. */
QString unescape(QByteArrayView inner)
{
    QString out;
    out.reserve(inner.size());
    const char *p = inner.data();
    const char *end = p + inner.size();
    while (p < end) {
        if (*p != '\\') {
            const char *run = p;
            while (p < end && *p != '\\') {
                ++p;
            }
            out.append(QUtf8StringView(run, p - run));
            continue;
        }
        ++p;
        switch (*p) {
        case 'b':
            out += u'\b';
            break;
        case 'f':
            out += u'\f';
            break;
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u':
            // UTF-16 units as written: a surrogate pair becomes one character, and a lone
            // surrogate stays what it is, as QJsonDocument keeps it.
            out += QChar(char16_t(hexValue(p[1]) << 12 | hexValue(p[2]) << 8 | hexValue(p[3]) << 4 | hexValue(p[4])));
            p += 4;
            break;
        default: // '"', '\\' and '/' stand for themselves
            out += QLatin1Char(*p);
            break;
        }
        ++p;
    }
    return out;
}

} // namespace

std::optional<JsonScanner::Value> JsonScanner::object(QByteArrayView json)
{
    m_tape.clear();
    const char *end = json.data() + json.size();
    const char *start = skipSpace(json.data(), end);
    if (start == end || *start != '{') {
        return std::nullopt;
    }
    const char *objectEnd = validateValue(start, end, 1, m_tape);
    if (!objectEnd || skipSpace(objectEnd, end) != end) {
        return std::nullopt;
    }
    return value(0);
}

JsonScanner::Value JsonScanner::value(int token) const
{
    const Token &at = m_tape.at(token);
    return {QByteArrayView(at.start, at.end - at.start), at.type, token};
}

std::optional<QString> JsonScanner::Value::toString() const
{
    if (type != Type::String) {
        return std::nullopt;
    }
    const QByteArrayView inner = text.sliced(1, text.size() - 2);
    if (!inner.contains('\\')) {
        return QString::fromUtf8(inner);
    }
    return unescape(inner);
}

std::optional<qint64> JsonScanner::Value::toInteger() const
{
    if (type != Type::Number) {
        return std::nullopt;
    }
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(number) : std::nullopt;
}

bool JsonScanner::Member::keyIs(QLatin1StringView name) const
{
    if (!keyHasEscapes) {
        return rawKey.size() == name.size() && std::memcmp(rawKey.data(), name.data(), size_t(name.size())) == 0;
    }
    return unescape(rawKey) == name;
}

JsonScanner::ObjectReader::ObjectReader(const JsonScanner &scanner, const Value &object)
    : m_scanner(scanner)
    , m_next(object.token + 1)
    , m_end(scanner.m_tape.at(object.token).next)
{ }

bool JsonScanner::ObjectReader::next(Member *member)
{
    if (m_next >= m_end) {
        return false;
    }
    const Token &key = m_scanner.m_tape.at(m_next);
    member->rawKey = QByteArrayView(key.start + 1, key.end - key.start - 2);
    member->keyHasEscapes = member->rawKey.contains('\\');
    member->value = m_scanner.value(m_next + 1);
    m_next = m_scanner.m_tape.at(m_next + 1).next;
    return true;
}

JsonScanner::ArrayReader::ArrayReader(const JsonScanner &scanner, const Value &array)
    : m_scanner(scanner)
    , m_next(array.token + 1)
    , m_end(scanner.m_tape.at(array.token).next)
{ }

bool JsonScanner::ArrayReader::next(Value *element)
{
    if (m_next >= m_end) {
        return false;
    }
    *element = m_scanner.value(m_next);
    m_next = m_scanner.m_tape.at(m_next).next;
    return true;
}

} // namespace Juxta::Providers
