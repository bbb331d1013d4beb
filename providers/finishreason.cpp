// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/finishreason.h"

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

QString finishReasonName(FinishReason reason)
{
    switch (reason) {
    case FinishReason::Stop:
        return u"stop"_s;
    case FinishReason::Length:
        return u"length"_s;
    case FinishReason::ToolCalls:
        return u"tool_calls"_s;
    case FinishReason::ContentFilter:
        return u"content_filter"_s;
    case FinishReason::Refusal:
        return u"refusal"_s;
    case FinishReason::Other:
        return u"other"_s;
    }
    return u"other"_s;
}

} // namespace Juxta::Providers
