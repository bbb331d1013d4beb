// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace Juxta {

class CompareSession;

/**
 * How a finished comparison reads outside the GUI: one JSON document whose names scripts
 * depend on, and a plain-text table for people.
 */
class CompareReport
{
public:
    explicit CompareReport(const CompareSession &session);

    /** {"panes":[{"preset","model","model_answered","text","reasoning","finish_reason","error","metrics"}]} */
    QJsonObject toJson() const;
    /** One row per pane: provider, model, TTFT, tok/s, tokens, cost, finish reason or error. */
    QString table() const;
    /** A pane's answer, or its error, under a heading naming it. */
    QString paneText(int pane) const;
    /** The pane's label, "preset:model". */
    QString paneLabel(int pane) const;

private:
    const CompareSession &m_session;
};

} // namespace Juxta
