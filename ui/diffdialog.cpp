// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/diffdialog.h"

#include "ui/render/answerdiffview.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

DiffDialog::DiffDialog(int leftNumber, const QString &left, int rightNumber, const QString &right, QWidget *parent)
    : QDialog(parent)
    , m_view(new AnswerDiffView(this))
{
    setObjectName(u"diffDialog"_s);
    setWindowTitle(tr("Pane %1 against Pane %2").arg(leftNumber).arg(rightNumber));
    m_view->setTitles(tr("Pane %1").arg(leftNumber), tr("Pane %1").arg(rightNumber));
    m_view->setAnswers(left, right);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addWidget(buttons);
    resize(900, 600);
}

DiffDialog::~DiffDialog() = default;

} // namespace Juxta::Ui
