// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/paneactions.h"

#include "ui/comparisonview.h"
#include "ui/panewidget.h"
#include "ui/theme/tintediconengine.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QMenu>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

/** Ctrl+1…6 (go to pane N) and Ctrl+Alt+1…6 (diff against pane N) need a key per pane. */
constexpr Qt::Key DigitKeys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_5, Qt::Key_6};
static_assert(int(std::size(DigitKeys)) == ComparisonView::MaxPanes);

} // namespace

PaneActions::PaneActions(ComparisonView &view, QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_view(view)
{
    addMirror(menu, u"stopPane"_s, u"stop"_s, u"stop"_s, tr("&Stop Pane"), QKeySequence(Qt::SHIFT | Qt::Key_Escape));
    addMirror(menu,
        u"regeneratePane"_s,
        u"regenerate"_s,
        u"regenerate"_s,
        tr("&Regenerate"),
        QKeySequence(Qt::CTRL | Qt::Key_R));
    addMirror(menu,
        u"editResendPane"_s,
        u"editResend"_s,
        u"edit"_s,
        tr("&Edit Prompt and Resend…"),
        QKeySequence(Qt::CTRL | Qt::Key_E));
    menu->addSeparator();
    addMirror(menu,
        u"copyPaneMarkdown"_s,
        u"copyMarkdown"_s,
        u"copy"_s,
        tr("Copy Answer as &Markdown"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    addMirror(menu,
        u"copyPaneCurl"_s,
        u"copyCurl"_s,
        u"terminal"_s,
        tr("Copy Request as &curl"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    addMirror(menu,
        u"showPaneRaw"_s,
        u"showRaw"_s,
        u"raw"_s,
        tr("Show Ra&w Request and Response…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    QMenu *diff = menu->addMenu(TintedIconEngine::icon(u"diff"_s), tr("&Diff Against"));
    diff->setObjectName(u"diffMenu"_s);
    for (int number = 1; number <= ComparisonView::MaxPanes; ++number) {
        QAction *action = add(diff,
            u"diffPane%1"_s.arg(number),
            QString(),
            tr("Pane &%1").arg(number),
            QKeySequence(Qt::CTRL | Qt::ALT | DigitKeys[number - 1]));
        connect(action, &QAction::triggered, this, [this, number] {
            if (PaneWidget *pane = currentPane()) {
                pane->diffAgainst(number);
            }
        });
    }
    menu->addSeparator();
    QAction *include =
        add(menu, u"includePane"_s, QString(), tr("&Include in Send to All"), QKeySequence(Qt::CTRL | Qt::Key_I));
    include->setCheckable(true);
    connect(include, &QAction::triggered, this, [this](bool on) {
        if (PaneWidget *pane = currentPane()) {
            pane->setIncluded(on);
        }
    });
    connect(add(menu,
                u"paneParameters"_s,
                u"parameters"_s,
                tr("Pane &Parameters…"),
                QKeySequence(Qt::CTRL | Qt::Key_Comma)),
        &QAction::triggered,
        this,
        [this] {
            if (PaneWidget *pane = currentPane()) {
                pane->showParameters();
            }
        });
    menu->addSeparator();
    // Duplicating, moving and removing go through the view so the focus can follow the pane.
    connect(add(menu,
                u"duplicatePane"_s,
                u"duplicate"_s,
                tr("D&uplicate Pane"),
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D)),
        &QAction::triggered,
        this,
        [this] {
            if (PaneWidget *pane = currentPane()) {
                const int copy = m_view.duplicatePane(pane->number() - 1);
                if (copy >= 0) {
                    focusPane(copy);
                }
            }
        });
    const auto moveCurrent = [this](int delta) {
        if (PaneWidget *pane = currentPane()) {
            m_view.movePane(pane->number() - 1, pane->number() - 1 + delta);
            // Moving a pane re-parents it, which may take the focus with it.
            focusPane(pane->number() - 1);
        }
    };
    connect(add(menu,
                u"movePaneLeft"_s,
                u"move-left"_s,
                tr("Move Pane &Left"),
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_PageUp)),
        &QAction::triggered,
        this,
        [moveCurrent] {
            moveCurrent(-1);
        });
    connect(add(menu,
                u"movePaneRight"_s,
                u"move-right"_s,
                tr("Move Pane Ri&ght"),
                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_PageDown)),
        &QAction::triggered,
        this,
        [moveCurrent] {
            moveCurrent(1);
        });
    connect(add(menu, u"removePane"_s, u"remove"_s, tr("Rem&ove Pane"), QKeySequence(Qt::CTRL | Qt::Key_W)),
        &QAction::triggered,
        this,
        [this] {
            if (PaneWidget *pane = currentPane()) {
                const int index = pane->number() - 1;
                m_view.removePane(index);
                if (m_view.paneCount() > 0) {
                    focusPane(std::min(index, m_view.paneCount() - 1));
                }
            }
        });
    menu->addSeparator();
    connect(add(menu, u"previousPane"_s, u"move-left"_s, tr("Pre&vious Pane"), QKeySequence(Qt::ALT | Qt::Key_Left)),
        &QAction::triggered,
        this,
        [this] {
            if (PaneWidget *pane = currentPane()) {
                focusPane((pane->number() - 2 + m_view.paneCount()) % m_view.paneCount());
            }
        });
    connect(add(menu, u"nextPane"_s, u"move-right"_s, tr("&Next Pane"), QKeySequence(Qt::ALT | Qt::Key_Right)),
        &QAction::triggered,
        this,
        [this] {
            if (PaneWidget *pane = currentPane()) {
                focusPane(pane->number() % m_view.paneCount());
            }
        });
    QMenu *goTo = menu->addMenu(tr("Go &to Pane"));
    goTo->setObjectName(u"goToPaneMenu"_s);
    for (int number = 1; number <= ComparisonView::MaxPanes; ++number) {
        connect(add(goTo,
                    u"focusPane%1"_s.arg(number),
                    QString(),
                    tr("Pane &%1").arg(number),
                    QKeySequence(Qt::CTRL | DigitKeys[number - 1])),
            &QAction::triggered,
            this,
            [this, number] {
                focusPane(number - 1);
            });
    }

    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        focusChanged(now);
    });
    connect(&m_view, &ComparisonView::paneCountChanged, this, &PaneActions::update);
    connect(&m_view, &ComparisonView::runningChanged, this, &PaneActions::update);
    connect(&m_view, &ComparisonView::paneActionsChanged, this, &PaneActions::update);
    connect(menu, &QMenu::aboutToShow, this, &PaneActions::update);
    update();
}

PaneActions::~PaneActions() = default;

QAction *PaneActions::add(
    QMenu *menu, const QString &name, const QString &icon, const QString &text, const QKeySequence &shortcut)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(name);
    action->setShortcut(shortcut);
    if (!icon.isEmpty()) {
        action->setIcon(TintedIconEngine::icon(icon));
    }
    m_actions.insert(name, action);
    return action;
}

void PaneActions::addMirror(QMenu *menu,
    const QString &name,
    const QString &paneAction,
    const QString &icon,
    const QString &text,
    const QKeySequence &shortcut)
{
    m_mirrors.insert(name, paneAction);
    connect(add(menu, name, icon, text, shortcut), &QAction::triggered, this, [this, paneAction] {
        PaneWidget *pane = currentPane();
        QAction *own = pane ? pane->action(paneAction) : nullptr;
        if (own && own->isEnabled()) {
            own->trigger();
        }
    });
}

PaneWidget *PaneActions::currentPane() const
{
    for (QWidget *widget = QApplication::focusWidget(); widget; widget = widget->parentWidget()) {
        if (auto *pane = qobject_cast<PaneWidget *>(widget)) {
            return pane;
        }
    }
    for (int i = 0; m_current && i < m_view.paneCount(); ++i) {
        // A removed pane lingers until its deferred deletion: only a pane still shown counts.
        if (m_view.pane(i) == m_current) {
            return m_current;
        }
    }
    const int count = m_view.paneCount();
    return count > 0 ? m_view.pane(count - 1) : nullptr;
}

void PaneActions::focusPane(int index)
{
    if (index < 0 || index >= m_view.paneCount()) {
        return;
    }
    PaneWidget *pane = m_view.pane(index);
    setCurrent(pane);
    pane->focusConversation();
    update();
}

void PaneActions::focusChanged(QWidget *now)
{
    for (QWidget *widget = now; widget; widget = widget->parentWidget()) {
        if (auto *pane = qobject_cast<PaneWidget *>(widget)) {
            // Only the workspace's own panes: a pane of another window is no business of this menu.
            for (int i = 0; i < m_view.paneCount(); ++i) {
                if (m_view.pane(i) == pane) {
                    setCurrent(pane);
                    update();
                    return;
                }
            }
        }
    }
}

void PaneActions::setCurrent(PaneWidget *pane)
{
    if (m_current == pane) {
        return;
    }
    if (m_current) {
        m_current->setCurrent(false);
    }
    m_current = pane;
    if (pane) {
        pane->setCurrent(true);
    }
}

void PaneActions::update()
{
    const int count = m_view.paneCount();
    PaneWidget *pane = currentPane();
    for (auto it = m_mirrors.cbegin(); it != m_mirrors.cend(); ++it) {
        const QAction *own = pane ? pane->action(it.value()) : nullptr;
        m_actions.value(it.key())->setEnabled(own && own->isEnabled());
    }
    for (int number = 1; number <= ComparisonView::MaxPanes; ++number) {
        QAction *diff = m_actions.value(u"diffPane%1"_s.arg(number));
        // Hidden actions take no shortcut: only the panes there are can be named.
        diff->setVisible(number <= count && (!pane || number != pane->number()));
        diff->setEnabled(pane && pane->canDiffAgainst(number));
        m_actions.value(u"focusPane%1"_s.arg(number))->setVisible(number <= count);
    }
    QAction *include = m_actions.value(u"includePane"_s);
    include->setEnabled(pane != nullptr);
    include->setChecked(pane && pane->isIncluded());
    m_actions.value(u"paneParameters"_s)->setEnabled(pane != nullptr);
    m_actions.value(u"duplicatePane"_s)->setEnabled(pane && count < ComparisonView::MaxPanes);
    m_actions.value(u"removePane"_s)->setEnabled(pane != nullptr);
    m_actions.value(u"movePaneLeft"_s)->setEnabled(pane && pane->number() > 1);
    m_actions.value(u"movePaneRight"_s)->setEnabled(pane && pane->number() < count);
    m_actions.value(u"previousPane"_s)->setEnabled(count > 1);
    m_actions.value(u"nextPane"_s)->setEnabled(count > 1);
}

} // namespace Juxta::Ui
