// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/yamllite.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QList>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

struct Line
{
    int number = 0;
    int indent = 0;
    QString text; // without indentation
};

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::YamlLite", text);
}

class Parser
{
public:
    explicit Parser(QList<Line> lines)
        : m_lines(std::move(lines))
    { }

    std::optional<QJsonValue> document(QString *error)
    {
        if (m_lines.isEmpty()) {
            return QJsonValue(QJsonObject());
        }
        const auto value = block(m_lines.first().indent);
        if (value && more()) {
            fail(m_lines[m_pos].number, tr("unexpected indentation"));
        }
        if (!m_error.isEmpty()) {
            *error = m_error;
            return std::nullopt;
        }
        return value;
    }

private:
    void fail(int line, const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = tr("line %1: %2").arg(line).arg(message);
        }
    }

    static bool isSequenceItem(const QString &text) { return text == "-"_L1 || text.startsWith("- "_L1); }

    /** Moves past blank lines (they only matter inside block scalars) and says whether a line is left. */
    bool more()
    {
        while (m_pos < m_lines.size() && m_lines[m_pos].text.isEmpty()) {
            ++m_pos;
        }
        return m_pos < m_lines.size();
    }

    std::optional<QJsonValue> block(int indent)
    {
        if (!more()) {
            return QJsonValue(QJsonValue::Null);
        }
        return isSequenceItem(m_lines[m_pos].text) ? sequence(indent) : mapping(indent);
    }

    std::optional<QJsonValue> sequence(int indent)
    {
        QJsonArray array;
        while (m_error.isEmpty() && more() && m_lines[m_pos].indent == indent && isSequenceItem(m_lines[m_pos].text)) {
            Line &line = m_lines[m_pos];
            const QString item = line.text.mid(1).trimmed();
            if (item.isEmpty()) {
                ++m_pos;
                if (more() && m_lines[m_pos].indent > indent) {
                    const auto value = block(m_lines[m_pos].indent);
                    if (!value) {
                        return std::nullopt;
                    }
                    array.append(*value);
                } else {
                    array.append(QJsonValue::Null);
                }
            } else if (keyEnd(item) >= 0) {
                // "- key: value" opens a mapping indented to where its first key starts.
                const int offset = int(line.text.indexOf(item));
                line.indent += offset;
                line.text = item;
                const auto value = mapping(line.indent);
                if (!value) {
                    return std::nullopt;
                }
                array.append(*value);
            } else {
                const auto value = scalar(item, line.number);
                if (!value) {
                    return std::nullopt;
                }
                array.append(*value);
                ++m_pos;
            }
        }
        return QJsonValue(array);
    }

    /** Where the key of "key: value" ends, or -1 when the text is not a mapping entry. */
    static qsizetype keyEnd(const QString &text)
    {
        if (text.startsWith(u'"') || text.startsWith(u'\'')) {
            const qsizetype close = text.indexOf(text[0], 1);
            if (close > 0 && text.mid(close + 1).startsWith(u':')
                && (close + 2 == text.size() || text[close + 2] == u' ')) {
                return close + 1;
            }
            return -1;
        }
        if (text.startsWith(u'[') || text.startsWith(u'{')) {
            return -1;
        }
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i] == u':' && (i + 1 == text.size() || text[i + 1] == u' ')) {
                return i;
            }
            if (text[i] == u'#' && i > 0 && text[i - 1] == u' ') {
                return -1;
            }
        }
        return -1;
    }

    std::optional<QJsonValue> mapping(int indent)
    {
        QJsonObject object;
        while (m_error.isEmpty() && more() && m_lines[m_pos].indent == indent) {
            const Line line = m_lines[m_pos];
            if (isSequenceItem(line.text)) {
                fail(line.number, tr("a list item where a key was expected"));
                return std::nullopt;
            }
            const qsizetype end = keyEnd(line.text);
            if (end < 0) {
                fail(line.number, tr("expected \"key: value\""));
                return std::nullopt;
            }
            QString key = line.text.left(end).trimmed();
            if (key.startsWith(u'"') || key.startsWith(u'\'')) {
                key = key.mid(1, key.size() - 2);
            }
            if (object.contains(key)) {
                fail(line.number, tr("the key \"%1\" appears twice").arg(key));
                return std::nullopt;
            }
            const QString rest = line.text.mid(end + 1).trimmed();
            ++m_pos;
            QJsonValue value;
            if (rest.isEmpty() || rest.startsWith(u'#')) {
                if (more() && m_lines[m_pos].indent > indent) {
                    const auto nested = block(m_lines[m_pos].indent);
                    if (!nested) {
                        return std::nullopt;
                    }
                    value = *nested;
                } else if (m_pos < m_lines.size() && m_lines[m_pos].indent == indent
                    && isSequenceItem(m_lines[m_pos].text)) {
                    const auto nested = sequence(indent);
                    if (!nested) {
                        return std::nullopt;
                    }
                    value = *nested;
                } else {
                    value = QJsonValue::Null;
                }
            } else if (rest.startsWith(u'|') || rest.startsWith(u'>')) {
                value = blockScalar(rest, indent, line.number);
            } else {
                const auto parsed = scalar(rest, line.number);
                if (!parsed) {
                    return std::nullopt;
                }
                value = *parsed;
            }
            object.insert(key, value);
        }
        return QJsonValue(object);
    }

    QJsonValue blockScalar(const QString &header, int indent, int number)
    {
        static const QRegularExpression valid(u"^[|>][+-]?$"_s);
        if (!valid.match(header).hasMatch()) {
            fail(number, tr("unsupported block scalar header \"%1\"").arg(header));
            return {};
        }
        const bool folded = header.startsWith(u'>');
        const QChar chomp = header.size() > 1 ? header[1] : QChar();
        QStringList body;
        int bodyIndent = -1;
        while (m_pos < m_lines.size()) {
            const Line &line = m_lines[m_pos];
            if (!line.text.isEmpty() && line.indent <= indent) {
                break;
            }
            if (!line.text.isEmpty() && bodyIndent < 0) {
                bodyIndent = line.indent;
            }
            if (line.text.isEmpty()) {
                body.append(QString());
            } else {
                body.append(QString(std::max(0, line.indent - bodyIndent), u' ') + line.text);
            }
            ++m_pos;
        }
        qsizetype trailing = 0;
        while (!body.isEmpty() && body.last().isEmpty()) {
            body.removeLast();
            ++trailing;
        }
        QString text;
        if (folded) {
            for (qsizetype i = 0; i < body.size(); ++i) {
                if (i > 0) {
                    text += body[i].isEmpty() || body[i - 1].isEmpty() || body[i].startsWith(u' ') ? u"\n"_s : u" "_s;
                }
                text += body[i];
            }
        } else {
            text = body.join(u'\n');
        }
        if (chomp == u'+') {
            text += QString(trailing + 1, u'\n');
        } else if (chomp != u'-' && !body.isEmpty()) {
            text += u'\n';
        }
        return text;
    }

    std::optional<QJsonValue> scalar(const QString &raw, int number)
    {
        QString text = raw;
        if (text.startsWith(u'&') || text.startsWith(u'*') || text.startsWith(u'!')) {
            fail(number, tr("anchors, aliases and tags are not supported"));
            return std::nullopt;
        }
        if (text.startsWith(u'"')) {
            QString value;
            qsizetype i = 1;
            for (; i < text.size() && text[i] != u'"'; ++i) {
                if (text[i] == u'\\' && i + 1 < text.size()) {
                    const QChar next = text[++i];
                    if (next == u'n') {
                        value += u'\n';
                    } else if (next == u't') {
                        value += u'\t';
                    } else if (next == u'u' && i + 4 < text.size()) {
                        value += QChar(text.mid(i + 1, 4).toUShort(nullptr, 16));
                        i += 4;
                    } else {
                        value += next;
                    }
                } else {
                    value += text[i];
                }
            }
            if (i >= text.size()) {
                fail(number, tr("unterminated double-quoted string"));
                return std::nullopt;
            }
            return trailingComment(text.mid(i + 1), number) ? std::optional<QJsonValue>(value) : std::nullopt;
        }
        if (text.startsWith(u'\'')) {
            QString value;
            qsizetype i = 1;
            for (; i < text.size(); ++i) {
                if (text[i] == u'\'') {
                    if (i + 1 < text.size() && text[i + 1] == u'\'') {
                        value += u'\'';
                        ++i;
                        continue;
                    }
                    break;
                }
                value += text[i];
            }
            if (i >= text.size()) {
                fail(number, tr("unterminated single-quoted string"));
                return std::nullopt;
            }
            return trailingComment(text.mid(i + 1), number) ? std::optional<QJsonValue>(value) : std::nullopt;
        }
        if (const qsizetype comment = text.indexOf(" #"_L1); comment >= 0) {
            text = text.left(comment).trimmed();
        }
        if (text.startsWith(u'[') || text.startsWith(u'{')) {
            return flow(text, number);
        }
        return plain(text);
    }

    bool trailingComment(const QString &rest, int number)
    {
        const QString trimmed = rest.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(u'#')) {
            fail(number, tr("unexpected text after a quoted string"));
            return false;
        }
        return true;
    }

    static QJsonValue plain(const QString &text)
    {
        if (text.isEmpty() || text == "~"_L1 || text == "null"_L1 || text == "Null"_L1 || text == "NULL"_L1) {
            return QJsonValue::Null;
        }
        if (text == "true"_L1 || text == "True"_L1 || text == "TRUE"_L1) {
            return true;
        }
        if (text == "false"_L1 || text == "False"_L1 || text == "FALSE"_L1) {
            return false;
        }
        static const QRegularExpression number(u"^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$"_s);
        if (number.match(text).hasMatch()) {
            return text.toDouble();
        }
        return text;
    }

    std::optional<QJsonValue> flow(const QString &text, int number)
    {
        const bool isList = text.startsWith(u'[');
        if (!text.endsWith(isList ? u']' : u'}')) {
            fail(number, tr("unterminated flow collection (only one-line [..] and {..} are supported)"));
            return std::nullopt;
        }
        const QString inner = text.mid(1, text.size() - 2).trimmed();
        QStringList items;
        QString current;
        QChar quote;
        for (const QChar c : inner) {
            if (!quote.isNull()) {
                current += c;
                if (c == quote) {
                    quote = QChar();
                }
            } else if (c == u'"' || c == u'\'') {
                quote = c;
                current += c;
            } else if (c == u'[' || c == u'{') {
                fail(number, tr("nested flow collections are not supported"));
                return std::nullopt;
            } else if (c == u',') {
                items.append(current.trimmed());
                current.clear();
            } else {
                current += c;
            }
        }
        if (!current.trimmed().isEmpty()) {
            items.append(current.trimmed());
        }
        QJsonArray array;
        QJsonObject object;
        for (const QString &item : std::as_const(items)) {
            if (isList) {
                const auto value = scalar(item, number);
                if (!value) {
                    return std::nullopt;
                }
                array.append(*value);
            } else {
                const qsizetype end = keyEnd(item);
                if (end < 0) {
                    fail(number, tr("expected \"key: value\" inside {..}"));
                    return std::nullopt;
                }
                const auto value = scalar(item.mid(end + 1).trimmed(), number);
                if (!value) {
                    return std::nullopt;
                }
                QString key = item.left(end).trimmed();
                if (key.startsWith(u'"') || key.startsWith(u'\'')) {
                    key = key.mid(1, key.size() - 2);
                }
                object.insert(key, *value);
            }
        }
        return isList ? QJsonValue(array) : QJsonValue(object);
    }

    QList<Line> m_lines;
    qsizetype m_pos = 0;
    QString m_error;
};

