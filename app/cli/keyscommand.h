// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

namespace Juxta {

class KeyStore;
class PresetCatalog;

/**
 * `juxta-cli keys set|delete PRESET`: stores or forgets a preset's API key in the OS keychain.
 * The key is read from standard input, never from the command line, where shell history and
 * process listings would keep it.
 */
class KeysCommand : public QObject
{
    Q_OBJECT

public:
    KeysCommand(const PresetCatalog &catalog, KeyStore &store, QObject *parent = nullptr);
    void run(const QStringList &arguments, std::function<void(int)> done);

private:
    const PresetCatalog &m_catalog;
    KeyStore &m_store;
};

} // namespace Juxta
