// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runcapture.h"

#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "providers/finishreason.h"
#include "providers/providererror.h"

#include <QDateTime>

using namespace Qt::StringLiterals;
using Juxta::Providers::ChatMessage;
using Juxta::Providers::GenerationParams;
using Juxta::Providers::roleName;

namespace Juxta {

namespace {

QJsonObject parametersJson(const GenerationParams &params)
{
    QJsonObject json;
    if (params.temperature) {
        json.insert(u"temperature"_s, *params.temperature);
    }
    if (params.topP) {
        json.insert(u"top_p"_s, *params.topP);
    }
    if (params.topK) {
        json.insert(u"top_k"_s, *params.topK);
    }
    if (params.minP) {
        json.insert(u"min_p"_s, *params.minP);
    }
    if (params.repeatPenalty) {
        json.insert(u"repeat_penalty"_s, *params.repeatPenalty);
    }
    if (params.maxTokens) {
        json.insert(u"max_tokens"_s, *params.maxTokens);
    }
    if (!params.stop.isEmpty()) {
        json.insert(u"stop"_s, QJsonArray::fromStringList(params.stop));
    }
    if (params.seed) {
        json.insert(u"seed"_s, *params.seed);
    }
    if (!params.reasoningEffort.isEmpty()) {
        json.insert(u"reasoning_effort"_s, params.reasoningEffort);
    }
    if (params.thinkingBudget) {
        json.insert(u"thinking_budget"_s, *params.thinkingBudget);
    }
    if (params.responseFormat == GenerationParams::ResponseFormat::JsonObject) {
        json.insert(u"response_format"_s, u"json_object"_s);
    } else if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
        json.insert(u"response_format"_s, u"json_schema"_s);
        json.insert(u"json_schema"_s, params.jsonSchema);
    }
    return json;
}

QJsonArray toolCallsJson(const QList<Providers::ToolCall> &calls)
{
    QJsonArray json;
    for (const Providers::ToolCall &call : calls) {
        json.append(QJsonObject {{u"id"_s, call.id}, {u"name"_s, call.name}, {u"arguments"_s, call.arguments}});
    }
    return json;
}

} // namespace

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
        pane.parameters = parametersJson(config.params);
        pane.systemPrompt = config.systemPrompt;
        for (const ChatMessage &message : session.conversation(i)) {
            QJsonObject turn {{u"role"_s, roleName(message.role)}, {u"content"_s, message.content}};
            if (!message.reasoning.isEmpty()) {
                turn.insert(u"reasoning"_s, message.reasoning);
            }
            if (!message.toolCalls.isEmpty()) {
                turn.insert(u"tool_calls"_s, toolCallsJson(message.toolCalls));
            }
            if (!message.toolCallId.isEmpty()) {
                turn.insert(u"tool_call_id"_s, message.toolCallId);
            }
            pane.conversation.append(turn);
        }
        pane.output = recorder.text();
        pane.reasoning = recorder.reasoning();
        pane.toolCalls = toolCallsJson(recorder.toolCalls());
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
