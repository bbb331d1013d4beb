// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatrequest.h"
#include "providers/providererror.h"
#include "providers/providerpreset.h"

#include <QObject>

namespace Juxta::Providers {

class ChatStream;

/** The models a provider lists, delivered once: finished() or failed(). */
class ModelListing : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void finished(const QList<Juxta::Providers::ModelInfo> &models);
    void failed(const Juxta::Providers::ProviderError &error);
};

/**
 * Something that answers chat requests: a cloud API of one wire family configured by a
 * preset, or the local engine. Panes, metrics, history and the CLI see only this interface.
 */
class Provider : public QObject
{
    Q_OBJECT

public:
    explicit Provider(const ProviderPreset &preset, QObject *parent = nullptr);
    ~Provider() override;
    Q_DISABLE_COPY_MOVE(Provider)

    const ProviderPreset &preset() const { return m_preset; }

    /** Starts one answer. The caller owns the returned stream and may delete it at any time. */
    virtual ChatStream *start(const ChatRequest &request) = 0;
    /** Names of the request's parameters this provider cannot honour ("top_k", "seed"…). */
    virtual QStringList unsupportedParameters(const ChatRequest &request) const = 0;
    /** Asks the provider which models it serves. The caller owns the returned listing. */
    virtual ModelListing *listModels() = 0;

private:
    ProviderPreset m_preset;
};

} // namespace Juxta::Providers
