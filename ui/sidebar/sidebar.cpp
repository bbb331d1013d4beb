// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sidebar/sidebar.h"

#include "ui/sidebar/historypanel.h"
#include "ui/sidebar/promptlibrarypanel.h"
#include "ui/sidebar/providerspanel.h"

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

SideBar::SideBar(PromptStore &prompts, RunStore &runs, KeyOverview &keys, QWidget *parent)
    : QTabWidget(parent)
    , m_prompts(new PromptLibraryPanel(prompts, this))
    , m_history(new HistoryPanel(runs, this))
    , m_providers(new ProvidersPanel(keys, this))
{
    setObjectName(u"sideBar"_s);
    setAccessibleName(tr("Side bar"));
    setDocumentMode(true);
    addTab(m_prompts, tr("Prompts"));
    addTab(m_history, tr("History"));
    addTab(m_providers, tr("Providers"));
}

SideBar::~SideBar() = default;

void SideBar::showPanel(Panel panel)
{
    QWidget *widget = panel == Panel::Prompts ? static_cast<QWidget *>(m_prompts)
        : panel == Panel::History             ? static_cast<QWidget *>(m_history)
                                              : static_cast<QWidget *>(m_providers);
    setCurrentWidget(widget);
    widget->setFocus();
    if (QWidget *first = widget->nextInFocusChain(); first && widget->isAncestorOf(first)) {
        first->setFocus();
    }
}

} // namespace Juxta::Ui
