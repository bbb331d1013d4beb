// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatmessage.h"
#include "providers/generationparams.h"

#include <QList>
#include <QString>

namespace Juxta::Providers {

/** Everything one pane sends: the model, its conversation so far and how to generate. */
struct ChatRequest
{
    QString model;
    QString systemPrompt;
    QList<ChatMessage> messages;
    GenerationParams params;
};

} // namespace Juxta::Providers
