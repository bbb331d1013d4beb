// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/prompttemplate.h"

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

bool isNameStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.';
}

struct Token
{
    enum class Kind { Text, Placeholder };
    Kind kind;
    QString value;
};

/** Splits @p text into literal runs and placeholders; escapes become literal text. */
QList<Token> tokenize(const QString &text)
{
    QList<Token> tokens;
    QString literal;
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        if (text[i] == u'\\' && text.mid(i + 1, 2) == "{{"_L1) {
            literal += "{{"_L1;
            i += 3;
            continue;
        }
        if (text.mid(i, 2) == "{{"_L1) {
            qsizetype j = i + 2;
            while (j < size && text[j] == u' ') {
                ++j;
            }
            const qsizetype nameStart = j;
            if (j < size && isNameStart(text[j])) {
                ++j;
                while (j < size && isNameChar(text[j])) {
                    ++j;
                }
            }
            const QString name = text.mid(nameStart, j - nameStart);
            while (j < size && text[j] == u' ') {
                ++j;
            }
            if (!name.isEmpty() && text.mid(j, 2) == "}}"_L1) {
                if (!literal.isEmpty()) {
                    tokens.append({Token::Kind::Text, literal});
                    literal.clear();
                }
                tokens.append({Token::Kind::Placeholder, name});
                i = j + 2;
                continue;
            }
        }
        literal += text[i];
        ++i;
    }
    if (!literal.isEmpty()) {
        tokens.append({Token::Kind::Text, literal});
    }
    return tokens;
}

} // namespace

QStringList PromptTemplate::placeholders(const QString &text)
{
    QStringList names;
    for (const Token &token : tokenize(text)) {
        if (token.kind == Token::Kind::Placeholder && !names.contains(token.value)) {
            names.append(token.value);
        }
    }
    return names;
}

std::optional<QString> PromptTemplate::render(
    const QString &text, const QHash<QString, QString> &values, QStringList *missing)
{
    QString rendered;
    QStringList absent;
    for (const Token &token : tokenize(text)) {
        if (token.kind == Token::Kind::Text) {
            rendered += token.value;
        } else if (const auto found = values.constFind(token.value); found != values.cend()) {
            rendered += *found;
        } else if (!absent.contains(token.value)) {
            absent.append(token.value);
        }
    }
    if (missing) {
        *missing = absent;
    }
    if (!absent.isEmpty()) {
        return std::nullopt;
    }
    return rendered;
}

} // namespace Juxta
