// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sidebar/providerspanel.h"

#include "app/secrets/keyoverview.h"

#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int PresetIdRole = Qt::UserRole + 1;

} // namespace

ProvidersPanel::ProvidersPanel(KeyOverview &overview, QWidget *parent)
    : QWidget(parent)
    , m_overview(overview)
{
    setObjectName(u"providersPanel"_s);
    m_list = new QTreeWidget(this);
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Provider"), tr("Key")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->setAccessibleName(tr("Providers and their keys"));
    m_manage = new QPushButton(tr("&Manage providers…"), this);
    m_manage->setAccessibleName(tr("Open the Providers dialog"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_manage);

    connect(&overview, &QAbstractItemModel::modelReset, this, &ProvidersPanel::rebuild);
    connect(&overview, &QAbstractItemModel::dataChanged, this, &ProvidersPanel::rebuild);
    connect(m_manage, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_list->currentItem();
        Q_EMIT manageRequested(item ? item->data(0, PresetIdRole).toString() : QString());
    });
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT manageRequested(item->data(0, PresetIdRole).toString());
    });
    rebuild();
}

ProvidersPanel::~ProvidersPanel() = default;

void ProvidersPanel::rebuild()
{
    const QTreeWidgetItem *current = m_list->currentItem();
    const QString selected = current ? current->data(0, PresetIdRole).toString() : QString();
    m_list->clear();
    for (int row = 0; row < m_overview.rowCount(); ++row) {
        const QModelIndex index = m_overview.index(row);
        auto *item = new QTreeWidgetItem(m_list);
        const QString id = index.data(KeyOverview::PresetIdRole).toString();
        const QString status = index.data(Qt::ToolTipRole).toString();
        item->setText(0, index.data(Qt::DisplayRole).toString());
        item->setText(1, status);
        item->setData(0, PresetIdRole, id);
        item->setData(0, Qt::AccessibleDescriptionRole, status);
        const bool usable = KeySource(index.data(KeyOverview::KeySourceRole).toInt()) != KeySource::None
            || !index.data(KeyOverview::KeyRequiredRole).toBool();
        if (!usable) {
            item->setForeground(1, palette().brush(QPalette::Disabled, QPalette::Text));
        }
        if (id == selected) {
            m_list->setCurrentItem(item);
        }
    }
}

} // namespace Juxta::Ui
