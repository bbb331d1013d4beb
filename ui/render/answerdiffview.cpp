// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/answerdiffview.h"

#include <QEvent>
#include <QLabel>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

QColor blend(const QColor &base, const QColor &tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
        float(base.greenF() * (1 - amount) + tint.greenF() * amount),
        float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

AnswerDiffView::AnswerDiffView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_text(new QTextBrowser(this))
{
    setObjectName(u"answerDiffView"_s);
    m_title->setObjectName(u"diffTitle"_s);
    m_summary->setObjectName(u"diffSummary"_s);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_text->setObjectName(u"diffText"_s);
    m_text->setAccessibleName(tr("Word differences"));
    m_text->setOpenLinks(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_summary);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);
    setTitles(tr("First answer"), tr("Second answer"));
}

AnswerDiffView::~AnswerDiffView() = default;

void AnswerDiffView::setAnswers(const QString &before, const QString &after)
{
    m_segments = WordDiff::compare(before, after);
    render();
}

void AnswerDiffView::setTitles(const QString &beforeTitle, const QString &afterTitle)
{
    m_beforeTitle = beforeTitle;
    m_afterTitle = afterTitle;
    m_title->setText(tr("%1 → %2").arg(beforeTitle, afterTitle));
}

QString AnswerDiffView::summary() const
{
    const auto [removed, added] = WordDiff::countWords(m_segments);
    if (removed == 0 && added == 0) {
        return tr("Same words");
    }
    const QString first = removed == 1 ? tr("1 word only in the first") : tr("%1 words only in the first").arg(removed);
    const QString second = added == 1 ? tr("1 word only in the second") : tr("%1 words only in the second").arg(added);
    return first + u", "_s + second;
}

void AnswerDiffView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        render();
    }
}

void AnswerDiffView::render()
{
    const QPalette palette = m_text->palette();
    const QColor base = palette.color(QPalette::Base);
    const bool dark = base.lightnessF() < 0.5;
    const QColor red = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x1d, 0x28);
    const QColor green = dark ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37);

    QTextCharFormat same;
    same.setForeground(palette.color(QPalette::Text));
    QTextCharFormat removed;
    removed.setForeground(red);
    removed.setBackground(blend(base, red, 0.15));
    removed.setFontStrikeOut(true);
    QTextCharFormat added;
    added.setForeground(green);
    added.setBackground(blend(base, green, 0.15));

    QTextDocument *document = m_text->document();
    document->clear();
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    for (const WordDiff::Segment &segment : std::as_const(m_segments)) {
        switch (segment.change) {
        case WordDiff::Change::Same:
            cursor.insertText(segment.text, same);
            break;
        case WordDiff::Change::Removed:
            cursor.insertText(segment.text, removed);
            break;
        case WordDiff::Change::Added:
            cursor.insertText(segment.text, added);
            break;
        }
    }
    cursor.endEditBlock();
    m_summary->setText(summary());
}

} // namespace Juxta::Ui
