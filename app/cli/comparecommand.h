// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace Juxta {

class CliStorage;
class CompareSession;
class PresetCatalog;
struct RunRecord;

namespace Providers {
class Provider;
}

/**
 * `juxta-cli compare`: one prompt to several PRESET:MODEL panes at once, each answer printed
 * as it completes, then a side-by-side table (or one JSON document with --json).
 */
class CompareCommand : public QObject
{
    Q_OBJECT

public:
    /** Looks up the API key of a preset (keychain, then environment); empty when there is none. */
    using KeyLookup = std::function<QString(const QString &presetId)>;

    CompareCommand(PresetCatalog &catalog, QNetworkAccessManager &network, KeyLookup keys, QObject *parent = nullptr);
    ~CompareCommand() override;

    /**
     * The data directory whose database records every run and provides --prompt NAME[@VERSION].
     * Without one, nothing is recorded and --prompt is unavailable.
     */
    void setDataDirectory(const QString &directory) { m_dataDirectory = directory; }

    /**
     * Runs the command with @p arguments (after "compare") and calls @p done with the exit
     * code: 0 when every pane succeeded, 2 when some failed, 1 for a usage error.
     */
    void run(const QStringList &arguments, std::function<void(int)> done);
    /** Where local panes look up a model given by name rather than by path. */
    void setModelLibraryFolder(const QString &folder) { m_modelFolder = folder; }

private:
    void recordRun(const CompareSession &session, const RunRecord &provenance);

    PresetCatalog &m_catalog;
    QNetworkAccessManager &m_network;
    KeyLookup m_keys;
    QString m_dataDirectory;
    std::unique_ptr<CliStorage> m_storage;
    QString m_modelFolder;
    QHash<QString, Providers::Provider *> m_localProviders;
};

} // namespace Juxta
