// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/http/streamdecoder.h"
#include "providers/streaming/sseparser.h"

#include <QJsonObject>

#include <optional>

namespace Juxta::Providers {

/**
 * What every server-sent-events family shares: cutting the body into events, stopping at the
 * stream's end, and turning an event whose data is not a JSON object into a malformed-stream
 * error. A family handles each event and says what the end of the body means.
 */
class SseDecoder : public StreamDecoder
{
public:
    void feed(QByteArrayView bytes, ChatStream &stream) final;
    void finish(ChatStream &stream) final;

protected:
    /** @p event may refer to the parser's buffer: copy what must outlive the call. */
    virtual void handleEvent(const SseEvent &event, ChatStream &stream) = 0;
    /** The body ended and every event was handled; the default leaves the stream open (truncated). */
    virtual void endOfBody(ChatStream &stream);

    /** The event's data as a JSON object, or nothing after reporting the stream malformed. */
    static std::optional<QJsonObject> jsonObject(QByteArrayView data, ChatStream &stream);

private:
    void handleEventUnlessEnded(const SseEvent &event, ChatStream &stream);

    SseParser m_parser;
};

} // namespace Juxta::Providers
