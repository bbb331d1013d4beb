// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/secrets/keystore.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <qt6keychain/keychain.h>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSecrets, "juxta.secrets", QtInfoMsg)

namespace Juxta {

namespace {

const char *operationName(int operation)
{
    static constexpr std::array names {"read", "write", "remove"};
    return names.at(static_cast<std::size_t>(operation));
}

// QtKeychain reports an unreachable Secret Service or session bus as a generic error whose text
// comes from libsecret, GDBus or QtDBus. These fragments are what those libraries say when there
// is nobody to talk to, as opposed to a keychain that is there but refuses. They are specific on
// purpose: a locked keyring's error also travels over D-Bus and must stay AccessDenied or Other.
bool soundsUnreachable(const QString &backendMessage)
{
    static constexpr std::array fragments {
        "org.freedesktop.DBus.Error.ServiceUnknown"_L1,
        "org.freedesktop.DBus.Error.NoServer"_L1,
        "org.freedesktop.DBus.Error.Disconnected"_L1,
        "org.freedesktop.DBus.Error.FileNotFound"_L1,
        "org.freedesktop.DBus.Error.Spawn"_L1,
        "Could not connect"_L1,
        "autolaunch"_L1,
        "org.freedesktop.secrets"_L1,
        "No keychain service"_L1,
    };
    return std::any_of(fragments.begin(), fragments.end(), [&](QLatin1StringView fragment) {
        return backendMessage.contains(fragment, Qt::CaseInsensitive);
    });
}

KeyStoreError::Kind classify(QKeychain::Error error, const QString &backendMessage)
{
    switch (error) {
    case QKeychain::NoError:
        break;
    case QKeychain::EntryNotFound:
        return KeyStoreError::Kind::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return KeyStoreError::Kind::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return KeyStoreError::Kind::NoKeychain;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        return soundsUnreachable(backendMessage) ? KeyStoreError::Kind::NoKeychain : KeyStoreError::Kind::Other;
    }
    return KeyStoreError::Kind::Other;
}

// A line break inside a key would end up inside an HTTP header; nothing legitimate needs one.
bool hasControlCharacters(const QString &key)
{
    return std::any_of(key.cbegin(), key.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator;
    });
}

// Defence in depth: whatever a backend says, the key itself never reaches a message.
QString withoutKey(QString message, const QString &key)
{
    if (!key.isEmpty()) {
        message.replace(key, u"\u2026"_s);
    }
    return message;
}

KeyStoreResult failure(KeyStoreError::Kind kind, const QString &message, bool sessionOnly)
{
    KeyStoreResult result;
    result.error = KeyStoreError {kind, message};
    result.sessionOnly = sessionOnly;
    return result;
}

} // namespace

KeyStore::KeyStore(QObject *parent)
    : QObject(parent)
{ }

KeyStore::~KeyStore() = default;

QString KeyStore::serviceName()
{
    return u"juxta"_s;
}

void KeyStore::read(const QString &presetId)
{
    start(Operation::Read, presetId);
}

void KeyStore::write(const QString &presetId, const QString &key)
{
    start(Operation::Write, presetId, key.trimmed());
}

void KeyStore::remove(const QString &presetId)
{
    start(Operation::Remove, presetId);
}

bool KeyStore::isSessionOnly() const
{
    return m_sessionOnly;
}

