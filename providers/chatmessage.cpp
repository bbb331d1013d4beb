// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/chatmessage.h"

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

QString roleName(ChatMessage::Role role)
{
    switch (role) {
    case ChatMessage::Role::System:
        return u"system"_s;
    case ChatMessage::Role::User:
        return u"user"_s;
    case ChatMessage::Role::Assistant:
        return u"assistant"_s;
    case ChatMessage::Role::Tool:
        return u"tool"_s;
    }
    return u"user"_s;
}

} // namespace Juxta::Providers
