// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptyformat.h"

#include "app/prompts/yamllite.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::PromptyFormat", text);
}

StorageError invalid(const QString &message)
{
    return {StorageError::Kind::Invalid, message};
}

QString scalarText(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toDouble(), 'g', 17);
    }
    if (value.isBool()) {
        return value.toBool() ? u"true"_s : u"false"_s;
    }
    return {};
}

// Prompty's configuration types and Juxta's preset ids, where they differ.
QString presetFor(const QString &type)
{
    if (type == "azure_openai"_L1 || type == "azure"_L1) {
        return u"azure-openai"_s;
    }
    if (type == "azure_serverless"_L1) {
        return u"azure-foundry"_s;
    }
    return type;
}

QString typeFor(const QString &preset)
{
    if (preset == "azure-openai"_L1) {
        return u"azure_openai"_s;
    }
    if (preset == "azure-foundry"_L1) {
        return u"azure_serverless"_s;
    }
    return preset;
}

} // namespace

StorageResult<PromptBundle::Entry> PromptyFormat::parse(const QByteArray &data, const QString &fallbackName)
{
    if (data.size() > PromptBundle::MaxBytes) {
        return invalid(tr("The file is too large for a prompt (%1 MB).").arg(data.size() / (1024 * 1024)));
    }
    if (!QUtf8StringView(data).isValidUtf8()) {
        return invalid(tr("The file is not valid UTF-8 text."));
    }
    QString text = QString::fromUtf8(data);
    if (text.startsWith(QChar(0xfeff))) {
        text.remove(0, 1);
    }
    text.replace("\r\n"_L1, "\n"_L1);
    QJsonObject front;
    QString body = text;
    if (text.startsWith("---\n"_L1) || text == "---"_L1) {
        const qsizetype close = text.indexOf("\n---"_L1, 3);
        if (close < 0) {
            return invalid(tr("The front matter is not closed by a \"---\" line."));
        }
        const qsizetype bodyStart = text.indexOf(u'\n', close + 4);
        body = bodyStart < 0 ? QString() : text.mid(bodyStart + 1);
        QString error;
        const auto parsed = YamlLite::parse(text.mid(4, close - 4 + 1), &error);
        if (!parsed) {
            // Lines counted from the file's start: the front matter begins on line 2.
            static const QRegularExpression lineNumber(u"^line (\\d+)"_s);
            const auto match = lineNumber.match(error);
            if (match.hasMatch()) {
                error.replace(0, match.capturedLength(), u"line %1"_s.arg(match.captured(1).toInt() + 1));
            }
            return invalid(tr("The front matter is not valid YAML: %1").arg(error));
        }
        if (!parsed->isObject() && !parsed->isNull()) {
            return invalid(tr("The front matter must be a mapping of keys to values."));
        }
        front = parsed->toObject();
    }

    PromptBundle::Entry entry;
    entry.prompt.name = scalarText(front.value("name"_L1)).trimmed();
    if (entry.prompt.name.isEmpty()) {
        entry.prompt.name = fallbackName;
    }
    if (entry.prompt.name.isEmpty()) {
        return invalid(tr("The prompt has no name."));
    }
    entry.prompt.description = scalarText(front.value("description"_L1));
    QJsonValue tags = front.value("tags"_L1);
    if (tags.isUndefined()) {
        tags = front.value("metadata"_L1).toObject().value("tags"_L1);
    }
    for (const QJsonValue &tag : tags.toArray()) {
        entry.prompt.tags.append(scalarText(tag));
    }

    PromptVersion version;
    const QJsonObject model = front.value("model"_L1).toObject();
    version.parameters = model.value("parameters"_L1).toObject();
    const QJsonObject configuration = model.value("configuration"_L1).toObject();
    const QString type = scalarText(configuration.value("type"_L1));
    QString modelName = scalarText(configuration.value("azure_deployment"_L1));
    if (modelName.isEmpty()) {
        modelName = scalarText(configuration.value("name"_L1));
    }
    if (modelName.isEmpty()) {
        modelName = scalarText(configuration.value("model"_L1));
    }
    if (!modelName.isEmpty() && !modelName.startsWith("${"_L1)) {
        version.models.append(type.isEmpty() ? modelName : presetFor(type) + u':' + modelName);
    }
    const QJsonObject inputs = front.value("inputs"_L1).toObject();
    for (auto it = inputs.constBegin(); it != inputs.constEnd(); ++it) {
        const QJsonValue fallback = it.value().isObject() ? it.value().toObject().value("default"_L1) : it.value();
        if (!fallback.isUndefined() && !fallback.isNull()) {
            version.variables.insert(it.key(), scalarText(fallback));
        }
    }
    const QJsonObject sample = front.value("sample"_L1).toObject();
    for (auto it = sample.constBegin(); it != sample.constEnd(); ++it) {
        version.variables.insert(it.key(), scalarText(it.value()));
    }

    // Role sections: "system:" and "user:" on lines of their own. Without any marker the whole
    // body is the user turn; later turns (assistant, a second user) stay in the user text as written.
    static const QRegularExpression role(u"^\\s*(system|user|assistant)\\s*:\\s*$"_s,
        QRegularExpression::CaseInsensitiveOption);
    QStringList leading;
    QStringList systemLines;
    QStringList userLines;
    QStringList *section = &leading;
    bool sawMarker = false;
    bool userStarted = false;
    for (const QString &line : body.split(u'\n')) {
        const auto match = role.match(line);
        if (!match.hasMatch()) {
            section->append(line);
            continue;
        }
        sawMarker = true;
        const QString name = match.captured(1).toLower();
        if (name == "system"_L1 && !userStarted) {
            section = &systemLines;
        } else if (name == "user"_L1 && !userStarted) {
            section = &userLines;
            userStarted = true;
        } else {
            userLines.append(line);
            section = &userLines;
            userStarted = true;
        }
    }
    QString systemText;
    QString userText;
    if (sawMarker) {
        systemText = (leading + systemLines).join(u'\n');
        userText = userLines.join(u'\n');
    } else {
        userText = leading.join(u'\n');
    }
    version.systemText = systemText.trimmed();
    version.userText = userText.trimmed();
    if (version.systemText.isEmpty() && version.userText.isEmpty()) {
        return invalid(tr("The prompt \"%1\" has no text.").arg(entry.prompt.name));
    }
    version.note = tr("Imported from .prompty");
    entry.versions.append(version);
    entry.prompt.latestVersion = 1;
    return entry;
}

