// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Juxta {

/**
 * The part of YAML that prompt front matter uses: block mappings and sequences by
 * indentation, plain and quoted scalars, flow sequences and mappings of scalars, and literal
 * (|) or folded (>) block scalars. Anchors, tags and multi-document streams are refused with
 * an error naming the line, not guessed at.
 */
class YamlLite
{
public:
    /** Parses @p text into JSON values; on failure returns nothing and sets @p error ("line N: …"). */
    static std::optional<QJsonValue> parse(const QString &text, QString *error);
    /** Writes a mapping as block YAML that parse() reads back to the same values. */
    static QString write(const QJsonObject &object);
};

} // namespace Juxta
