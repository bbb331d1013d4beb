// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptmarkdown.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::PromptMarkdown", text);
}

QString fenceFor(const QString &text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c == u'~' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max<qsizetype>(4, longest + 1), u'~');
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString codeSpan(const QString &text)
{
    return text.contains(u'`') ? u"`` "_s + text + u" ``"_s : u'`' + text + u'`';
}

QString unspan(QString text)
{
    text = text.trimmed();
    if (text.startsWith("`` "_L1) && text.endsWith(" ``"_L1)) {
        return text.mid(3, text.size() - 6);
    }
    if (text.startsWith(u'`') && text.endsWith(u'`') && text.size() >= 2) {
        return text.mid(1, text.size() - 2);
    }
    return text;
}

} // namespace

QString PromptMarkdown::write(const QList<PromptBundle::Entry> &entries)
{
    QString md;
    for (const PromptBundle::Entry &entry : entries) {
        const Prompt &prompt = entry.prompt;
        md += u"# "_s + prompt.name + u"\n\n"_s;
        if (!prompt.description.isEmpty()) {
            md += u"> "_s + QString(prompt.description).replace(u'\n', u' ') + u"\n\n"_s;
        }
        if (!prompt.folder.isEmpty()) {
            md += u"- Folder: "_s + prompt.folder + u'\n';
        }
        if (!prompt.tags.isEmpty()) {
            md += u"- Tags: "_s + prompt.tags.join(u", "_s) + u'\n';
        }
        if (prompt.favourite) {
            md += u"- Favourite: yes\n"_s;
        }
        md += u'\n';
        for (const PromptVersion &version : entry.versions) {
            md += u"## Version %1\n\n"_s.arg(version.number);
            if (version.createdAt.isValid()) {
                md += u"Created: "_s + version.createdAt.toUTC().toString(Qt::ISODateWithMs) + u"\n\n"_s;
            }
            if (!version.note.isEmpty()) {
                md += u"Note: "_s + QString(version.note).replace(u'\n', u' ') + u"\n\n"_s;
            }
            if (!version.models.isEmpty()) {
                md += u"Models: "_s + version.models.join(u", "_s) + u"\n\n"_s;
            }
            if (!version.parameters.isEmpty()) {
                md += u"Parameters: "_s + codeSpan(compact(version.parameters)) + u"\n\n"_s;
            }
            if (!version.variables.isEmpty()) {
                md += u"Variables: "_s + codeSpan(compact(version.variables)) + u"\n\n"_s;
            }
            for (const auto &[heading, text] :
                {std::pair {u"System"_s, version.systemText}, std::pair {u"User"_s, version.userText}}) {
                if (text.isEmpty() && heading == "System"_L1) {
                    continue;
                }
                const QString fence = fenceFor(text);
                md += u"### "_s + heading + u"\n\n"_s + fence + u'\n' + text + u'\n' + fence + u"\n\n"_s;
            }
        }
    }
    return md;
}

