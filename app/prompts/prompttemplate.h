// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Juxta {

/**
 * The {{variable}} placeholders of a prompt text. A name is a letter or '_' followed by
 * letters, digits, '_', '-' or '.', with optional spaces inside the braces ({{ topic }}).
 * A backslash before the opening braces (\{{) writes them literally and is not a placeholder.
 */
class PromptTemplate
{
public:
    /** The distinct placeholder names of @p text, in order of first appearance. */
    static QStringList placeholders(const QString &text);

    /**
     * Fills every placeholder from @p values. When a placeholder has no value, returns nothing
     * and lists the missing names in @p missing: a prompt is never sent with literal braces
     * where a value was meant.
     */
    static std::optional<QString> render(
        const QString &text, const QHash<QString, QString> &values, QStringList *missing = nullptr);
};

} // namespace Juxta
