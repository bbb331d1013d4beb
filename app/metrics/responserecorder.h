// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatmessage.h"
#include "providers/chatstream.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <optional>

namespace Juxta {

/**
 * Everything one stream produced, with monotonic timestamps of its events: the answer as far
 * as it got, and the raw material of the response's metrics.
 *
 * Attach it right when the request is sent: that moment is time zero for every figure.
 */
class ResponseRecorder : public QObject
{
    Q_OBJECT

public:
    explicit ResponseRecorder(QObject *parent = nullptr);
    ~ResponseRecorder() override;
    Q_DISABLE_COPY_MOVE(ResponseRecorder)

    /** Starts the clock and follows @p stream until it ends. */
    void attach(Providers::ChatStream *stream);

    bool isEnded() const { return m_ended; }
    QString text() const { return m_text; }
    QString reasoning() const { return m_reasoning; }
    QList<Providers::ToolCall> toolCalls() const { return m_toolCalls; }
    Providers::TokenUsage usage() const { return m_usage; }
    Providers::ResponseInfo info() const { return m_info; }
    std::optional<Providers::FinishReason> finishReason() const { return m_finishReason; }
    std::optional<Providers::ProviderError> error() const { return m_error; }
    /** How many text, reasoning and tool-call deltas arrived: a stand-in for tokens when none are reported. */
    qint64 deltaCount() const { return m_deltaCount; }

    // Milliseconds since the request was sent, on a monotonic clock.
    std::optional<qint64> firstByteMs() const { return m_firstByteMs; }
    std::optional<qint64> firstTokenMs() const { return m_firstTokenMs; }
    std::optional<qint64> lastTokenMs() const { return m_lastTokenMs; }
    std::optional<qint64> endMs() const { return m_endMs; }

Q_SIGNALS:
    /** The stream ended, finished or failed. */
    void ended();

private:
    void noteToken(int pieces = 1);
    void end();

    QPointer<Providers::ChatStream> m_stream;
    QElapsedTimer m_clock;
    QString m_text;
    QString m_reasoning;
    QList<Providers::ToolCall> m_toolCalls;
    Providers::TokenUsage m_usage;
    Providers::ResponseInfo m_info;
    std::optional<Providers::FinishReason> m_finishReason;
    std::optional<Providers::ProviderError> m_error;
    qint64 m_deltaCount = 0;
    bool m_ended = false;
    std::optional<qint64> m_firstByteMs;
    std::optional<qint64> m_firstTokenMs;
    std::optional<qint64> m_lastTokenMs;
    std::optional<qint64> m_endMs;
};

} // namespace Juxta