StorageResult<QList<PromptBundle::Entry>> PromptMarkdown::parse(const QByteArray &data)
{
    if (data.size() > PromptBundle::MaxBytes) {
        return StorageError {StorageError::Kind::Invalid, tr("The file is too large.")};
    }
    if (!QUtf8StringView(data).isValidUtf8()) {
        return StorageError {StorageError::Kind::Invalid, tr("The file is not valid UTF-8 text.")};
    }
    QList<PromptBundle::Entry> entries;
    QSet<QString> names;
    const QStringList lines = QString::fromUtf8(data).replace("\r\n"_L1, "\n"_L1).split(u'\n');
    static const QRegularExpression versionHeading(u"^## Version (\\d+)\\s*$"_s);
    QString *target = nullptr;
    QString fence;
    QStringList block;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        const auto invalid = [&](const QString &message) {
            return StorageError {StorageError::Kind::Invalid, tr("line %1: %2").arg(i + 1).arg(message)};
        };
        if (!fence.isEmpty()) {
            if (line == fence) {
                *target = block.join(u'\n');
                fence.clear();
                block.clear();
            } else {
                block.append(line);
            }
            continue;
        }
        if (line.startsWith("# "_L1)) {
            PromptBundle::Entry entry;
            entry.prompt.name = line.mid(2).trimmed();
            if (names.contains(entry.prompt.name)) {
                return invalid(tr("a second prompt named \"%1\"").arg(entry.prompt.name));
            }
            names.insert(entry.prompt.name);
            entries.append(entry);
            continue;
        }
        if (line.trimmed().isEmpty()) {
            continue;
        }
        if (entries.isEmpty()) {
            return invalid(tr("text before the first \"# name\" heading"));
        }
        PromptBundle::Entry &entry = entries.last();
        if (const auto match = versionHeading.match(line); match.hasMatch()) {
            PromptVersion version;
            version.number = match.captured(1).toInt();
            entry.versions.append(version);
            continue;
        }
        if (entry.versions.isEmpty()) {
            if (line.startsWith("> "_L1)) {
                entry.prompt.description = line.mid(2);
            } else if (line.startsWith("- Folder: "_L1)) {
                entry.prompt.folder = line.mid(10).trimmed();
            } else if (line.startsWith("- Tags: "_L1)) {
                for (const QString &tag : line.mid(8).split(u',', Qt::SkipEmptyParts)) {
                    entry.prompt.tags.append(tag.trimmed());
                }
            } else if (line.startsWith("- Favourite: "_L1)) {
                entry.prompt.favourite = line.mid(13).trimmed() == "yes"_L1;
            }
            continue;
        }
        PromptVersion &version = entry.versions.last();
        if (line.startsWith("Created: "_L1)) {
            version.createdAt = QDateTime::fromString(line.mid(9).trimmed(), Qt::ISODateWithMs);
        } else if (line.startsWith("Note: "_L1)) {
            version.note = line.mid(6);
        } else if (line.startsWith("Models: "_L1)) {
            for (const QString &model : line.mid(8).split(u',', Qt::SkipEmptyParts)) {
                version.models.append(model.trimmed());
            }
        } else if (line.startsWith("Parameters: "_L1) || line.startsWith("Variables: "_L1)) {
            const bool parameters = line.startsWith(u'P');
            QJsonParseError error;
            const QJsonDocument json = QJsonDocument::fromJson(unspan(line.mid(parameters ? 12 : 11)).toUtf8(), &error);
            if (!json.isObject()) {
                return invalid(tr("the %1 are not a JSON object: %2")
                        .arg(parameters ? u"parameters"_s : u"variables"_s, error.errorString()));
            }
            (parameters ? version.parameters : version.variables) = json.object();
        } else if (line == "### System"_L1 || line == "### User"_L1) {
            target = line == "### System"_L1 ? &version.systemText : &version.userText;
            qsizetype next = i + 1;
            while (next < lines.size() && lines[next].trimmed().isEmpty()) {
                ++next;
            }
            if (next >= lines.size() || !lines[next].startsWith("~~~"_L1)) {
                return invalid(tr("a fenced block (~~~~) must follow \"%1\"").arg(line));
            }
            fence = lines[next];
            i = next;
        }
    }
    if (!fence.isEmpty()) {
        return StorageError {StorageError::Kind::Invalid, tr("A fenced block is not closed.")};
    }
    for (PromptBundle::Entry &entry : entries) {
        if (entry.versions.isEmpty()) {
            return StorageError {StorageError::Kind::Invalid,
                tr("The prompt \"%1\" has no \"## Version\" section.").arg(entry.prompt.name)};
        }
        entry.prompt.latestVersion = int(entry.versions.size());
    }
    if (entries.isEmpty()) {
        return StorageError {StorageError::Kind::Invalid, tr("The file holds no \"# name\" prompt.")};
    }
    return entries;
}

} // namespace Juxta
