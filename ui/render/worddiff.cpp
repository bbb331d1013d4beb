// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/worddiff.h"

#include "app/prompts/textdiff.h"

#include <vector>

namespace Juxta::Ui {

namespace {

// Above this many table cells a stretch is compared line by line first, then shown as replaced.
constexpr qsizetype MaxCells = 4'000'000;

enum class CharClass { Space, Word, Mark };

CharClass classOf(QChar c)
{
    if (c.isSpace()) {
        return CharClass::Space;
    }
    if (c.isLetterOrNumber() || c == u'_' || c.isMark() || c.isSurrogate()) {
        return CharClass::Word;
    }
    return CharClass::Mark;
}

bool isSpace(const QString &token)
{
    return !token.isEmpty() && token[0].isSpace();
}

bool same(const QString &a, const QString &b)
{
    return a == b || (isSpace(a) && isSpace(b));
}

void append(QList<WordDiff::Segment> &segments, WordDiff::Change change, const QString &text)
{
    if (text.isEmpty()) {
        return;
    }
    if (!segments.isEmpty() && segments.back().change == change) {
        segments.back().text += text;
    } else {
        segments.append({change, text});
    }
}

// Token diff by longest common subsequence, for stretches small enough.
void diffTokens(const QStringList &a, const QStringList &b, QList<WordDiff::Segment> &segments)
{
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && same(a[head], b[head])) {
        append(segments, WordDiff::Change::Same, b[head]);
        ++head;
    }
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && same(a[a.size() - 1 - tail], b[b.size() - 1 - tail])) {
        ++tail;
    }
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    if (n * m > MaxCells) {
        for (qsizetype i = 0; i < n; ++i) {
            append(segments, WordDiff::Change::Removed, a[head + i]);
        }
        for (qsizetype j = 0; j < m; ++j) {
            append(segments, WordDiff::Change::Added, b[head + j]);
        }
    } else {
        // common[i * (m + 1) + j]: the longest common subsequence of a[head+i..] and b[head+j..].
        std::vector<quint32> common(size_t((n + 1) * (m + 1)), 0);
        const auto at = [m](qsizetype i, qsizetype j) {
            return size_t(i * (m + 1) + j);
        };
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                common[at(i, j)] = same(a[head + i], b[head + j])
                    ? common[at(i + 1, j + 1)] + 1
                    : std::max(common[at(i + 1, j)], common[at(i, j + 1)]);
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && same(a[head + i], b[head + j])) {
                append(segments, WordDiff::Change::Same, b[head + j]);
                ++i;
                ++j;
            } else if (i < n && (j == m || common[at(i + 1, j)] >= common[at(i, j + 1)])) {
                append(segments, WordDiff::Change::Removed, a[head + i]);
                ++i;
            } else {
                append(segments, WordDiff::Change::Added, b[head + j]);
                ++j;
            }
        }
    }
    for (qsizetype k = b.size() - tail; k < b.size(); ++k) {
        append(segments, WordDiff::Change::Same, b[k]);
    }
}

} // namespace

QStringList WordDiff::tokenize(const QString &text)
{
    QStringList tokens;
    qsizetype start = 0;
    while (start < text.size()) {
        const CharClass kind = classOf(text[start]);
        qsizetype end = start + 1;
        if (kind != CharClass::Mark) {
            while (end < text.size() && classOf(text[end]) == kind) {
                ++end;
            }
        }
        tokens.append(text.mid(start, end - start));
        start = end;
    }
    return tokens;
}

QList<WordDiff::Segment> WordDiff::compare(const QString &before, const QString &after)
{
    QList<Segment> segments;
    const QStringList a = tokenize(before);
    const QStringList b = tokenize(after);
    if (a.size() * b.size() <= MaxCells) {
        diffTokens(a, b, segments);
        return segments;
    }
    // Too large to compare word by word at once: find the changed lines, then compare those.
    QString removed;
    QString added;
    const auto flush = [&] {
        diffTokens(tokenize(removed), tokenize(added), segments);
        removed.clear();
        added.clear();
    };
    const QList<TextDiff::Line> lines = TextDiff::lines(before, after);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const bool last = i == lines.size() - 1;
        const QString text = last ? lines[i].text : lines[i].text + u'\n';
        switch (lines[i].change) {
        case TextDiff::Line::Change::Same:
            flush();
            append(segments, Change::Same, text);
            break;
        case TextDiff::Line::Change::Removed:
            removed += text;
            break;
        case TextDiff::Line::Change::Added:
            added += text;
            break;
        }
    }
    flush();
    return segments;
}

std::pair<int, int> WordDiff::countWords(const QList<Segment> &segments)
{
    int removed = 0;
    int added = 0;
    for (const Segment &segment : segments) {
        if (segment.change == Change::Same) {
            continue;
        }
        int words = 0;
        for (const QString &token : tokenize(segment.text)) {
            words += classOf(token[0]) == CharClass::Word ? 1 : 0;
        }
        (segment.change == Change::Removed ? removed : added) += words;
    }
    return {removed, added};
}

} // namespace Juxta::Ui
