// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/models/modellibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStorageInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::ModelLibrary", text);
}

QString modelName(const QString &path)
{
    const QFileInfo info(path);
    return info.suffix().compare("gguf"_L1, Qt::CaseInsensitive) == 0 ? info.completeBaseName() : info.fileName();
}

} // namespace

ModelLibrary::ModelLibrary(const QString &folder)
    : m_folder(folder.isEmpty() ? defaultFolder() : folder)
{ }

QString ModelLibrary::defaultFolder()
{
    if (const QString variable = qEnvironmentVariable("JUXTA_MODELS_DIR"); !variable.isEmpty()) {
        return variable;
    }
    if (const QString setting = QSettings().value(u"models/folder"_s).toString(); !setting.isEmpty()) {
        return setting;
    }
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/Juxta/models"_s;
}

ModelLibrary::Entry ModelLibrary::describe(const QString &path, bool referenced)
{
    Entry entry;
    entry.name = modelName(path);
    entry.path = path;
    entry.referenced = referenced;
    QString problem;
    entry.metadata = Providers::GgufMetadata::read(path, &problem);
    if (!entry.metadata) {
        entry.error = problem;
    }
    return entry;
}

QString ModelLibrary::referencesFile() const
{
    return QDir(m_folder).filePath(u"references.json"_s);
}

QList<ModelLibrary::Entry> ModelLibrary::references() const
{
    QList<Entry> entries;
    QFile file(referencesFile());
    if (!file.open(QIODevice::ReadOnly)) {
        return entries;
    }
    const QJsonArray list = QJsonDocument::fromJson(file.readAll()).object().value("models"_L1).toArray();
    for (const QJsonValue &value : list) {
        Entry entry;
        entry.path = value.toObject().value("path"_L1).toString();
        entry.name = modelName(entry.path);
        entry.referenced = true;
        if (!entry.path.isEmpty()) {
            entries.append(entry);
        }
    }
    return entries;
}

bool ModelLibrary::writeReferences(const QList<Entry> &entries, QString *error) const
{
    QJsonArray list;
    for (const Entry &entry : entries) {
        list.append(QJsonObject {{u"path"_s, entry.path}});
    }
    QSaveFile file(referencesFile());
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.write(QJsonDocument(QJsonObject {{u"models"_s, list}}).toJson());
    if (!file.commit()) {
        *error = tr("Cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

QList<ModelLibrary::Entry> ModelLibrary::scan() const
{
    QList<Entry> entries;
    const QFileInfoList files = QDir(m_folder).entryInfoList({u"*.gguf"_s}, QDir::Files);
    for (const QFileInfo &file : files) {
        entries.append(describe(file.absoluteFilePath(), false));
    }
    for (const Entry &reference : references()) {
        entries.append(describe(reference.path, true));
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return entries;
}

QString ModelLibrary::resolve(const QString &nameOrPath) const
{
    if (nameOrPath.isEmpty()) {
        return {};
    }
    if (QFileInfo(nameOrPath).isFile()) {
        return QFileInfo(nameOrPath).absoluteFilePath();
    }
    for (const QString &candidate : {nameOrPath, nameOrPath + u".gguf"_s}) {
        const QFileInfo inFolder(QDir(m_folder).filePath(candidate));
        if (inFolder.isFile()) {
            return inFolder.absoluteFilePath();
        }
    }
    for (const Entry &reference : references()) {
        if (reference.name == nameOrPath || QFileInfo(reference.path).fileName() == nameOrPath) {
            return reference.path;
        }
    }
    return {};
}

qint64 ModelLibrary::freeSpace(const QString &folder) const
{
    if (m_freeSpace) {
        return m_freeSpace(folder);
    }
    return QStorageInfo(folder).bytesAvailable();
}

std::optional<ModelLibrary::Entry> ModelLibrary::add(const QString &path, AddMode mode, QString *error)
{
    const QString source = QFileInfo(path).absoluteFilePath();
    QString problem;
    if (!Providers::GgufMetadata::read(source, &problem)) {
        *error = problem;
        return std::nullopt;
    }
    if (!QDir().mkpath(m_folder)) {
        *error = tr("Cannot create the models folder %1.").arg(m_folder);
        return std::nullopt;
    }
    const QString name = modelName(source);
    if (const QString existing = resolve(name); !existing.isEmpty() && existing != source) {
        *error = tr("The library already has a model named %1 (%2).").arg(name, existing);
        return std::nullopt;
    }

    if (mode == AddMode::Reference) {
        QList<Entry> entries = references();
        if (std::none_of(entries.cbegin(), entries.cend(), [&source](const Entry &entry) {
                return entry.path == source;
            })) {
            Entry entry;
            entry.path = source;
            entries.append(entry);
            if (!writeReferences(entries, error)) {
                return std::nullopt;
            }
        }
        return describe(source, true);
    }

    const QString target = QDir(m_folder).filePath(QFileInfo(source).fileName());
    if (QFileInfo(target).absoluteFilePath() == source) {
        return describe(target, false);
    }
    const qint64 size = QFileInfo(source).size();
    if (const qint64 available = freeSpace(m_folder); available >= 0 && available < size) {
        *error = tr("Not enough free space in %1: the model needs %2 bytes, %3 are free.")
                     .arg(m_folder)
                     .arg(size)
                     .arg(available);
        return std::nullopt;
    }
    // Copied under a temporary name and renamed when complete: a scan never sees half a model.
    const QString partial = target + u".part"_s;
    QFile::remove(partial);
    if (!QFile::copy(source, partial)) {
        QFile::remove(partial);
        *error = tr("Cannot copy %1 into %2.").arg(source, m_folder);
        return std::nullopt;
    }
    if (!QFile::rename(partial, target)) {
        QFile::remove(partial);
        *error = tr("Cannot move the copy into place as %1.").arg(target);
        return std::nullopt;
    }
    return describe(target, false);
}

} // namespace Juxta
