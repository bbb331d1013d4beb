// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/compare/paneconfig.h"

#include <QJsonArray>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <memory>

class QSplitter;
class QVBoxLayout;

namespace Juxta {
class CompareSession;
struct ReopenedPane;
class PresetCatalog;
namespace Providers {
struct ModelInfo;
}
} // namespace Juxta

namespace Juxta::Ui {

class CodeHighlighter;
class PaneWidget;

/**
 * The panes of a comparison, side by side in a row (a splitter) or in a grid: adding, removing,
 * duplicating and reordering them, and feeding each the events of its own answer from the
 * CompareSession. The view and the session always hold the same panes in the same order.
 */
class ComparisonView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxPanes = 6;

    /** @p session and @p catalog must outlive the view. */
    ComparisonView(CompareSession &session, const PresetCatalog &catalog, QWidget *parent = nullptr);
    ~ComparisonView() override;
    Q_DISABLE_COPY_MOVE(ComparisonView)

    int paneCount() const { return int(m_panes.size()); }
    PaneWidget *pane(int index) const { return m_panes.at(index); }
    /** Adds a pane at the end; returns its index, or -1 when there are MaxPanes already. */
    int addPane(const PaneConfig &config, bool included = true);
    void removePane(int index);
    /** A copy of the pane's configuration right after it (its conversation is not copied). */
    int duplicatePane(int index);
    void movePane(int from, int to);

    bool isGrid() const { return m_grid; }
    void setGrid(bool grid);
    bool isSyncScrolling() const { return m_syncScrolling; }
    void setSyncScrolling(bool on);

    /**
     * Sends the next turn to every included pane; @p systemPrompt applies where a pane has no
     * override of its own. Returns false when nothing could be sent (no included pane, or busy).
     */
    bool send(const QString &systemPrompt, const QString &prompt);
    void stopAll();
    /** A new comparison: every pane's conversation is forgotten. */
    void clearConversations();
    void setLocalModels(const QList<Providers::ModelInfo> &models);
    /** The catalog changed in place: the panes' provider pickers are filled anew. */
    void catalogChanged();

    /** Replaces every pane with those of a stored run, conversations included; a follow-up continues them. */
    void reopen(const QList<ReopenedPane> &panes);

    /** The panes as JSON (configuration and include flag), for restoring them on the next start. */
    QJsonArray layoutState() const;
    /** Replaces every pane with those of a layoutState(). */
    void restoreLayoutState(const QJsonArray &state);

Q_SIGNALS:
    void paneCountChanged(int count);
    void runningChanged(bool running);
    /** What a pane's actions can do changed: it started or ended an answer, moved, or was included or left out. */
    void paneActionsChanged();
    /** A user-visible note (copied, a listing failed…) for the status bar. */
    void message(const QString &text);

private:
    int indexOf(const PaneWidget *pane) const;
    void connectPane(PaneWidget *pane);
    void relayout();
    void renumber();
    void applyConfig(int index);
    void refreshMetrics();
    void markBest();
    void listModels(const QString &presetId);
    void showRaw(int index);
    void showDiff(int index, int otherNumber);
    void syncScroll(const PaneWidget *source, int value);

    CompareSession &m_session;
    const PresetCatalog &m_catalog;
    QList<PaneWidget *> m_panes;
    QVBoxLayout *m_layout;
    QWidget *m_holder = nullptr;
    // One syntax repository for every pane: each copy costs memory and a stall to load.
    std::unique_ptr<CodeHighlighter> m_highlighter;
    QTimer m_metricsTimer;
    QList<Providers::ModelInfo> m_localModels;
    bool m_grid = false;
    bool m_syncScrolling = false;
    bool m_syncing = false;
};

} // namespace Juxta::Ui
