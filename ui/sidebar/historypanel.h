// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTimer;

namespace Juxta {
class RunHistoryModel;
class RunStore;
} // namespace Juxta

namespace Juxta::Ui {

/**
 * The run history in the side bar: newest first, searchable, filtered by model, provider and
 * date; a run can be re-opened into the workspace, run again, exported or deleted.
 */
class HistoryPanel : public QWidget
{
    Q_OBJECT

public:
    enum class Period { AnyTime, Today, PastWeek, PastMonth, PastYear };
    enum class ExportFormat { Json, Markdown };

    /** @p store must outlive the panel and belong to the GUI thread. */
    explicit HistoryPanel(RunStore &store, QWidget *parent = nullptr);
    ~HistoryPanel() override;
    Q_DISABLE_COPY_MOVE(HistoryPanel)

    RunHistoryModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    QString statusText() const;
    /** The selected run's id; 0 when none. */
    qint64 selectedRunId() const;
    bool selectRun(qint64 runId);

    /** Reloads runs and filter choices (after a run was recorded). */
    void refresh();
    void reopenSelected();
    void rerunSelected();
    /** Deletes the selected run without asking. */
    bool deleteSelected();
    /** Writes run @p runId to @p path as JSON or a Markdown transcript. */
    bool exportRun(qint64 runId, const QString &path, ExportFormat format);

Q_SIGNALS:
    void reopenRequested(qint64 runId);
    void rerunRequested(qint64 runId);

private:
    void applyFilter();
    void reloadChoices();
    void confirmDelete();
    void chooseExportFile();
    void updateButtons();
    void showStatus(const QString &text);

    RunStore &m_store;
    RunHistoryModel *m_model = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_modelFilter = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_period = nullptr;
    QListView *m_view = nullptr;
    QPushButton *m_reopen = nullptr;
    QPushButton *m_rerun = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_searchDelay = nullptr;
};

} // namespace Juxta::Ui
