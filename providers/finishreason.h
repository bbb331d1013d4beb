// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta::Providers {

/** Why a model stopped, in one vocabulary across providers. */
enum class FinishReason {
    Stop, ///< the model ended its answer (or hit a stop sequence)
    Length, ///< the token limit cut the answer
    ToolCalls, ///< the model asked for tool calls
    ContentFilter, ///< the provider's safety filter stopped or withheld the answer
    Refusal, ///< the model declined
    Other, ///< anything else the provider named (the raw reason is kept in ResponseInfo)
};

/** A stable lower-case name, as used in JSON output and history. */
QString finishReasonName(FinishReason reason);

} // namespace Juxta::Providers
