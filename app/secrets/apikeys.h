// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/secrets/keystore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

namespace Juxta {

/** Where a resolved API key came from. */
enum class KeySource {
    /** No key anywhere: the provider can't be used until the user enters one. */
    None,
    /** The OS keychain. */
    Keychain,
    /** An environment variable such as OPENAI_API_KEY; Juxta reads these and never writes them. */
    Environment,
    /** Entered in this session while no keychain was reachable; forgotten when Juxta quits. */
    SessionMemory,
};

/** The key to use for a preset, and where it came from. */
struct ResolvedKey
{
    /** Empty when source is KeySource::None. */
    QString key;
    KeySource source = KeySource::None;
    /** Set when the keychain failed for a reason other than holding no key (locked, refused,
     *  broken), so the UI can say why even if the environment supplied a key. */
    std::optional<KeyStoreError> keychainError;

    /** The key as it may be shown: see ApiKeys::redact(). */
    QString redacted() const;
};

/**
 * Finds the API key for a provider preset: the key stored through KeyStore first (the OS keychain,
 * or session memory when no keychain is reachable), then the preset's environment variable.
 * Asynchronous: each resolve() ends with one resolved() signal.
 */
class ApiKeys : public QObject
{
    Q_OBJECT

public:
    /** @p store is shared with whoever writes keys. If it is destroyed, waiting and later
     *  resolutions are answered from the environment alone. */
    explicit ApiKeys(KeyStore *store, QObject *parent = nullptr);
    ~ApiKeys() override;
    Q_DISABLE_COPY_MOVE(ApiKeys)

    /** Looks up @p presetId, falling back to the environment variable @p environmentVariable
     *  (may be empty when the preset has none). Ends with resolved(). */
    void resolve(const QString &presetId, const QString &environmentVariable);

    /**
     * @p key as it may appear on screen or in a report: a well-known prefix (sk-, xai-, gsk_, AIza)
     * and the last four characters, with everything between replaced by "…", e.g. "sk-…abcd".
     * Short keys keep less (only the tail, then nothing at all: "…") so that at least eight
     * characters always stay hidden. Surrounding whitespace is ignored; an empty key stays empty.
     */
    static QString redact(const QString &key);
    /** A short human description of @p source, e.g. "from the environment". */
    static QString describe(KeySource source);

Q_SIGNALS:
    void resolved(const QString &presetId, const Juxta::ResolvedKey &key);

private:
    void storeRead(const QString &presetId, const KeyStoreResult &result);
    void finish(const QString &presetId, const QString &environmentVariable, ResolvedKey resolution);

    QPointer<KeyStore> m_store;
    /** Environment variable names of the resolutions waiting on the store, oldest first. */
    QHash<QString, QStringList> m_pending;
};

} // namespace Juxta
