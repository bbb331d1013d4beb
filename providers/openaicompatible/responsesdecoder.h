// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/http/ssedecoder.h"
#include "providers/responseinfo.h"

#include <QHash>
#include <QJsonObject>

namespace Juxta::Providers {

/**
 * Decodes OpenAI Responses API streams: typed events with no [DONE], ending at
 * response.completed, response.incomplete or response.failed.
 */
class ResponsesDecoder : public SseDecoder
{
protected:
    void handleEvent(const SseEvent &event, ChatStream &stream) override;

private:
    void handleTerminal(const QString &type, const QJsonObject &response, ChatStream &stream);
    void rememberResponse(const QJsonObject &response);

    ResponseInfo m_info;
    /** Function calls by output item id, so argument deltas find their call's index. */
    QHash<QString, int> m_callIndexByItem;
    int m_callCount = 0;
};

} // namespace Juxta::Providers
