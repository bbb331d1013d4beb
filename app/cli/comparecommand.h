// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/compare/paneconfig.h"
#include "providers/local/localenginesettings.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

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
     * code: 0 when every pane succeeded, 2 when some failed, 1 for a usage error. With
     * --prompt, the version's suggested models are the panes when no -p is given, its suggested
     * parameters apply where no option sets them, and its default values fill the variables
     * no --var gives.
     */
    void run(const QStringList &arguments, std::function<void(int)> done);
    /**
     * `juxta-cli history rerun ID [-p PRESET:MODEL …] [--json] [--no-history]`: sends a recorded
     * run's prompt (its library version and variables, or its raw text, with its system prompt
     * and parameters) again, to the given panes or to the run's own, as a fresh conversation.
     * The result is recorded as a new run that names the one it re-ran. Exit codes as run().
     */
    void rerun(const QStringList &arguments, std::function<void(int)> done);
    /** Where local panes look up a model given by name rather than by path. */
    void setModelLibraryFolder(const QString &folder) { m_modelFolder = folder; }

private:
    std::optional<PaneConfig> paneFromSpec(const QString &spec, QString *problem) const;
    bool openStorage(QString *problem);
    void execute(const QList<PaneConfig> &panes,
        const QString &prompt,
        const RunRecord &provenance,
        const Providers::LocalEngineSettings &engineSettings,
        bool json,
        bool record,
        std::function<void(int)> done);
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
