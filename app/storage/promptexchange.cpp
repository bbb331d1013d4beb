// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/promptexchange.h"

#include "app/prompts/promptmarkdown.h"
#include "app/prompts/promptyformat.h"
#include "app/storage/promptstore.h"
#include "app/storage/transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::PromptExchange", text);
}

QString safeFileName(const QString &name)
{
    QString safe;
    for (const QChar c : name) {
        safe += c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u' ' || c == u'.' ? c : u'_';
    }
    safe = safe.trimmed();
    return safe.isEmpty() || safe.startsWith(u'.') ? u"prompt"_s + safe : safe;
}

StorageResult<Done> save(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        return StorageError {StorageError::Kind::Query,
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString())};
    }
    return Done {};
}

} // namespace

std::optional<PromptExchange::Format> PromptExchange::formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "json"_L1) {
        return Format::Bundle;
    }
    if (suffix == "md"_L1 || suffix == "markdown"_L1) {
        return Format::Markdown;
    }
    if (suffix == "prompty"_L1) {
        return Format::Prompty;
    }
    return std::nullopt;
}

StorageResult<QList<PromptBundle::Entry>> PromptExchange::readFile(const QString &path)
{
    const QString shown = QDir::toNativeSeparators(path);
    const auto format = formatFor(path);
    if (!format) {
        return StorageError {StorageError::Kind::Invalid,
            tr("%1: unknown kind of file (expected .json, .md or .prompty).").arg(shown)};
    }
    QFile file(path);
    // The size is checked before reading, so a huge file is never loaded into memory.
    if (QFileInfo(path).size() > PromptBundle::MaxBytes) {
        return StorageError {StorageError::Kind::Invalid,
            tr("%1: the file is too large to be a prompt library (the limit is %2 MB).")
                .arg(shown)
                .arg(PromptBundle::MaxBytes / (1024 * 1024))};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return StorageError {StorageError::Kind::Invalid, tr("%1: %2").arg(shown, file.errorString())};
    }
    const QByteArray data = file.read(PromptBundle::MaxBytes + 1);
    StorageResult<QList<PromptBundle::Entry>> entries = QList<PromptBundle::Entry> {};
    switch (*format) {
    case Format::Bundle: {
        const auto bundle = PromptBundle::fromJson(data);
        entries = bundle ? StorageResult<QList<PromptBundle::Entry>>(bundle->entries) : bundle.error();
        break;
    }
    case Format::Markdown:
        entries = PromptMarkdown::parse(data);
        break;
    case Format::Prompty: {
        const auto entry = PromptyFormat::parse(data, QFileInfo(path).completeBaseName());
        entries = entry ? StorageResult<QList<PromptBundle::Entry>>(QList {*entry}) : entry.error();
        break;
    }
    }
    if (!entries) {
        return StorageError {entries.error().kind, tr("%1: %2").arg(shown, entries.error().message)};
    }
    return entries;
}

StorageResult<PromptExchange::Report> PromptExchange::importFiles(
    PromptStore &store, const QStringList &paths, const Progress &progress)
{
    QList<PromptBundle::Entry> all;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const auto entries = readFile(paths[i]);
        if (!entries) {
            return entries.error();
        }
        all += *entries;
        if (progress) {
            progress(i + 1, paths.size() * 2);
        }
    }
    return importEntries(store, all, [&](qsizetype done, qsizetype total) {
        if (progress) {
            progress(paths.size() + done * paths.size() / std::max<qsizetype>(total, 1), paths.size() * 2);
        }
    });
}

