// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compare/curlcommand.h"

#include "app/compare/rawexchange.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

QString singleQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u"'"_s + quoted + u"'"_s;
}

// Double quotes let the shell expand the key variable; everything else that is special inside
// them is escaped, so only the placeholder expands.
QString doubleQuotedWithVariable(const QString &text, const QString &variable)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\' || c == u'`' || c == u'$') {
            escaped += u'\\';
        }
        escaped += c;
    }
    QString escapedVariable = variable;
    escapedVariable.replace(u"$"_s, u"\\$"_s);
    escaped.replace(escapedVariable, variable);
    return u"\""_s + escaped + u"\""_s;
}

} // namespace

QString CurlCommand::fromExchange(const RawExchange &exchange)
{
    const auto quote = [&exchange](const QString &text) {
        if (!exchange.keyPlaceholder.isEmpty() && text.contains(exchange.keyPlaceholder)) {
            return doubleQuotedWithVariable(text, exchange.keyPlaceholder);
        }
        return singleQuoted(text);
    };
    QStringList lines;
    lines.append(u"curl -N -X %1 %2"_s.arg(QString::fromLatin1(exchange.method),
        quote(exchange.url.toString(QUrl::FullyEncoded))));
    for (const auto &[name, value] : exchange.requestHeaders) {
        lines.append(u"  -H %1"_s.arg(quote(QString::fromUtf8(name + ": " + value))));
    }
    if (!exchange.requestBody.isEmpty()) {
        lines.append(u"  --data-raw %1"_s.arg(singleQuoted(QString::fromUtf8(exchange.requestBody))));
    }
    return lines.join(u" \\\n"_s) + u'\n';
}

} // namespace Juxta
