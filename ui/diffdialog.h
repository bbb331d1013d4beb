// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace Juxta::Ui {

class AnswerDiffView;

/** Two panes' latest answers, word by word: what one says that the other does not. */
class DiffDialog : public QDialog
{
    Q_OBJECT

public:
    DiffDialog(int leftNumber, const QString &left, int rightNumber, const QString &right, QWidget *parent = nullptr);
    ~DiffDialog() override;
    Q_DISABLE_COPY_MOVE(DiffDialog)

    AnswerDiffView *diffView() const { return m_view; }

private:
    AnswerDiffView *m_view;
};

} // namespace Juxta::Ui
