// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Juxta {

/** A line-by-line difference between two texts, such as two versions of a prompt. */
class TextDiff
{
public:
    struct Line
    {
        enum class Change { Same, Removed, Added };
        Change change = Change::Same;
        QString text;
        bool operator==(const Line &) const = default;
    };

    /** The lines of @p after against @p before: a shortest edit script (longest common subsequence). */
    static QList<Line> lines(const QString &before, const QString &after);
    /** The diff as text: "  same", "- removed", "+ added", one line each. */
    static QString unified(const QString &before, const QString &after);
};

} // namespace Juxta