/** Whether a string must be quoted to read back as that string, here and in YAML 1.1 readers (PyYAML). */
bool needsQuotes(const QString &text)
{
    if (text.isEmpty() || text != text.trimmed()) {
        return true;
    }
    static const QRegularExpression special(u"^[-?:,\\[\\]{}#&*!|>'\"%@`~]|: | #|:$"_s);
    if (special.match(text).hasMatch()) {
        return true;
    }
    static const QRegularExpression looksTyped(
        u"^([-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|true|True|TRUE|false|False|FALSE|null|Null|NULL|~"
        "|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$"_s);
    return looksTyped.match(text).hasMatch();
}

QString quote(const QString &text)
{
    QString out = u"\""_s;
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (c == u'\t') {
            out += "\\t"_L1;
        } else if (c.unicode() < 0x20) {
            out += u"\\u%1"_s.arg(int(c.unicode()), 4, 16, QChar(u'0'));
        } else {
            out += c;
        }
    }
    return out + u'"';
}

void writeValue(QString &out, const QJsonValue &value, int indent, bool inlinePosition);

void writeScalar(QString &out, const QJsonValue &value, int indent)
{
    if (value.isString()) {
        const QString text = value.toString();
        if (text.contains(u'\n')) {
            // A literal block keeps the text exactly: "|-" when it has no final newline.
            const bool finalNewline = text.endsWith(u'\n') && !text.endsWith("\n\n"_L1);
            QString body = finalNewline ? text.chopped(1) : text;
            bool leadingSpace = body.startsWith(u' ');
            if (text.endsWith("\n\n"_L1) || leadingSpace) {
                out += quote(text) + u'\n';
                return;
            }
            out += (finalNewline ? u"|\n"_s : u"|-\n"_s);
            for (const QString &line : body.split(u'\n')) {
                out += line.isEmpty() ? u"\n"_s : QString(indent, u' ') + line + u'\n';
            }
            return;
        }
        out += (needsQuotes(text) ? quote(text) : text) + u'\n';
    } else if (value.isBool()) {
        out += (value.toBool() ? u"true"_s : u"false"_s) + u'\n';
    } else if (value.isDouble()) {
        out += QString::number(value.toDouble(), 'g', 17) + u'\n';
    } else {
        out += u"null\n"_s;
    }
}

