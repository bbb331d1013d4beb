// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/compare/paneconfig.h"
#include "app/runs/runrecord.h"
#include "providers/chatmessage.h"

#include <QList>
#include <QStringList>

namespace Juxta {

class CompareSession;

/** One pane of a stored run, ready to continue in a compare workspace. */
struct ReopenedPane
{
    /** The preset, the model requested, the system prompt and the parameters the pane used. */
    PaneConfig config;
    /**
     * The pane's whole conversation as recorded, the recorded answer included (a pane that
     * failed ends with its last successful answer, or is empty).
     */
    QList<Providers::ChatMessage> conversation;
    /** Recorded parameter names this Juxta cannot apply (left out of config.params). */
    QStringList ignoredParameters;
};

/**
 * Re-opens a recorded run so a compare workspace can continue it: each pane gets its preset,
 * model, system prompt and parameters back, with its conversation, and the next turn sent
 * through the session carries every earlier turn.
 *
 * Typical use, on the GUI thread:
 * @code
 * const std::optional<RunRecord> run = runStore.run(id);  // find() lists runs without conversations
 * const QList<ReopenedPane> panes = RunReopen::panes(*run);
 * auto *session = new CompareSession(catalog, network, this);
 * RunReopen::seed(*session, panes);     // then setApiKey()/setProvider() as for any session
 * session->send(followUp);              // continues every pane's conversation
 * @endcode
 * A re-opened run is never changed: the follow-up is recorded as a new run (RunCapture).
 */
class RunReopen
{
public:
    /** The panes of @p run, in pane order. @p run must be a whole run (RunStore::run()). */
    static QList<ReopenedPane> panes(const RunRecord &run);
    /**
     * Adds one pane per entry of @p panes to @p session, each with its conversation, and
     * returns the index of the first one added. The session must not be running.
     */
    static int seed(CompareSession &session, const QList<ReopenedPane> &panes);
};

} // namespace Juxta