void KeyStore::start(Operation operation, const QString &presetId, const QString &key)
{
    if (presetId.isEmpty()) {
        emitResult(operation,
            presetId,
            failure(KeyStoreError::Kind::Other, tr("No provider was named."), m_sessionOnly));
        return;
    }
    if (operation == Operation::Write && key.isEmpty()) {
        emitResult(operation,
            presetId,
            failure(KeyStoreError::Kind::InvalidKey, tr("The key is empty."), m_sessionOnly));
        return;
    }
    if (operation == Operation::Write && hasControlCharacters(key)) {
        emitResult(operation,
            presetId,
            failure(KeyStoreError::Kind::InvalidKey,
                tr("The key contains a line break or another control character. Copy it again as one "
                   "line."),
                m_sessionOnly));
        return;
    }
    if (m_sessionOnly) {
        finishInMemory(operation, presetId, key);
        return;
    }

    QKeychain::Job *job = nullptr;
    switch (operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(serviceName());
        break;
    case Operation::Write: {
        auto *writeJob = new QKeychain::WritePasswordJob(serviceName());
        writeJob->setTextData(key);
        job = writeJob;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(serviceName());
        break;
    }
    // The job has no parent and deletes itself once finished, so destroying the store while the
    // backend is still busy neither deletes a running job nor leaks it; the context object
    // drops the callback if the store is already gone.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(presetId);
    connect(job, &QKeychain::Job::finished, this, [this, operation, presetId, key](QKeychain::Job *finished) {
        jobFinished(operation, presetId, key, finished);
    });
    qCDebug(lcSecrets) << "keychain" << operationName(static_cast<int>(operation)) << "started for" << presetId;
    job->start();
}

void KeyStore::jobFinished(Operation operation, const QString &presetId, const QString &key, QKeychain::Job *job)
{
    const QKeychain::Error error = job->error();
    const QString backendMessage = withoutKey(job->errorString(), key);
    if (error == QKeychain::NoError) {
        KeyStoreResult result;
        if (operation == Operation::Read) {
            // Entries made by other tools (secret-tool, a password manager) may carry a line break.
            result.key = qobject_cast<QKeychain::ReadPasswordJob *>(job)->textData().trimmed();
        }
        qCDebug(lcSecrets) << "keychain" << operationName(static_cast<int>(operation)) << "succeeded for" << presetId;
        emitResult(operation, presetId, result);
        return;
    }

    const KeyStoreError::Kind kind = classify(error, backendMessage);
    qCDebug(lcSecrets) << "keychain" << operationName(static_cast<int>(operation)) << "for" << presetId
                       << "failed with QKeychain error" << static_cast<int>(error) << backendMessage;
    switch (kind) {
    case KeyStoreError::Kind::NoKeychain:
        switchToSessionOnly(backendMessage);
        finishInMemory(operation, presetId, key);
        return;
    case KeyStoreError::Kind::NotFound:
        if (operation == Operation::Remove) {
            emitResult(operation, presetId, {});
        } else {
            emitResult(operation, presetId, failure(kind, tr("No key is stored for %1.").arg(presetId), false));
        }
        return;
    case KeyStoreError::Kind::AccessDenied:
        emitResult(operation,
            presetId,
            failure(kind,
                tr("The keychain refused access to the key for %1. Unlock it and try again. (%2)")
                    .arg(presetId, backendMessage),
                false));
        return;
    case KeyStoreError::Kind::InvalidKey:
    case KeyStoreError::Kind::Other:
        break;
    }
    QString message;
    switch (operation) {
    case Operation::Read:
        message = tr("The keychain could not read the key for %1: %2");
        break;
    case Operation::Write:
        message = tr("The keychain could not store the key for %1: %2");
        break;
    case Operation::Remove:
        message = tr("The keychain could not remove the key for %1: %2");
        break;
    }
    emitResult(operation, presetId, failure(KeyStoreError::Kind::Other, message.arg(presetId, backendMessage), false));
}

void KeyStore::finishInMemory(Operation operation, const QString &presetId, const QString &key)
{
    KeyStoreResult result;
    result.sessionOnly = true;
    switch (operation) {
    case Operation::Read: {
        const auto found = m_sessionKeys.constFind(presetId);
        if (found == m_sessionKeys.cend()) {
            result = failure(KeyStoreError::Kind::NotFound,
                tr("No key is kept for %1 in this session.").arg(presetId),
                true);
        } else {
            result.key = *found;
        }
        break;
    }
    case Operation::Write:
        m_sessionKeys.insert(presetId, key);
        break;
    case Operation::Remove:
        m_sessionKeys.remove(presetId);
        break;
    }
    qCDebug(lcSecrets) << "session memory" << operationName(static_cast<int>(operation)) << "for" << presetId
                       << (result.isOk() ? "succeeded" : "found nothing");
    emitResult(operation, presetId, result);
}

void KeyStore::switchToSessionOnly(const QString &reason)
{
    if (m_sessionOnly) {
        return;
    }
    m_sessionOnly = true;
    qCWarning(lcSecrets) << "no keychain is reachable; keeping API keys in memory for this session:" << reason;
    QString message = tr("No keychain is reachable, so API keys are kept in memory for this session only and "
                         "are forgotten when Juxta quits. Start a Secret Service such as GNOME Keyring or "
                         "KWallet to keep them.");
    if (!reason.isEmpty()) {
        message += u" ("_s + reason + u')';
    }
    QMetaObject::invokeMethod(
        this,
        [this, message] {
            Q_EMIT keychainUnavailable(message);
        },
        Qt::QueuedConnection);
}

void KeyStore::emitResult(Operation operation, const QString &presetId, const KeyStoreResult &result)
{
    // Always queued: callers can rely on no signal arriving from inside read(), write() or remove(),
    // and results keep the order in which the operations finished.
    QMetaObject::invokeMethod(
        this,
        [this, operation, presetId, result] {
            switch (operation) {
            case Operation::Read:
                Q_EMIT readFinished(presetId, result);
                break;
            case Operation::Write:
                Q_EMIT writeFinished(presetId, result);
                break;
            case Operation::Remove:
                Q_EMIT removeFinished(presetId, result);
                break;
            }
        },
        Qt::QueuedConnection);
}

} // namespace Juxta
