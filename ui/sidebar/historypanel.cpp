// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sidebar/historypanel.h"

#include "app/runs/runexport.h"
#include "app/runs/runhistorymodel.h"
#include "app/storage/runstore.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int SearchDelayMs = 150;

QDateTime periodStart(HistoryPanel::Period period)
{
    const QDateTime now = QDateTime::currentDateTime();
    switch (period) {
    case HistoryPanel::Period::AnyTime:
        break;
    case HistoryPanel::Period::Today:
        return QDateTime(now.date(), QTime(0, 0));
    case HistoryPanel::Period::PastWeek:
        return now.addDays(-7);
    case HistoryPanel::Period::PastMonth:
        return now.addDays(-30);
    case HistoryPanel::Period::PastYear:
        return now.addYears(-1);
    }
    return {};
}

} // namespace

HistoryPanel::HistoryPanel(RunStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new RunHistoryModel(store, this))
{
    setObjectName(u"historyPanel"_s);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search prompts and answers"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the history"));
    m_modelFilter = new QComboBox(this);
    m_modelFilter->setAccessibleName(tr("Filter by model"));
    m_provider = new QComboBox(this);
    m_provider->setAccessibleName(tr("Filter by provider"));
    m_period = new QComboBox(this);
    m_period->setAccessibleName(tr("Filter by date"));
    m_period->addItem(tr("Any time"), int(Period::AnyTime));
    m_period->addItem(tr("Today"), int(Period::Today));
    m_period->addItem(tr("Past 7 days"), int(Period::PastWeek));
    m_period->addItem(tr("Past 30 days"), int(Period::PastMonth));
    m_period->addItem(tr("Past year"), int(Period::PastYear));
    m_view = new QListView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Runs"));
    m_view->setUniformItemSizes(true);
    m_reopen = new QPushButton(tr("Re-&open"), this);
    m_reopen->setAccessibleName(tr("Re-open the run in the workspace"));
    m_rerun = new QPushButton(tr("Re-&run"), this);
    m_rerun->setAccessibleName(tr("Run the same prompt again"));
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setAccessibleName(tr("Export the run"));
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setAccessibleName(tr("Delete the run"));
    m_status = new QLabel(this);
    m_status->setObjectName(u"historyStatus"_s);
    m_status->setWordWrap(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(SearchDelayMs);

    auto *deleteAction = new QAction(tr("Delete the run"), m_view);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(deleteAction);

    auto *filters = new QGridLayout;
    filters->addWidget(m_modelFilter, 0, 0);
    filters->addWidget(m_provider, 0, 1);
    filters->addWidget(m_period, 1, 0, 1, 2);
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_reopen, 0, 0);
    buttons->addWidget(m_rerun, 0, 1);
    buttons->addWidget(m_export, 1, 0);
    buttons->addWidget(m_delete, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &HistoryPanel::applyFilter);
    for (QComboBox *box : {m_modelFilter, m_provider, m_period}) {
        connect(box, &QComboBox::currentIndexChanged, this, &HistoryPanel::applyFilter);
    }
    connect(m_view, &QListView::activated, this, &HistoryPanel::reopenSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &HistoryPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &HistoryPanel::updateButtons);
    connect(m_reopen, &QPushButton::clicked, this, &HistoryPanel::reopenSelected);
    connect(m_rerun, &QPushButton::clicked, this, &HistoryPanel::rerunSelected);
    connect(m_export, &QPushButton::clicked, this, &HistoryPanel::chooseExportFile);
    connect(m_delete, &QPushButton::clicked, this, &HistoryPanel::confirmDelete);
    connect(deleteAction, &QAction::triggered, this, &HistoryPanel::confirmDelete);
    connect(m_model, &RunHistoryModel::failed, this, [this](const StorageError &error) {
        showStatus(error.message);
    });

    reloadChoices();
    applyFilter();
}

HistoryPanel::~HistoryPanel()
{
    // Children outlive this body; none of their last signals may reach a half-destroyed panel.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

QString HistoryPanel::statusText() const
{
    return m_status->text();
}

void HistoryPanel::showStatus(const QString &text)
{
    m_status->setText(text);
}

qint64 HistoryPanel::selectedRunId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(RunHistoryModel::IdRole).toLongLong() : 0;
}

