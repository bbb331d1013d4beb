// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/keyscommand.h"

#include "app/catalog/presetcatalog.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"

#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {
void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}
} // namespace

KeysCommand::KeysCommand(const PresetCatalog &catalog, KeyStore &store, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_store(store)
{ }

void KeysCommand::run(const QStringList &arguments, std::function<void(int)> done)
{
    const QString action = arguments.value(0);
    const QString presetId = arguments.value(1);
    if (arguments.size() != 2 || (action != "set"_L1 && action != "delete"_L1)) {
        print(stderr,
            u"usage: juxta-cli keys set PRESET   (the key is read from standard input)\n"
            "       juxta-cli keys delete PRESET\n"_s);
        return done(1);
    }
    if (!m_catalog.find(presetId)) {
        print(stderr, u"juxta-cli keys: there is no provider preset \"%1\"\n"_s.arg(presetId));
        return done(1);
    }
    connect(&m_store, &KeyStore::keychainUnavailable, this, [](const QString &message) {
        print(stderr, u"juxta-cli keys: %1\n"_s.arg(message));
    });

    if (action == "delete"_L1) {
        connect(&m_store,
            &KeyStore::removeFinished,
            this,
            [presetId, done](const QString &, const KeyStoreResult &result) {
                if (!result.isOk()) {
                    print(stderr, u"juxta-cli keys: %1\n"_s.arg(result.error->message));
                    return done(2);
                }
                print(stdout, u"Removed the key for %1.\n"_s.arg(presetId));
                done(0);
            });
        m_store.remove(presetId);
        return;
    }

    QFile input;
    QString key;
    if (input.open(stdin, QIODevice::ReadOnly)) {
        key = QString::fromUtf8(input.readAll()).trimmed();
    }
    if (key.isEmpty()) {
        print(stderr,
            u"juxta-cli keys: no key on standard input (for example: juxta-cli keys set %1 < key.txt)\n"_s.arg(
                presetId));
        return done(1);
    }
    connect(&m_store,
        &KeyStore::writeFinished,
        this,
        [presetId, key, done](const QString &, const KeyStoreResult &result) {
            if (!result.isOk()) {
                print(stderr, u"juxta-cli keys: %1\n"_s.arg(result.error->message));
                return done(2);
            }
            print(stdout,
                u"Stored %1 for %2%3.\n"_s.arg(ApiKeys::redact(key),
                    presetId,
                    result.sessionOnly ? u" for this session only"_s : QString()));
            // A key that could not reach the keychain is gone when this command exits.
            done(result.sessionOnly ? 2 : 0);
        });
    m_store.write(presetId, key);
}

} // namespace Juxta
