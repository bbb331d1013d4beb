// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/textdiff.h"

#include <QStringList>

#include <vector>

using namespace Qt::StringLiterals;

namespace Juxta {

QList<TextDiff::Line> TextDiff::lines(const QString &before, const QString &after)
{
    const QStringList a = before.split(u'\n');
    const QStringList b = after.split(u'\n');
    // Common head and tail first: prompts mostly change in one place, and this keeps the
    // quadratic table small.
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    // common[i][j]: length of the longest common subsequence of a[head+i..] and b[head+j..].
    std::vector<std::vector<int>> common(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            common[size_t(i)][size_t(j)] = a[head + i] == b[head + j]
                ? common[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(common[size_t(i + 1)][size_t(j)], common[size_t(i)][size_t(j + 1)]);
        }
    }
    QList<Line> result;
    for (qsizetype i = 0; i < head; ++i) {
        result.append({Line::Change::Same, a[i]});
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[head + i] == b[head + j]) {
            result.append({Line::Change::Same, a[head + i]});
            ++i;
            ++j;
        } else if (i < n && (j == m || common[size_t(i + 1)][size_t(j)] >= common[size_t(i)][size_t(j + 1)])) {
            result.append({Line::Change::Removed, a[head + i]});
            ++i;
        } else {
            result.append({Line::Change::Added, b[head + j]});
            ++j;
        }
    }
    for (qsizetype k = a.size() - tail; k < a.size(); ++k) {
        result.append({Line::Change::Same, a[k]});
    }
    return result;
}

QString TextDiff::unified(const QString &before, const QString &after)
{
    QString text;
    for (const Line &line : lines(before, after)) {
        switch (line.change) {
        case Line::Change::Same:
            text += "  "_L1;
            break;
        case Line::Change::Removed:
            text += "- "_L1;
            break;
        case Line::Change::Added:
            text += "+ "_L1;
            break;
        }
        text += line.text + u'\n';
    }
    return text;
}

} // namespace Juxta
