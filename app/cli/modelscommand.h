// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/comparecommand.h"

namespace Juxta {

/**
 * `juxta-cli models PRESET`: the models a provider serves, asked of the provider itself;
 * `models local`: the GGUF models of the library, described from their headers;
 * `models add PATH [--reference]`: adds a GGUF to the library;
 * `models add URL [--sha256 HEX]`: downloads one into it (resumable);
 * `models starters [--json]`: the recommended starter models (StarterModels);
 * `models add starter:ID`: downloads one of them, the same way as a URL.
 */
class ModelsCommand : public QObject
{
    Q_OBJECT

public:
    ModelsCommand(PresetCatalog &catalog,
        QNetworkAccessManager &network,
        CompareCommand::KeyLookup keys,
        QObject *parent = nullptr);
    void run(const QStringList &arguments, std::function<void(int)> done);

private:
    int listLocal(const QStringList &arguments);
    int addModel(const QStringList &arguments);
    void downloadModel(const QStringList &arguments, std::function<void(int)> done);
    int listStarters(const QStringList &arguments);
    void addStarter(const QString &id, const QStringList &arguments, std::function<void(int)> done);
    void download(const QUrl &url, const QByteArray &sha256, std::function<void(int)> done);

    PresetCatalog &m_catalog;
    QNetworkAccessManager &m_network;
    CompareCommand::KeyLookup m_keys;
};

} // namespace Juxta
