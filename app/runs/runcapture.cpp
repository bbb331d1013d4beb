// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runcapture.h"

#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "app/runs/conversationjson.h"
#include "app/runs/parameterjson.h"
#include "providers/finishreason.h"
#include "providers/providererror.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Juxta {

RunRecord RunCapture::fromSession(const CompareSession &session, const PresetCatalog &catalog, RunRecord run)
{
    if (!run.createdAt.isValid()) {
        run.createdAt = QDateTime::currentDateTimeUtc();
    }
    run.panes.clear();
    for (int i = 0; i < session.paneCount(); ++i) {
        const PaneConfig &config = session.paneConfig(i);
        const ResponseRecorder &recorder = session.recorder(i);
        RunPane pane;
        pane.paneIndex = i;
        pane.presetId = config.presetId;
        if (const Providers::ProviderPreset *preset = catalog.find(config.presetId)) {
            pane.endpointHost = preset->baseUrl.host();
        }
        pane.modelRequested = config.model;
        pane.modelAnswered = recorder.info().model;
        pane.parameters = ParameterJson::write(config.params);
        pane.systemPrompt = config.systemPrompt;
        pane.conversation = ConversationJson::write(session.conversation(i));
        pane.output = recorder.text();
        pane.reasoning = recorder.reasoning();
        pane.toolCalls = ConversationJson::writeToolCalls(recorder.toolCalls());
        if (const auto reason = recorder.finishReason()) {
            pane.finishReason = Providers::finishReasonName(*reason);
        }
        if (const auto error = recorder.error()) {
            pane.errorKind = Providers::ProviderError::kindName(error->kind);
            pane.errorMessage = error->message;
        } else if (!recorder.finishReason()) {
            // A pane that neither finished nor failed was stopped; history says so.
            pane.errorKind = u"cancelled"_s;
        }
        pane.responseId = recorder.info().responseId;
        pane.annotations = recorder.info().annotations;
        pane.metrics = session.metrics(i);
        run.panes.append(pane);
    }
    return run;
}

} // namespace Juxta
