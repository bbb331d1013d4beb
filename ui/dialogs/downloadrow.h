// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Juxta {
class ModelDownload;
}

namespace Juxta::Ui {

/**
 * One model download as a row: file name, progress bar, speed and time left, and buttons to
 * pause, resume and cancel. It owns the download; cancelling stops it and deletes the partial
 * file.
 */
class DownloadRow : public QWidget
{
    Q_OBJECT

public:
    /** Takes ownership of @p download and starts it. */
    explicit DownloadRow(ModelDownload *download, QWidget *parent = nullptr);
    ~DownloadRow() override;
    Q_DISABLE_COPY_MOVE(DownloadRow)

    ModelDownload *download() const { return m_download; }
    QString statusText() const;

    void pauseOrResume();
    void cancel();

Q_SIGNALS:
    /** The file is complete and checked, at @p path. */
    void finished(const QString &path);
    /** The user cancelled; the row can go. */
    void cancelled();

private:
    void showProgress(qint64 received, qint64 total, double bytesPerSecond, double etaSeconds);
    void showPaused();
    void showFailed(const QString &message, bool resumable);

    ModelDownload *m_download;
    QLabel *m_name = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace Juxta::Ui