QByteArray PromptyFormat::write(const Prompt &prompt, const PromptVersion &version)
{
    QJsonObject front {{u"name"_s, prompt.name}};
    if (!prompt.description.isEmpty()) {
        front.insert(u"description"_s, prompt.description);
    }
    if (!prompt.tags.isEmpty()) {
        front.insert(u"tags"_s, QJsonArray::fromStringList(prompt.tags));
    }
    QJsonObject model {{u"api"_s, u"chat"_s}};
    if (!version.models.isEmpty()) {
        const QString suggested = version.models.first();
        const qsizetype colon = suggested.indexOf(u':');
        const QString preset = colon < 0 ? QString() : suggested.left(colon);
        const QString name = colon < 0 ? suggested : suggested.mid(colon + 1);
        QJsonObject configuration;
        if (!preset.isEmpty()) {
            configuration.insert(u"type"_s, typeFor(preset));
        }
        configuration.insert(preset == "azure-openai"_L1 ? u"azure_deployment"_s : u"name"_s, name);
        model.insert(u"configuration"_s, configuration);
    }
    if (!version.parameters.isEmpty()) {
        model.insert(u"parameters"_s, version.parameters);
    }
    front.insert(u"model"_s, model);
    if (!version.variables.isEmpty()) {
        QJsonObject inputs;
        for (auto it = version.variables.constBegin(); it != version.variables.constEnd(); ++it) {
            inputs.insert(it.key(), QJsonObject {{u"type"_s, u"string"_s}});
        }
        front.insert(u"inputs"_s, inputs);
        front.insert(u"sample"_s, version.variables);
    }
    QString text = u"---\n"_s + YamlLite::write(front) + u"---\n"_s;
    if (!version.systemText.isEmpty()) {
        text += u"system:\n"_s + version.systemText + u"\n\n"_s;
    }
    text += u"user:\n"_s + version.userText + u'\n';
    return text.toUtf8();
}

} // namespace Juxta
