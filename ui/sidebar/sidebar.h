// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTabWidget>

namespace Juxta {
class KeyOverview;
class PromptStore;
class RunStore;
} // namespace Juxta

namespace Juxta::Ui {

class HistoryPanel;
class PromptLibraryPanel;
class ProvidersPanel;

/** The side bar's panels as tabs: the prompt library, the run history and the providers. */
class SideBar : public QTabWidget
{
    Q_OBJECT

public:
    enum class Panel { Prompts, History, Providers };

    /** Everything passed must outlive the side bar. */
    SideBar(PromptStore &prompts, RunStore &runs, KeyOverview &keys, QWidget *parent = nullptr);
    ~SideBar() override;
    Q_DISABLE_COPY_MOVE(SideBar)

    PromptLibraryPanel *promptLibrary() const { return m_prompts; }
    HistoryPanel *history() const { return m_history; }
    ProvidersPanel *providers() const { return m_providers; }

    /** Brings @p panel to the front and gives it the keyboard focus. */
    void showPanel(Panel panel);

private:
    PromptLibraryPanel *m_prompts;
    HistoryPanel *m_history;
    ProvidersPanel *m_providers;
};

} // namespace Juxta::Ui
