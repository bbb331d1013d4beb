// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/comparisonview.h"

#include "app/catalog/presetcatalog.h"
#include "app/compare/comparesession.h"
#include "app/compare/curlcommand.h"
#include "app/compare/paneconfigcodec.h"
#include "app/metrics/responserecorder.h"
#include "app/runs/runreopen.h"
#include "providers/provider.h"
#include "ui/conversation/conversationview.h"
#include "ui/diffdialog.h"
#include "ui/metricsstrip.h"
#include "ui/panewidget.h"
#include "ui/rawexchangedialog.h"
#include "ui/render/codehighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QJsonObject>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using namespace Providers;

namespace {
// Often enough that the figures feel live, rarely enough to cost nothing next to rendering.
constexpr int MetricsRefreshMs = 250;
} // namespace

ComparisonView::ComparisonView(CompareSession &session, const PresetCatalog &catalog, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_catalog(catalog)
    , m_layout(new QVBoxLayout(this))
    , m_highlighter(std::make_unique<CodeHighlighter>())
{
    setObjectName(u"comparisonView"_s);
    setAccessibleName(tr("Comparison panes"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_metricsTimer.setInterval(MetricsRefreshMs);
    connect(&m_metricsTimer, &QTimer::timeout, this, &ComparisonView::refreshMetrics);

    connect(&m_session, &CompareSession::paneTurnStarted, this, [this](int index, const QString &prompt) {
        m_panes.at(index)->beginTurn(prompt);
        if (!m_metricsTimer.isActive()) {
            m_metricsTimer.start();
            Q_EMIT runningChanged(true);
        }
    });
    connect(&m_session, &CompareSession::paneTextDelta, this, [this](int index, const QString &text) {
        m_panes.at(index)->appendText(text);
    });
    connect(&m_session, &CompareSession::paneReasoningDelta, this, [this](int index, const QString &text) {
        m_panes.at(index)->appendReasoning(text);
    });
    connect(&m_session, &CompareSession::paneToolCallDelta, this, [this](int index, const ToolCallDelta &delta) {
        m_panes.at(index)->appendToolCall(delta);
    });
    connect(&m_session, &CompareSession::paneEnded, this, [this](int index) {
        m_panes.at(index)->endTurn(m_session.recorder(index), m_session.metrics(index));
        m_panes.at(index)->setIgnoredParameters(m_session.unsupportedParameters(index));
        markBest();
    });
    connect(&m_session, &CompareSession::turnEnded, this, [this] {
        m_metricsTimer.stop();
        markBest();
        Q_EMIT runningChanged(false);
    });
    relayout();
    // Load the syntax definitions once the window is up, before the first answer brings code.
    QTimer::singleShot(0, this, [this] {
        m_highlighter->warmUp();
    });
}

ComparisonView::~ComparisonView()
{
    // The panes' views highlight with m_highlighter, which members outlive only this far.
    qDeleteAll(std::exchange(m_panes, {}));
}

int ComparisonView::indexOf(const PaneWidget *pane) const
{
    return int(m_panes.indexOf(pane));
}

int ComparisonView::addPane(const PaneConfig &config, bool included)
{
    if (paneCount() >= MaxPanes) {
        return -1;
    }
    const int index = m_session.addPane(config);
    m_session.setIncluded(index, included);
    auto *pane = new PaneWidget(m_catalog, this);
    pane->view()->setCodeHighlighter(m_highlighter.get());
    pane->setConfig(config);
    pane->setIncluded(included);
    for (const ProviderPreset &preset : m_catalog.presets()) {
        if (preset.family == WireFamily::Local) {
            pane->setExtraModels(preset.id, m_localModels);
        }
    }
    m_panes.append(pane);
    connectPane(pane);
    pane->setIgnoredParameters(m_session.ignoredParameters(index));
    relayout();
    Q_EMIT paneCountChanged(paneCount());
    return index;
}

void ComparisonView::removePane(int index)
{
    PaneWidget *pane = m_panes.takeAt(index);
    m_session.removePane(index);
    // Hiding it takes the focus away, which may end an edit of its model: nothing it says now concerns the view.
    pane->disconnect(this);
    pane->hide();
    pane->deleteLater();
    relayout();
    markBest();
    Q_EMIT paneCountChanged(paneCount());
}

int ComparisonView::duplicatePane(int index)
{
    const int added = addPane(m_panes.at(index)->config(), m_panes.at(index)->isIncluded());
    if (added >= 0 && added != index + 1) {
        movePane(added, index + 1);
        return index + 1;
    }
    return added;
}

void ComparisonView::movePane(int from, int to)
{
    if (from == to || from < 0 || to < 0 || from >= paneCount() || to >= paneCount()) {
        return;
    }
    m_session.movePane(from, to);
    m_panes.move(from, to);
    relayout();
}

void ComparisonView::connectPane(PaneWidget *pane)
{
    connect(pane, &PaneWidget::configChanged, this, [this, pane] {
        applyConfig(indexOf(pane));
    });
    connect(pane, &PaneWidget::includedChanged, this, [this, pane](bool included) {
        m_session.setIncluded(indexOf(pane), included);
    });
    connect(pane, &PaneWidget::stopRequested, this, [this, pane] {
        m_session.cancelPane(indexOf(pane));
    });
    connect(pane, &PaneWidget::regenerateRequested, this, [this, pane] {
        const int index = indexOf(pane);
        if (m_session.isPaneRunning(index) || m_session.lastPrompt(index).isEmpty()) {
            return;
        }
        applyConfig(index);
        pane->dropLatestTurn();
        m_session.regenerate(index);
    });
    connect(pane, &PaneWidget::resendRequested, this, [this, pane](const QString &prompt) {
        const int index = indexOf(pane);
        if (m_session.isPaneRunning(index)) {
            return;
        }
        applyConfig(index);
        pane->dropLatestTurn();
        m_session.resend(index, prompt);
    });
    connect(pane, &PaneWidget::copyCurlRequested, this, [this, pane] {
        const RawExchange exchange = m_session.rawExchange(indexOf(pane));
        if (exchange.isEmpty()) {
            Q_EMIT message(
                tr("Pane %1 sent no HTTP request (a local model, or it could not start).").arg(pane->number()));
            return;
        }
        QApplication::clipboard()->setText(CurlCommand::fromExchange(exchange));
        Q_EMIT message(exchange.keyPlaceholder.isEmpty() ? tr("Copied pane %1's request as curl.").arg(pane->number())
                                                         : tr("Copied pane %1's request as curl; the key reads %2.")
                                                               .arg(pane->number())
                                                               .arg(exchange.keyPlaceholder));
    });
    connect(pane, &PaneWidget::showRawRequested, this, [this, pane] {
        showRaw(indexOf(pane));
    });
    connect(pane, &PaneWidget::diffRequested, this, [this, pane](int other) {
        showDiff(indexOf(pane), other);
    });
    connect(pane, &PaneWidget::duplicateRequested, this, [this, pane] {
        duplicatePane(indexOf(pane));
    });
    connect(pane, &PaneWidget::removeRequested, this, [this, pane] {
        removePane(indexOf(pane));
    });
    connect(pane, &PaneWidget::moveRequested, this, [this, pane](int delta) {
        const int index = indexOf(pane);
        movePane(index, index + delta);
    });
    connect(pane, &PaneWidget::listModelsRequested, this, &ComparisonView::listModels);
    connect(pane, &PaneWidget::actionsChanged, this, &ComparisonView::paneActionsChanged);
    connect(pane, &PaneWidget::includedChanged, this, &ComparisonView::paneActionsChanged);
    connect(pane->view()->verticalScrollBar(), &QScrollBar::valueChanged, this, [this, pane](int value) {
        syncScroll(pane, value);
    });
}

void ComparisonView::catalogChanged()
{
    for (PaneWidget *pane : std::as_const(m_panes)) {
        pane->reloadPresets();
    }
}

void ComparisonView::applyConfig(int index)
{
    PaneWidget *pane = m_panes.at(index);
    m_session.setPaneConfig(index, pane->config());
    pane->setIgnoredParameters(m_session.ignoredParameters(index));
}

void ComparisonView::relayout()
{
    // Panes move into a fresh holder: a splitter for a row, a grid layout for a grid.
    QWidget *old = m_holder;
    if (m_grid) {
        m_holder = new QWidget(this);
        auto *grid = new QGridLayout(m_holder);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setSpacing(4);
        const int columns = std::max(1, int(std::ceil(std::sqrt(double(paneCount())))));
        for (int i = 0; i < paneCount(); ++i) {
            grid->addWidget(m_panes.at(i), i / columns, i % columns);
        }
    } else {
        auto *splitter = new QSplitter(Qt::Horizontal, this);
        splitter->setChildrenCollapsible(false);
        for (PaneWidget *pane : std::as_const(m_panes)) {
            splitter->addWidget(pane);
        }
        m_holder = splitter;
    }
    m_holder->setObjectName(m_grid ? u"paneGrid"_s : u"paneRow"_s);
    m_layout->addWidget(m_holder);
    for (PaneWidget *pane : std::as_const(m_panes)) {
        pane->show();
    }
    if (old) {
        m_layout->removeWidget(old);
        old->deleteLater();
    }
    renumber();
}

void ComparisonView::renumber()
{
    for (int i = 0; i < paneCount(); ++i) {
        m_panes.at(i)->setNumber(i + 1, paneCount());
    }
}

void ComparisonView::setGrid(bool grid)
{
    if (grid != m_grid) {
        m_grid = grid;
        relayout();
    }
}

void ComparisonView::setSyncScrolling(bool on)
{
    m_syncScrolling = on;
}

void ComparisonView::syncScroll(const PaneWidget *source, int value)
{
    if (!m_syncScrolling || m_syncing) {
        return;
    }
    // Answers differ in length: the others follow the same fraction of their own length.
    const QScrollBar *bar = source->view()->verticalScrollBar();
    const double fraction = bar->maximum() > 0 ? double(value - bar->minimum()) / (bar->maximum() - bar->minimum()) : 0;
    m_syncing = true;
    for (PaneWidget *pane : std::as_const(m_panes)) {
        if (pane != source) {
            QScrollBar *other = pane->view()->verticalScrollBar();
            other->setValue(other->minimum() + int(std::lround(fraction * (other->maximum() - other->minimum()))));
        }
    }
    m_syncing = false;
}

bool ComparisonView::send(const QString &systemPrompt, const QString &prompt)
{
    if (m_session.isRunning()) {
        return false;
    }
    bool any = false;
    for (int i = 0; i < paneCount(); ++i) {
        PaneConfig config = m_panes.at(i)->config();
        if (config.systemPrompt.isEmpty()) {
            config.systemPrompt = systemPrompt;
        }
        m_session.setPaneConfig(i, config);
        any = any || m_panes.at(i)->isIncluded();
    }
    if (!any) {
        Q_EMIT message(tr("No pane is included: tick Include on a pane to send to it."));
        return false;
    }
    for (PaneWidget *pane : std::as_const(m_panes)) {
        pane->metricsStrip()->setMarks(false, false);
    }
    m_session.send(prompt);
    return true;
}

void ComparisonView::stopAll()
{
    m_session.cancel();
}

void ComparisonView::clearConversations()
{
    m_session.clearConversations();
    for (PaneWidget *pane : std::as_const(m_panes)) {
        pane->clearConversation();
    }
}

void ComparisonView::setLocalModels(const QList<ModelInfo> &models)
{
    m_localModels = models;
    for (const ProviderPreset &preset : m_catalog.presets()) {
        if (preset.family == WireFamily::Local) {
            for (PaneWidget *pane : std::as_const(m_panes)) {
                pane->setExtraModels(preset.id, models);
            }
        }
    }
}

void ComparisonView::refreshMetrics()
{
    for (int i = 0; i < paneCount(); ++i) {
        if (m_session.isPaneRunning(i)) {
            m_panes.at(i)->updateMetrics(m_session.metrics(i));
        }
    }
}

void ComparisonView::markBest()
{
    // Only answers that finished compete; a pane still running or failed is no contender.
    int fastest = -1;
    int cheapest = -1;
    qint64 bestTime = 0;
    double bestCost = 0;
    int finished = 0;
    for (int i = 0; i < paneCount(); ++i) {
        if (m_session.isPaneRunning(i) || !m_session.recorder(i).finishReason()) {
            continue;
        }
        ++finished;
        const ResponseMetrics metrics = m_session.metrics(i);
        if (metrics.totalMs && (fastest < 0 || *metrics.totalMs < bestTime)) {
            fastest = i;
            bestTime = *metrics.totalMs;
        }
        if (metrics.costUsd && (cheapest < 0 || *metrics.costUsd < bestCost)) {
            cheapest = i;
            bestCost = *metrics.costUsd;
        }
    }
    for (int i = 0; i < paneCount(); ++i) {
        m_panes.at(i)->metricsStrip()->setMarks(finished > 1 && i == fastest, finished > 1 && i == cheapest);
    }
}

void ComparisonView::listModels(const QString &presetId)
{
    ModelListing *listing = m_session.listModels(presetId);
    if (!listing) {
        return;
    }
    listing->setParent(this);
    Q_EMIT message(tr("Asking %1 for its models…").arg(m_catalog.find(presetId)->displayName));
    connect(listing, &ModelListing::finished, this, [this, listing, presetId](const QList<ModelInfo> &models) {
        listing->deleteLater();
        for (PaneWidget *pane : std::as_const(m_panes)) {
            pane->setExtraModels(presetId, models);
        }
        Q_EMIT message(
            tr("%1 serves %n model(s).", nullptr, int(models.size())).arg(m_catalog.find(presetId)->displayName));
    });
    connect(listing, &ModelListing::failed, this, [this, listing, presetId](const ProviderError &error) {
        listing->deleteLater();
        Q_EMIT message(tr("Listing %1's models failed: %2").arg(m_catalog.find(presetId)->displayName, error.message));
    });
}

void ComparisonView::showRaw(int index)
{
    auto *dialog = new RawExchangeDialog(m_session.rawExchange(index), m_panes.at(index)->number(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void ComparisonView::showDiff(int index, int otherNumber)
{
    const int other = otherNumber - 1;
    if (other < 0 || other >= paneCount() || other == index) {
        return;
    }
    auto *dialog = new DiffDialog(m_panes.at(index)->number(),
        m_panes.at(index)->latestAnswer(),
        otherNumber,
        m_panes.at(other)->latestAnswer(),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void ComparisonView::reopen(const QList<ReopenedPane> &panes)
{
    while (paneCount() > 0) {
        removePane(paneCount() - 1);
    }
    for (const ReopenedPane &reopened : panes) {
        const int index = addPane(reopened.config);
        if (index < 0) {
            break;
        }
        m_session.setConversation(index, reopened.conversation);
        m_panes.at(index)->showConversation(reopened.conversation);
    }
}

QJsonArray ComparisonView::layoutState() const
{
    QJsonArray panes;
    for (const PaneWidget *pane : m_panes) {
        QJsonObject json = PaneConfigCodec::toJson(pane->config());
        json.insert(u"included"_s, pane->isIncluded());
        panes.append(json);
    }
    return panes;
}

void ComparisonView::restoreLayoutState(const QJsonArray &state)
{
    while (paneCount() > 0) {
        removePane(paneCount() - 1);
    }
    for (const QJsonValue &value : state) {
        const QJsonObject json = value.toObject();
        addPane(PaneConfigCodec::fromJson(json), json.value("included"_L1).toBool(true));
    }
}

} // namespace Juxta::Ui
