// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QString>

namespace Juxta::Providers {

/** Provenance of an answer: what actually served it. */
struct ResponseInfo
{
    QString responseId;
    /** The model id the server says answered (may differ from the one requested). */
    QString model;
    QString systemFingerprint;
    /** The finish reason exactly as the provider wrote it. */
    QString rawFinishReason;
    /** Content-filter results and similar verdicts the provider attached (Azure's, Gemini's). */
    QJsonArray annotations;
};

} // namespace Juxta::Providers
