// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/streaming/jsonscanner.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

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
    // Most values follow their comma or colon directly: one comparison says so.
    while (p < end && static_cast<unsigned char>(*p) <= ' ' && isSpace(*p)) {
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

/**
 * Past the closing quote of the string whose opening quote is at @p p, or nullptr; @p escaped
 * tells whether the string holds an escape (most keys and words do not, and can then be compared
 * and converted as they are).
 */
const char *validateString(const char *p, const char *end, bool *escaped)
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
            *escaped = true;
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

/** A scalar (not an object or array) starting at @p p, or nullptr. */
const char *validateScalar(const char *p, const char *end, JsonScanner::Token *token)
{
    switch (*p) {
    case '"':
        token->type = JsonScanner::Type::String;
        return validateString(p, end, &token->escaped);
    case 't':
        token->type = JsonScanner::Type::Bool;
        return validateLiteral(p, end, "true");
    case 'f':
        token->type = JsonScanner::Type::Bool;
        return validateLiteral(p, end, "false");
    case 'n':
        token->type = JsonScanner::Type::Null;
        return validateLiteral(p, end, "null");
    default:
        token->type = JsonScanner::Type::Number;
        return validateNumber(p, end);
    }
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

void JsonScanner::growTape()
{
    m_tape.resize(std::max<size_t>(32, m_tape.size() * 2));
}

const char *JsonScanner::validate(const char *p, const char *end)
{
    // One loop rather than recursion: a provider's event is a dozen small values, and a call per
    // value cost more than reading their bytes. While a container is open, its token's `next`
    // holds the index of the container around it; closing sets it to what it should be.
    int container = -1;
    int depth = 0;
    for (;;) {
        // A value is expected at p.
        if (p == end) {
            return nullptr;
        }
        if (*p == '{' || *p == '[') {
            if (depth == MaxDepth) {
                return nullptr;
            }
            const bool object = *p == '{';
            const int index = m_tokens;
            push(p, object ? Type::Object : Type::Array).next = container;
            container = index;
            ++depth;
            p = skipSpace(p + 1, end);
            if (p < end && *p == (object ? '}' : ']')) {
                // Empty: closed below like any other.
            } else if (object) {
                goto key;
            } else {
                continue;
            }
        } else {
            Token &token = push(p, Type::Null);
            if (!(p = validateScalar(p, end, &token))) {
                return nullptr;
            }
            token.end = p;
            p = skipSpace(p, end);
            if (depth == 0) {
                return p;
            }
            if (p == end) {
                return nullptr;
            }
        }
        // After a value (or at the closing bracket of an empty container): a comma or a close.
        for (;;) {
            Token &open = m_tape[size_t(container)];
            const bool object = open.type == Type::Object;
            if (*p == ',') {
                p = skipSpace(p + 1, end);
                if (object) {
                    goto key;
                }
                break;
            }
            if (*p != (object ? '}' : ']')) {
                return nullptr;
            }
            open.end = ++p;
            container = std::exchange(open.next, m_tokens);
            --depth;
            p = skipSpace(p, end);
            if (depth == 0) {
                return p;
            }
            if (p == end) {
                return nullptr;
            }
        }
        continue;
    key:
        // A member's key, then its value.
        if (p == end || *p != '"') {
            return nullptr;
        }
        {
            Token &key = push(p, Type::String);
            if (!(p = validateString(p, end, &key.escaped))) {
                return nullptr;
            }
            key.end = p;
        }
        p = skipSpace(p, end);
        if (p == end || *p != ':') {
            return nullptr;
        }
        p = skipSpace(p + 1, end);
    }
}

std::optional<JsonScanner::Value> JsonScanner::object(QByteArrayView json)
{
    m_tokens = 0;
    const char *end = json.data() + json.size();
    const char *start = skipSpace(json.data(), end);
    if (start == end || *start != '{') {
        return std::nullopt;
    }
    if (validate(start, end) != end) {
        return std::nullopt;
    }
    return value(0);
}

std::optional<QString> JsonScanner::Value::toString() const
{
    if (type != Type::String) {
        return std::nullopt;
    }
    const QByteArrayView inner = text.sliced(1, text.size() - 2);
    return escaped ? unescape(inner) : QString::fromUtf8(inner);
}

std::optional<qint64> JsonScanner::Value::toInteger() const
{
    if (type != Type::Number) {
        return std::nullopt;
    }
    // Indices and counts are short; up to 18 digits cannot overflow.
    if (text.size() <= 18) {
        const char *p = text.data();
        const char *end = p + text.size();
        const bool negative = *p == '-';
        qint64 number = 0;
        for (p += negative ? 1 : 0; p < end; ++p) {
            if (!isDigit(*p)) {
                return std::nullopt; // a fraction or an exponent
            }
            number = number * 10 + (*p - '0');
        }
        return negative ? -number : number;
    }
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(number) : std::nullopt;
}

bool JsonScanner::Member::escapedKeyIs(QLatin1StringView name) const
{
    return unescape(rawKey) == name;
}

} // namespace Juxta::Providers
