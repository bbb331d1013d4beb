// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/render/worddiff.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace Juxta::Ui {

/**
 * Two answers compared word by word in one text: words only the first answer has are struck
 * through in red, words only the second has are marked in green, the rest reads as normal
 * text. Texts in, no model; colours follow the palette.
 */
class AnswerDiffView : public QWidget
{
    Q_OBJECT

public:
    explicit AnswerDiffView(QWidget *parent = nullptr);
    ~AnswerDiffView() override;
    Q_DISABLE_COPY_MOVE(AnswerDiffView)

    /** Compares @p after against @p before and shows the result. */
    void setAnswers(const QString &before, const QString &after);
    /** Names the two sides in the header, e.g. the panes' models. */
    void setTitles(const QString &beforeTitle, const QString &afterTitle);

    const QList<WordDiff::Segment> &segments() const { return m_segments; }
    /** The header's summary: how many words each side has that the other has not. */
    QString summary() const;
    /** The text as shown, with its formats. */
    const QTextBrowser *textView() const { return m_text; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QLabel *m_title;
    QLabel *m_summary;
    QTextBrowser *m_text;
    QString m_beforeTitle;
    QString m_afterTitle;
    QList<WordDiff::Segment> m_segments;
};

} // namespace Juxta::Ui
