// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamachatformat.h"

#include <llama.h>

#include <vector>

namespace Juxta::Providers {

std::optional<QByteArray> LlamaChatFormat::apply(const char *chatTemplate, const ChatRequest &request)
{
    if (!chatTemplate) {
        return std::nullopt;
    }
    // llama_chat_message points into these: they must live until the template is applied.
    QByteArrayList contents;
    QByteArrayList roles;
    std::vector<llama_chat_message> messages;
    if (!request.systemPrompt.isEmpty()) {
        contents.append(request.systemPrompt.toUtf8());
        messages.push_back({"system", contents.constLast().constData()});
    }
    for (const ChatMessage &message : request.messages) {
        contents.append(message.content.toUtf8());
        roles.append(roleName(message.role).toLatin1());
        messages.push_back({roles.constLast().constData(), contents.constLast().constData()});
    }
    qsizetype total = 64;
    for (const QByteArray &content : std::as_const(contents)) {
        total += content.size();
    }
    QByteArray prompt(2 * total, Qt::Uninitialized);
    int length = llama_chat_apply_template(chatTemplate,
        messages.data(),
        messages.size(),
        true,
        prompt.data(),
        int(prompt.size()));
    if (length < 0) {
        return std::nullopt;
    }
    if (length > prompt.size()) {
        prompt.resize(length);
        length = llama_chat_apply_template(chatTemplate,
            messages.data(),
            messages.size(),
            true,
            prompt.data(),
            int(prompt.size()));
    }
    prompt.truncate(length);
    return prompt;
}

LlamaChatFormat::Result LlamaChatFormat::format(const llama_model *model, const ChatRequest &request)
{
    if (auto prompt = apply(llama_model_chat_template(model, nullptr), request)) {
        return {*prompt, false};
    }
    return {apply("chatml", request).value_or(QByteArray()), true};
}

} // namespace Juxta::Providers
