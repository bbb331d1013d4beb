// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

namespace Juxta::Providers {

class ChatStream;

/**
 * Turns one wire family's response body into stream events. Pure: no network, no timers, so
 * each family's decoding is tested by feeding it bytes.
 */
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;

    /** Bytes as they arrive, split anywhere. Reports events, the end or a failure on @p stream. */
    virtual void feed(QByteArrayView bytes, ChatStream &stream) = 0;
    /** The body ended. A decoder that has not seen its family's final event reports Truncated. */
    virtual void finish(ChatStream &stream) = 0;
};

} // namespace Juxta::Providers