void writeValue(QString &out, const QJsonValue &value, int indent, bool inlinePosition)
{
    Q_UNUSED(inlinePosition)
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += u"{}\n"_s;
            return;
        }
        out += u'\n';
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString key = needsQuotes(it.key()) ? quote(it.key()) : it.key();
            out += QString(indent, u' ') + key + u':';
            if (!it.value().isObject() && !it.value().isArray()) {
                out += u' ';
            }
            writeValue(out, it.value(), indent + 2, true);
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += u" []\n"_s;
            return;
        }
        out += u'\n';
        for (const QJsonValue &item : array) {
            out += QString(indent, u' ') + u"- "_s;
            if (item.isObject() || item.isArray()) {
                // Nested collections go on their own lines under the dash.
                QString nested;
                writeValue(nested, item, indent + 2, false);
                out += nested.mid(1).mid(indent + 2);
            } else {
                writeScalar(out, item, indent + 2);
            }
        }
    } else {
        writeScalar(out, value, indent);
    }
}

} // namespace

std::optional<QJsonValue> YamlLite::parse(const QString &text, QString *error)
{
    QList<Line> lines;
    const QStringList raw = text.split(u'\n');
    for (qsizetype i = 0; i < raw.size(); ++i) {
        QString line = raw[i];
        if (line.endsWith(u'\r')) {
            line.chop(1);
        }
        qsizetype indent = 0;
        while (indent < line.size() && line[indent] == u' ') {
            ++indent;
        }
        const QString content = line.mid(indent);
        if (content.startsWith(u'\t')) {
            *error = tr("line %1: tabs cannot indent YAML").arg(i + 1);
            return std::nullopt;
        }
        if (content.trimmed().isEmpty() || content.startsWith(u'#')) {
            // Blank lines matter inside block scalars; comments never do.
            if (content.trimmed().isEmpty()) {
                lines.append({int(i + 1), int(indent), QString()});
            }
            continue;
        }
        if (content == "---"_L1 || content == "..."_L1) {
            *error = tr("line %1: only one YAML document is supported").arg(i + 1);
            return std::nullopt;
        }
        lines.append({int(i + 1), int(indent), content.trimmed()});
    }
    while (!lines.isEmpty() && lines.first().text.isEmpty()) {
        lines.removeFirst();
    }
    Parser parser(lines);
    return parser.document(error);
}

QString YamlLite::write(const QJsonObject &object)
{
    QString out;
    writeValue(out, object, 0, false);
    return out.mid(1);
}

} // namespace Juxta
