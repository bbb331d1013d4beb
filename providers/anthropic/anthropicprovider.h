// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/http/httpprovider.h"

namespace Juxta::Providers {

/** Anthropic's Messages API: system as a top-level field, a required max_tokens, extended thinking. */
class AnthropicProvider : public HttpProvider
{
    Q_OBJECT

public:
    using HttpProvider::HttpProvider;

    QByteArray requestBody(const ChatRequest &request) const override;

protected:
    std::unique_ptr<StreamDecoder> createDecoder() const override;
    QList<ModelInfo> modelsFromJson(const QJsonObject &document) const override;
    QStringList familyUnsupportedParameters() const override;
};

} // namespace Juxta::Providers
