// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

class QAction;
class QKeySequence;
class QMenu;
class QWidget;

namespace Juxta::Ui {

class ComparisonView;
class PaneWidget;

/**
 * The menu bar's Pane menu: every action of a pane's own menu (stop, regenerate, edit and
 * resend, copies, raw exchange, diff against pane N, include, duplicate, move, remove,
 * parameters) with a shortcut, acting on the current pane, plus moving the current pane from the
 * keyboard (Ctrl+1…6, Alt+Left/Right). The current pane is the one holding the focus, else the
 * last one that held it, else the last pane; it is marked in its header.
 */
class PaneActions : public QObject
{
    Q_OBJECT

public:
    /** Fills @p menu; @p view must outlive this object. */
    PaneActions(ComparisonView &view, QMenu *menu, QObject *parent = nullptr);
    ~PaneActions() override;
    Q_DISABLE_COPY_MOVE(PaneActions)

    PaneWidget *currentPane() const;
    /** Makes pane @p index (0-based) the current one and gives it the focus. */
    void focusPane(int index);
    /** An action by object name ("stopPane", "focusPane2", "diffPane3"…); null if none. */
    QAction *action(const QString &name) const { return m_actions.value(name); }
    QList<QAction *> actions() const { return m_actions.values(); }

private:
    QAction *add(
        QMenu *menu, const QString &name, const QString &icon, const QString &text, const QKeySequence &shortcut);
    /** An action that triggers the current pane's own action @p paneAction. */
    void addMirror(QMenu *menu,
        const QString &name,
        const QString &paneAction,
        const QString &icon,
        const QString &text,
        const QKeySequence &shortcut);
    void focusChanged(QWidget *now);
    void setCurrent(PaneWidget *pane);
    void update();

    ComparisonView &m_view;
    QHash<QString, QAction *> m_actions;
    /** Main-menu action name → the pane action it triggers. */
    QHash<QString, QString> m_mirrors;
    QPointer<PaneWidget> m_current;
};

} // namespace Juxta::Ui
