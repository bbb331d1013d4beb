// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runreopen.h"

#include "app/compare/comparesession.h"
#include "app/runs/conversationjson.h"
#include "app/runs/parameterjson.h"

namespace Juxta {

QList<ReopenedPane> RunReopen::panes(const RunRecord &run)
{
    QList<ReopenedPane> panes;
    for (const RunPane &recorded : run.panes) {
        ReopenedPane pane;
        pane.config.presetId = recorded.presetId;
        pane.config.model = recorded.modelRequested;
        pane.config.systemPrompt = recorded.systemPrompt;
        pane.config.params = ParameterJson::read(recorded.parameters, &pane.ignoredParameters);
        pane.conversation = ConversationJson::read(recorded.conversation);
        panes.append(pane);
    }
    return panes;
}

int RunReopen::seed(CompareSession &session, const QList<ReopenedPane> &panes)
{
    const int first = session.paneCount();
    for (const ReopenedPane &pane : panes) {
        session.setConversation(session.addPane(pane.config), pane.conversation);
    }
    return first;
}

} // namespace Juxta
