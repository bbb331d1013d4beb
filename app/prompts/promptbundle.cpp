// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptbundle.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

constexpr auto Format = "juxta-prompt-bundle";
constexpr int FormatVersion = 1;

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::PromptBundle", text);
}

StorageError invalid(const QString &message)
{
    return {StorageError::Kind::Invalid, message};
}

QDateTime parseTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QString writeTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

StorageResult<PromptBundle> PromptBundle::fromJson(const QByteArray &json)
{
    if (json.size() > MaxBytes) {
        return invalid(tr("The file is too large for a prompt bundle (%1 MB; the limit is %2 MB).")
                .arg(json.size() / (1024 * 1024))
                .arg(MaxBytes / (1024 * 1024)));
    }
    if (!QUtf8StringView(json).isValidUtf8()) {
        return invalid(tr("The file is not valid UTF-8 text."));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return invalid(
            tr("The file is not valid JSON: %1 at byte %2.").arg(parseError.errorString()).arg(parseError.offset));
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value("format"_L1).toString() != QLatin1StringView(Format)) {
        return invalid(
            tr("The file is not a Juxta prompt bundle (its \"format\" is not \"%1\").").arg(QLatin1StringView(Format)));
    }
    if (root.value("version"_L1).toInt() > FormatVersion) {
        return invalid(
            tr("The bundle was written by a newer Juxta (bundle version %1).").arg(root.value("version"_L1).toInt()));
    }
    if (!root.value("prompts"_L1).isArray()) {
        return invalid(tr("The bundle has no \"prompts\" list."));
    }
    PromptBundle bundle;
    QSet<QString> names;
    const QJsonArray prompts = root.value("prompts"_L1).toArray();
    for (qsizetype i = 0; i < prompts.size(); ++i) {
        const QJsonObject object = prompts[i].toObject();
        Entry entry;
        entry.prompt.name = object.value("name"_L1).toString().trimmed();
        if (!prompts[i].isObject() || entry.prompt.name.isEmpty()) {
            return invalid(tr("Prompt %1 of the bundle has no name.").arg(i + 1));
        }
        if (names.contains(entry.prompt.name)) {
            return invalid(tr("The bundle holds two prompts named \"%1\".").arg(entry.prompt.name));
        }
        names.insert(entry.prompt.name);
        entry.prompt.description = object.value("description"_L1).toString();
        entry.prompt.folder = object.value("folder"_L1).toString();
        for (const QJsonValue &tag : object.value("tags"_L1).toArray()) {
            entry.prompt.tags.append(tag.toString());
        }
        entry.prompt.favourite = object.value("favourite"_L1).toBool();
        entry.prompt.createdAt = parseTime(object.value("created_at"_L1));
        entry.prompt.updatedAt = parseTime(object.value("updated_at"_L1));
        const QJsonArray versions = object.value("versions"_L1).toArray();
        if (versions.isEmpty()) {
            return invalid(tr("The prompt \"%1\" has no versions.").arg(entry.prompt.name));
        }
        for (const QJsonValue &value : versions) {
            const QJsonObject v = value.toObject();
            PromptVersion version;
            version.number = v.value("number"_L1).toInt();
            version.systemText = v.value("system"_L1).toString();
            version.userText = v.value("user"_L1).toString();
            version.variables = v.value("variables"_L1).toObject();
            for (auto it = version.variables.constBegin(); it != version.variables.constEnd(); ++it) {
                if (!it.value().isString()) {
                    return invalid(tr("The variable \"%1\" of \"%2\" has a default that is not text.")
                            .arg(it.key(), entry.prompt.name));
                }
            }
            version.parameters = v.value("parameters"_L1).toObject();
            for (const QJsonValue &model : v.value("models"_L1).toArray()) {
                version.models.append(model.toString());
            }
            version.note = v.value("note"_L1).toString();
            version.createdAt = parseTime(v.value("created_at"_L1));
            entry.versions.append(version);
        }
        std::stable_sort(entry.versions.begin(), entry.versions.end(), [](const auto &a, const auto &b) {
            return a.number < b.number;
        });
        entry.prompt.latestVersion = int(entry.versions.size());
        bundle.entries.append(entry);
    }
    return bundle;
}

QByteArray PromptBundle::toJson() const
{
    QJsonArray prompts;
    for (const Entry &entry : entries) {
        QJsonArray versions;
        for (const PromptVersion &version : entry.versions) {
            versions.append(QJsonObject {
                {"number"_L1, version.number},
                {"system"_L1, version.systemText},
                {"user"_L1, version.userText},
                {"variables"_L1, version.variables},
                {"parameters"_L1, version.parameters},
                {"models"_L1, QJsonArray::fromStringList(version.models)},
                {"note"_L1, version.note},
                {"created_at"_L1, writeTime(version.createdAt)},
            });
        }
        prompts.append(QJsonObject {
            {"name"_L1, entry.prompt.name},
            {"description"_L1, entry.prompt.description},
            {"folder"_L1, entry.prompt.folder},
            {"tags"_L1, QJsonArray::fromStringList(entry.prompt.tags)},
            {"favourite"_L1, entry.prompt.favourite},
            {"created_at"_L1, writeTime(entry.prompt.createdAt)},
            {"updated_at"_L1, writeTime(entry.prompt.updatedAt)},
            {"versions"_L1, versions},
        });
    }
    const QJsonObject root {
        {"format"_L1, QLatin1StringView(Format)},
        {"version"_L1, FormatVersion},
        {"prompts"_L1, prompts},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace Juxta
