// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/metrics/responsemetrics.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Juxta {

/** What one pane of a recorded run asked and got, with full provenance. */
struct RunPane
{
    int paneIndex = 0;
    QString presetId;
    /** The host the request went to (after any base-URL override). */
    QString endpointHost;
    QString modelRequested;
    /** The model id the server said answered; empty when it did not say. */
    QString modelAnswered;
    QJsonObject parameters;
    QString systemPrompt;
    /** The pane's whole conversation: [{"role","content","reasoning","tool_calls","tool_call_id"}]. */
    QJsonArray conversation;
    QString output;
    QString reasoning;
    /** [{"id","name","arguments"}] */
    QJsonArray toolCalls;
    /** finishReasonName() of how it ended; empty when it failed. */
    QString finishReason;
    /** ProviderError::kindName() when it failed. */
    QString errorKind;
    QString errorMessage;
    QString responseId;
    /** Content-filter results and similar verdicts. */
    QJsonArray annotations;
    ResponseMetrics metrics;

    bool failed() const { return !errorKind.isEmpty(); }
};

} // namespace Juxta
