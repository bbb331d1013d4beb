// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/secrets/apikeys.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcSecrets)

namespace Juxta {

namespace {

// At least this many characters of a key always stay hidden.
constexpr qsizetype MinimumHidden = 8;
constexpr qsizetype VisibleTail = 4;

// Prefixes that name the vendor rather than carry secret material.
constexpr std::array KnownPrefixes {"sk-"_L1, "xai-"_L1, "gsk_"_L1, "AIza"_L1};

// The last @p count code points of @p text, never splitting a surrogate pair.
QString lastCodePoints(const QString &text, qsizetype count)
{
    qsizetype start = text.size();
    for (; count > 0 && start > 0; --count) {
        --start;
        if (start > 0 && text.at(start).isLowSurrogate() && text.at(start - 1).isHighSurrogate()) {
            --start;
        }
    }
    return text.sliced(start);
}

} // namespace

QString ResolvedKey::redacted() const
{
    return ApiKeys::redact(key);
}

ApiKeys::ApiKeys(KeyStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    if (!store) {
        return;
    }
    connect(store, &KeyStore::readFinished, this, &ApiKeys::storeRead);
    // Nobody will answer the reads still pending: settle them from the environment.
    connect(store, &QObject::destroyed, this, [this] {
        const auto pending = std::exchange(m_pending, {});
        for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
            for (const QString &variable : it.value()) {
                finish(it.key(), variable, {});
            }
        }
    });
}

ApiKeys::~ApiKeys() = default;

void ApiKeys::resolve(const QString &presetId, const QString &environmentVariable)
{
    if (!m_store) {
        // Keep the promise of an asynchronous answer even without a store.
        QMetaObject::invokeMethod(
            this,
            [this, presetId, environmentVariable] {
                finish(presetId, environmentVariable, {});
            },
            Qt::QueuedConnection);
        return;
    }
    m_pending[presetId].append(environmentVariable);
    m_store->read(presetId);
}

void ApiKeys::storeRead(const QString &presetId, const KeyStoreResult &result)
{
    // The store is shared, so reads started by others arrive here too. Any read of this preset
    // answers the oldest waiting resolution: it reflects the stored key just as well.
    const auto pending = m_pending.find(presetId);
    if (pending == m_pending.end()) {
        return;
    }
    const QString variable = pending->takeFirst();
    if (pending->isEmpty()) {
        m_pending.erase(pending);
    }

    ResolvedKey resolution;
    if (result.isOk() && !result.key.isEmpty()) {
        resolution.key = result.key;
        resolution.source = result.sessionOnly ? KeySource::SessionMemory : KeySource::Keychain;
    } else if (result.error && result.error->kind != KeyStoreError::Kind::NotFound
        && result.error->kind != KeyStoreError::Kind::NoKeychain) {
        resolution.keychainError = result.error;
    }
    finish(presetId, variable, resolution);
}

void ApiKeys::finish(const QString &presetId, const QString &environmentVariable, ResolvedKey resolution)
{
    if (resolution.source == KeySource::None && !environmentVariable.isEmpty()) {
        const QString fromEnvironment = qEnvironmentVariable(environmentVariable.toLocal8Bit().constData()).trimmed();
        if (!fromEnvironment.isEmpty()) {
            resolution.key = fromEnvironment;
            resolution.source = KeySource::Environment;
        }
    }
    qCDebug(lcSecrets) << "key for" << presetId << "resolved" << describe(resolution.source);
    Q_EMIT resolved(presetId, resolution);
}

QString ApiKeys::redact(const QString &key)
{
    const QString trimmed = key.trimmed();
    // Count code points, so a key with characters outside the BMP is measured and cut correctly.
    const qsizetype length = trimmed.toUcs4().size();
    if (length == 0) {
        return {};
    }
    const QString ellipsis = u"\u2026"_s;
    if (length < MinimumHidden + VisibleTail) {
        return ellipsis;
    }
    QString prefix;
    for (const QLatin1StringView known : KnownPrefixes) {
        if (trimmed.startsWith(known) && length >= known.size() + MinimumHidden + VisibleTail) {
            prefix = known;
            break;
        }
    }
    return prefix + ellipsis + lastCodePoints(trimmed, VisibleTail);
}

QString ApiKeys::describe(KeySource source)
{
    switch (source) {
    case KeySource::None:
        return tr("not set");
    case KeySource::Keychain:
        return tr("from the keychain");
    case KeySource::Environment:
        return tr("from the environment");
    case KeySource::SessionMemory:
        return tr("kept for this session only");
    }
    return {};
}

} // namespace Juxta