StorageResult<PromptExchange::Report> PromptExchange::importEntries(
    PromptStore &store, const QList<PromptBundle::Entry> &entries, const Progress &progress)
{
    QSet<QString> names;
    for (const PromptBundle::Entry &entry : entries) {
        const QString name = entry.prompt.name.trimmed();
        if (names.contains(name)) {
            return StorageError {StorageError::Kind::Conflict,
                tr("Two of the imported prompts are named \"%1\"; nothing was imported.").arg(name)};
        }
        names.insert(name);
    }
    Report report;
    Transaction transaction(store.connection());
    if (!transaction.isActive()) {
        return StorageError {StorageError::Kind::Query,
            tr("Cannot start the import: %1").arg(transaction.errorString())};
    }
    qsizetype done = 0;
    for (const PromptBundle::Entry &entry : entries) {
        const std::optional<Prompt> existing = store.findByName(entry.prompt.name);
        qint64 promptId = 0;
        qsizetype first = 0;
        if (!existing) {
            const auto created = store.create(entry.prompt, entry.versions.first());
            if (!created) {
                return created.error();
            }
            promptId = created->id;
            first = 1;
            ++report.created;
        } else {
            promptId = existing->id;
        }
        const QList<PromptVersion> known = store.versions(promptId);
        QList<int> added;
        for (qsizetype i = first; i < entry.versions.size(); ++i) {
            const PromptVersion &incoming = entry.versions[i];
            const bool alreadyThere = std::any_of(known.begin(), known.end(), [&](const PromptVersion &version) {
                return version.sameContentAs(incoming);
            });
            if (alreadyThere && existing) {
                ++report.unchanged;
                continue;
            }
            const auto saved = store.saveVersion(promptId, incoming);
            if (!saved) {
                return saved.error();
            }
            if (existing) {
                added.append(saved->number);
            }
            ++report.newVersions;
        }
        if (existing && !added.isEmpty()) {
            report.conflicts.append(tr("\"%1\" already exists: the imported texts became version(s) %2.")
                    .arg(entry.prompt.name,
                        added.size() == 1 ? QString::number(added.first())
                                          : u"%1–%2"_s.arg(added.first()).arg(added.last())));
        } else if (existing) {
            report.conflicts.append(
                tr("\"%1\" already exists with the same texts: nothing to import.").arg(entry.prompt.name));
        }
        if (progress) {
            progress(++done, entries.size());
        }
    }
    if (!transaction.commit()) {
        return StorageError {StorageError::Kind::Query,
            tr("The import could not be saved, nothing was imported: %1").arg(transaction.errorString())};
    }
    return report;
}

StorageResult<QList<PromptBundle::Entry>> PromptExchange::collect(const PromptStore &store, const QStringList &names)
{
    QList<Prompt> prompts;
    if (names.isEmpty()) {
        const auto all = store.find({.limit = 0});
        if (!all) {
            return all.error();
        }
        prompts = *all;
    } else {
        for (const QString &name : names) {
            const auto prompt = store.findByName(name);
            if (!prompt) {
                return StorageError {StorageError::Kind::NotFound, tr("There is no prompt named \"%1\".").arg(name)};
            }
            prompts.append(*prompt);
        }
    }
    QList<PromptBundle::Entry> entries;
    for (const Prompt &prompt : std::as_const(prompts)) {
        entries.append({prompt, store.versions(prompt.id)});
    }
    return entries;
}

StorageResult<Done> PromptExchange::writeFile(
    const QString &path, Format format, const QList<PromptBundle::Entry> &entries)
{
    switch (format) {
    case Format::Bundle: {
        PromptBundle bundle;
        bundle.entries = entries;
        return save(path, bundle.toJson());
    }
    case Format::Markdown:
        return save(path, PromptMarkdown::write(entries).toUtf8());
    case Format::Prompty:
        if (entries.size() == 1 && !QFileInfo(path).isDir()) {
            return save(path, PromptyFormat::write(entries.first().prompt, entries.first().versions.last()));
        }
        if (!QDir().mkpath(path)) {
            return StorageError {StorageError::Kind::Query,
                tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(path))};
        }
        for (const PromptBundle::Entry &entry : entries) {
            const QString file = QDir(path).filePath(safeFileName(entry.prompt.name) + u".prompty"_s);
            if (const auto saved = save(file, PromptyFormat::write(entry.prompt, entry.versions.last())); !saved) {
                return saved;
            }
        }
        return Done {};
    }
    return Done {};
}

} // namespace Juxta
