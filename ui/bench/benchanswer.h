// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace Juxta::Ui {

/**
 * An endless answer rich in Markdown and code, cut into tokens the size models stream
 * (a word and its space, a mark, an indent): headings, emphasis, links, inline code, lists,
 * a table, a quote and fenced C++, Python and JSON, one section after another. Every section
 * has the same number of tokens, so windows of whole sections compare like with like.
 */
class BenchAnswer
{
public:
    BenchAnswer();

    /** Token @p index of the answer (0-based); section numbers make every section's text unique. */
    QString token(qint64 index) const;
    /** Tokens per section. */
    qint64 sectionLength() const { return m_tokens.size(); }

private:
    QList<QString> m_tokens;
    qsizetype m_numberToken = -1;
};

} // namespace Juxta::Ui
