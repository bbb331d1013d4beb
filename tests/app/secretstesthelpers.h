// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the secrets tests: waiting on KeyStore signals and watching everything logged.
#pragma once

#include "app/secrets/keystore.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSignalSpy>
#include <QStringList>

#include <optional>

namespace SecretsTest {

constexpr int TimeoutMs = 15000;

/** Records every message logged in the process (and passes it on), with all juxta categories on. */
class LogCapture
{
public:
    static void install()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("juxta.*=true"));
        s_previous = qInstallMessageHandler(&handle);
    }

    static QStringList messages()
    {
        const QMutexLocker locker(&s_mutex);
        return s_messages;
    }

    /** The first logged message containing @p needle, or nothing. */
    static std::optional<QString> find(const QString &needle)
    {
        const QMutexLocker locker(&s_mutex);
        for (const QString &message : std::as_const(s_messages)) {
            if (message.contains(needle)) {
                return message;
            }
        }
        return std::nullopt;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        {
            const QMutexLocker locker(&s_mutex);
            s_messages.append(message);
        }
        if (s_previous) {
            s_previous(type, context, message);
        }
    }

    inline static QMutex s_mutex;
    inline static QStringList s_messages;
    inline static QtMessageHandler s_previous = nullptr;
};

using StoreSignal = void (Juxta::KeyStore::*)(const QString &, const Juxta::KeyStoreResult &);

/** Starts an operation and returns the result its signal carried, or nothing if the signal did not
 *  arrive exactly once for @p presetId within the timeout. */
template<typename Start>
std::optional<Juxta::KeyStoreResult> await(
    Juxta::KeyStore &store, StoreSignal signal, const QString &presetId, Start &&start)
{
    QSignalSpy spy(&store, signal);
    start();
    if (!spy.isEmpty() || !spy.wait(TimeoutMs) || spy.size() != 1) {
        return std::nullopt;
    }
    if (spy.at(0).at(0).toString() != presetId) {
        return std::nullopt;
    }
    return spy.at(0).at(1).value<Juxta::KeyStoreResult>();
}

/** Why @p result is not a success, for QVERIFY2. */
inline QByteArray failureText(const std::optional<Juxta::KeyStoreResult> &result)
{
    if (!result) {
        return QByteArrayLiteral("no single result signal arrived");
    }
    return result->error ? result->error->message.toUtf8() : QByteArrayLiteral("no error");
}

inline std::optional<Juxta::KeyStoreResult> readKey(Juxta::KeyStore &store, const QString &presetId)
{
    return await(store, &Juxta::KeyStore::readFinished, presetId, [&] {
        store.read(presetId);
    });
}

inline std::optional<Juxta::KeyStoreResult> writeKey(
    Juxta::KeyStore &store, const QString &presetId, const QString &key)
{
    return await(store, &Juxta::KeyStore::writeFinished, presetId, [&] {
        store.write(presetId, key);
    });
}

inline std::optional<Juxta::KeyStoreResult> removeKey(Juxta::KeyStore &store, const QString &presetId)
{
    return await(store, &Juxta::KeyStore::removeFinished, presetId, [&] {
        store.remove(presetId);
    });
}

} // namespace SecretsTest
