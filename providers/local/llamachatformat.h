// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/chatrequest.h"

#include <QByteArray>

struct llama_model;

namespace Juxta::Providers {

/**
 * A conversation as the prompt text a model was trained on, through libllama's
 * llama_chat_apply_template(). libllama knows the common templates by their text; for one it
 * does not know (or a model without a template) ChatML is used, and the caller says so.
 */
class LlamaChatFormat
{
public:
    struct Result
    {
        QByteArray prompt;
        bool usedFallback = false;
    };

    /** Formats @p request's system prompt and messages, ending with the assistant's turn. */
    static Result format(const llama_model *model, const ChatRequest &request);
    /** Formats with the template text or built-in name @p chatTemplate; nothing when libllama does not know it. */
    static std::optional<QByteArray> apply(const char *chatTemplate, const ChatRequest &request);
};

} // namespace Juxta::Providers
