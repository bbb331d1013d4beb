// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Juxta::Ui {

/**
 * A word-level difference between two answers: what a reader sees changed, not which bytes.
 *
 * Text is cut into words, runs of whitespace and single punctuation marks; whitespace
 * matches whitespace of any length, so re-wrapped lines are not changes. Long answers are
 * first compared line by line and only changed stretches word by word, which keeps the work
 * bounded for answers of any size.
 */
class WordDiff
{
public:
    enum class Change { Same, Removed, Added };

    struct Segment
    {
        Change change = Change::Same;
        QString text;
        bool operator==(const Segment &) const = default;
    };

    /** @p after against @p before, adjacent pieces of one kind merged. Same pieces carry @p after's text. */
    static QList<Segment> compare(const QString &before, const QString &after);
    /** Words, whitespace runs and punctuation marks, in order; joined they give @p text back. */
    static QStringList tokenize(const QString &text);
    /** How many words (not whitespace or punctuation) @p segments remove and add. */
    static std::pair<int, int> countWords(const QList<Segment> &segments);
};

} // namespace Juxta::Ui
