// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <optional>

namespace QKeychain {
class Job;
}

namespace Juxta {

/** Why a key store operation failed. The message is for people and never contains a key. */
struct KeyStoreError
{
    enum class Kind {
        /** Nothing is stored for this preset. */
        NotFound,
        /** No keychain backend is reachable (no Secret Service, no D-Bus session, no KWallet). */
        NoKeychain,
        /** The keychain refused: locked, or the user said no. */
        AccessDenied,
        /** The key was rejected before storing: empty, or it holds line breaks or control characters. */
        InvalidKey,
        Other,
    };

    Kind kind = Kind::Other;
    QString message;
};

/** What a read, write or remove ended with. */
struct KeyStoreResult
{
    /** Unset on success. */
    std::optional<KeyStoreError> error;
    /** The stored key after a successful read; empty otherwise. */
    QString key;
    /** True when the operation used this session's memory instead of the OS keychain. */
    bool sessionOnly = false;

    bool isOk() const { return !error.has_value(); }
};

/**
 * API keys in the OS keychain (Secret Service or KWallet on Linux, Keychain on macOS, Credential
 * Manager on Windows), one entry per provider preset id under the service serviceName().
 *
 * Every operation is asynchronous and ends with exactly one signal carrying the preset id and a
 * KeyStoreResult; no signal is emitted from inside the call that started the operation.
 *
 * When no keychain is reachable the store says so once through keychainUnavailable(), switches to
 * keeping keys in memory for the rest of this session, and carries on: the operation that found
 * out, and every later one, is served from memory. Keys are never written to a file.
 *
 * Keys are trimmed of surrounding whitespace before they are written, so a key pasted from a
 * terminal with its line break works. Keys never appear in this class's log output or messages.
 *
 * An operation already handed to the keychain completes even if the store is destroyed first;
 * its signal is then simply not emitted.
 */
class KeyStore : public QObject
{
    Q_OBJECT

public:
    explicit KeyStore(QObject *parent = nullptr);
    ~KeyStore() override;
    Q_DISABLE_COPY_MOVE(KeyStore)

    /** The keychain service all of Juxta's entries live under: "juxta". */
    static QString serviceName();

    /** Reads the key stored for @p presetId; ends with readFinished(). */
    void read(const QString &presetId);
    /** Stores @p key (trimmed) for @p presetId, replacing any earlier key; ends with writeFinished(). */
    void write(const QString &presetId, const QString &key);
    /** Forgets the key for @p presetId; removing a key that isn't stored succeeds. Ends with removeFinished(). */
    void remove(const QString &presetId);

    /** True once the keychain was found unreachable and keys are kept in memory only. */
    bool isSessionOnly() const;

Q_SIGNALS:
    void readFinished(const QString &presetId, const Juxta::KeyStoreResult &result);
    void writeFinished(const QString &presetId, const Juxta::KeyStoreResult &result);
    void removeFinished(const QString &presetId, const Juxta::KeyStoreResult &result);
    /** Emitted once, when the store falls back to session-only memory. @p message says why, for people. */
    void keychainUnavailable(const QString &message);

private:
    enum class Operation { Read, Write, Remove };

    void start(Operation operation, const QString &presetId, const QString &key = {});
    void finishInMemory(Operation operation, const QString &presetId, const QString &key);
    void jobFinished(Operation operation, const QString &presetId, const QString &key, QKeychain::Job *job);
    void switchToSessionOnly(const QString &reason);
    void emitResult(Operation operation, const QString &presetId, const KeyStoreResult &result);

    bool m_sessionOnly = false;
    QHash<QString, QString> m_sessionKeys;
};

} // namespace Juxta