bool HistoryPanel::selectRun(qint64 runId)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->runId(row) == runId) {
            m_view->setCurrentIndex(m_model->index(row));
            return true;
        }
    }
    return false;
}

void HistoryPanel::reloadChoices()
{
    const QString model = m_modelFilter->currentData().toString();
    const QString provider = m_provider->currentData().toString();
    const QSignalBlocker modelBlocker(m_modelFilter);
    const QSignalBlocker providerBlocker(m_provider);
    m_modelFilter->clear();
    m_modelFilter->addItem(tr("All models"), QString());
    m_provider->clear();
    m_provider->addItem(tr("All providers"), QString());
    const auto aggregates = m_store.aggregates();
    if (aggregates) {
        QStringList models;
        QStringList providers;
        for (const ModelAggregate &aggregate : aggregates.value()) {
            if (!aggregate.model.isEmpty() && !models.contains(aggregate.model)) {
                models.append(aggregate.model);
            }
            if (!aggregate.presetId.isEmpty() && !providers.contains(aggregate.presetId)) {
                providers.append(aggregate.presetId);
            }
        }
        models.sort(Qt::CaseInsensitive);
        providers.sort(Qt::CaseInsensitive);
        for (const QString &name : std::as_const(models)) {
            m_modelFilter->addItem(name, name);
        }
        for (const QString &id : std::as_const(providers)) {
            m_provider->addItem(id, id);
        }
    }
    m_modelFilter->setCurrentIndex(std::max(0, m_modelFilter->findData(model)));
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(provider)));
}

void HistoryPanel::applyFilter()
{
    m_searchDelay->stop();
    RunFilter filter;
    filter.text = m_search->text().trimmed();
    filter.model = m_modelFilter->currentData().toString();
    filter.presetId = m_provider->currentData().toString();
    filter.from = periodStart(Period(m_period->currentData().toInt()));
    m_model->setFilter(filter);
    updateButtons();
}

void HistoryPanel::refresh()
{
    reloadChoices();
    applyFilter();
}

void HistoryPanel::updateButtons()
{
    const bool selected = selectedRunId() != 0;
    for (QPushButton *button : {m_reopen, m_rerun, m_export, m_delete}) {
        button->setEnabled(selected);
    }
}

void HistoryPanel::reopenSelected()
{
    if (const qint64 id = selectedRunId()) {
        Q_EMIT reopenRequested(id);
    }
}

void HistoryPanel::rerunSelected()
{
    if (const qint64 id = selectedRunId()) {
        Q_EMIT rerunRequested(id);
    }
}

void HistoryPanel::confirmDelete()
{
    if (selectedRunId() == 0) {
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question,
        tr("Delete the run"),
        tr("Delete this run from the history? Its answers cannot be brought back."),
        QMessageBox::Yes | QMessageBox::Cancel,
        this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes) {
            deleteSelected();
        }
    });
    box->open();
}

bool HistoryPanel::deleteSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        return false;
    }
    if (!m_model->removeRun(current.row())) {
        return false;
    }
    showStatus(tr("Deleted the run."));
    reloadChoices();
    return true;
}

void HistoryPanel::chooseExportFile()
{
    const qint64 id = selectedRunId();
    if (id == 0) {
        return;
    }
    auto *dialog = new QFileDialog(this, tr("Export the run"), u"run-%1.md"_s.arg(id));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters({tr("Markdown transcript (*.md)"), tr("JSON with every field (*.json)")});
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        exportRun(id,
            path,
            path.endsWith(u".json"_s, Qt::CaseInsensitive) ? ExportFormat::Json : ExportFormat::Markdown);
    });
    dialog->open();
}

bool HistoryPanel::exportRun(qint64 runId, const QString &path, ExportFormat format)
{
    const auto run = m_store.run(runId);
    if (!run) {
        showStatus(tr("That run is no longer in the history."));
        return false;
    }
    const QByteArray content = format == ExportFormat::Json
        ? QJsonDocument(RunExport::toJson(*run)).toJson(QJsonDocument::Indented)
        : RunExport::toMarkdown(*run).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        showStatus(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    showStatus(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace Juxta::Ui
