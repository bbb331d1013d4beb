// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/ggufmetadata.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Juxta {

/**
 * The GGUF models on this machine: the files in the models folder, and files elsewhere the
 * user added by reference (listed in the folder's references.json). Each is described from its
 * GGUF header alone, so a scan never loads weights; a file that is not a usable model is listed
 * with the reason.
 *
 * The folder is, in order: the one given to the constructor, $JUXTA_MODELS_DIR, the
 * "models/folder" setting, or "Juxta/models" in the platform's shared data location (the same
 * for juxta and juxta-cli).
 */
class ModelLibrary
{
public:
    struct Entry
    {
        /** The name panes use: the file name without ".gguf". */
        QString name;
        QString path;
        /** Added by reference: the file stays where the user keeps it. */
        bool referenced = false;
        std::optional<Providers::GgufMetadata> metadata;
        /** Why the file is not a usable model, when it is not. */
        QString error;
    };

    enum class AddMode { Copy, Reference };

    /** Checks there is room for @p bytes in @p folder; tests replace it to simulate a full disk. */
    using FreeSpaceCheck = std::function<qint64(const QString &folder)>;

    explicit ModelLibrary(const QString &folder = {});

    static QString defaultFolder();
    QString folder() const { return m_folder; }

    /** Every model, sorted by name. */
    QList<Entry> scan() const;
    /** The file a name (or a path) stands for; empty when the library has no such model. */
    QString resolve(const QString &nameOrPath) const;

    /**
     * Adds the GGUF at @p path: copied into the folder (through a temporary name, renamed when
     * complete) or referenced where it is. The file must read as a GGUF model first. On
     * failure returns nothing and sets @p error.
     */
    std::optional<Entry> add(const QString &path, AddMode mode, QString *error);

    /** Bytes free where @p folder lives (QStorageInfo unless replaced). */
    qint64 freeSpace(const QString &folder) const;
    void setFreeSpaceCheck(FreeSpaceCheck check) { m_freeSpace = std::move(check); }

private:
    QString referencesFile() const;
    QList<Entry> references() const;
    bool writeReferences(const QList<Entry> &entries, QString *error) const;
    static Entry describe(const QString &path, bool referenced);

    QString m_folder;
    FreeSpaceCheck m_freeSpace;
};

} // namespace Juxta
