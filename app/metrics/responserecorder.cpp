// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/metrics/responserecorder.h"

namespace Juxta {

using namespace Providers;

ResponseRecorder::ResponseRecorder(QObject *parent)
    : QObject(parent)
{ }

ResponseRecorder::~ResponseRecorder() = default;

void ResponseRecorder::attach(ChatStream *stream)
{
    m_stream = stream;
    m_clock.start();
    connect(stream, &ChatStream::started, this, [this] {
        m_firstByteMs = m_clock.elapsed();
    });
    connect(stream, &ChatStream::textDelta, this, [this](const QString &text, int pieces) {
        m_text += text;
        noteToken(pieces);
    });
    connect(stream, &ChatStream::reasoningDelta, this, [this](const QString &text, int pieces) {
        m_reasoning += text;
        noteToken(pieces);
    });
    connect(stream, &ChatStream::toolCallDelta, this, [this](const ToolCallDelta &delta) {
        // Tool calls stream by index: the first piece names the call, later ones add arguments.
        while (m_toolCalls.size() <= delta.index) {
            m_toolCalls.append(ToolCall {});
        }
        ToolCall &call = m_toolCalls[delta.index];
        if (!delta.id.isEmpty()) {
            call.id = delta.id;
        }
        if (!delta.name.isEmpty()) {
            call.name = delta.name;
        }
        call.arguments += delta.argumentsFragment;
        noteToken();
    });
    connect(stream, &ChatStream::usageReported, this, [this](const TokenUsage &usage) {
        m_usage.merge(usage);
    });
    connect(stream, &ChatStream::responseInfoReported, this, [this](const ResponseInfo &info) {
        m_info = info;
    });
    connect(stream, &ChatStream::finished, this, [this](FinishReason reason) {
        m_finishReason = reason;
        end();
    });
    connect(stream, &ChatStream::failed, this, [this](const ProviderError &error) {
        m_error = error;
        end();
    });
    // A stream deleted before it ended (its pane closed) still ends the record.
    connect(stream, &QObject::destroyed, this, [this] {
        if (!m_ended) {
            m_error = ProviderError::make(ProviderError::Kind::Cancelled, tr("Stopped."));
            end();
        }
    });
}

void ResponseRecorder::noteToken(int pieces)
{
    const qint64 now = m_clock.elapsed();
    if (!m_firstTokenMs) {
        m_firstTokenMs = now;
    }
    m_lastTokenMs = now;
    m_deltaCount += pieces;
}

void ResponseRecorder::end()
{
    m_ended = true;
    m_endMs = m_clock.elapsed();
    Q_EMIT ended();
}

} // namespace Juxta
