// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/downloadrow.h"

#include "app/models/modeldownload.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

DownloadRow::DownloadRow(ModelDownload *download, QWidget *parent)
    : QWidget(parent)
    , m_download(download)
{
    download->setParent(this);
    const QString fileName = QFileInfo(download->targetPath()).fileName();
    m_name = new QLabel(fileName, this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setAccessibleName(tr("Download progress of %1").arg(fileName));
    m_status = new QLabel(tr("Starting…"), this);
    m_status->setObjectName(u"downloadStatus"_s);
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setAccessibleName(tr("Pause or resume the download of %1").arg(fileName));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setAccessibleName(tr("Cancel the download of %1").arg(fileName));

    auto *top = new QHBoxLayout;
    top->addWidget(m_name, 1);
    top->addWidget(m_pause);
    top->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);

    connect(m_pause, &QPushButton::clicked, this, &DownloadRow::pauseOrResume);
    connect(m_cancel, &QPushButton::clicked, this, &DownloadRow::cancel);
    connect(download, &ModelDownload::progress, this, &DownloadRow::showProgress);
    connect(download, &ModelDownload::paused, this, &DownloadRow::showPaused);
    connect(download, &ModelDownload::failed, this, &DownloadRow::showFailed);
    connect(download, &ModelDownload::finished, this, [this](const QString &path) {
        m_progress->setRange(0, 100);
        m_progress->setValue(100);
        m_status->setText(tr("Done"));
        m_pause->setEnabled(false);
        m_cancel->setEnabled(false);
        Q_EMIT finished(path);
    });
    download->start();
}

DownloadRow::~DownloadRow()
{
    // Children outlive this body; none of their last signals may reach a half-destroyed row.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

QString DownloadRow::statusText() const
{
    return m_status->text();
}

void DownloadRow::pauseOrResume()
{
    switch (m_download->state()) {
    case ModelDownload::State::Running:
        m_download->pause();
        break;
    case ModelDownload::State::Paused:
    case ModelDownload::State::Failed:
    case ModelDownload::State::Idle:
        m_pause->setText(tr("Pause"));
        m_status->setText(tr("Resuming…"));
        m_download->start();
        break;
    case ModelDownload::State::Finished:
        break;
    }
}

void DownloadRow::cancel()
{
    const QString part = m_download->partPath();
    // Deleting the download aborts its transfer and closes the partial file.
    delete m_download;
    m_download = nullptr;
    QFile::remove(part);
    m_pause->setEnabled(false);
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelled"));
    Q_EMIT cancelled();
}

void DownloadRow::showProgress(qint64 received, qint64 total, double bytesPerSecond, double etaSeconds)
{
    const QLocale locale;
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * received / total));
    }
    QString text = total > 0 ? tr("%1 of %2").arg(locale.formattedDataSize(received), locale.formattedDataSize(total))
                             : locale.formattedDataSize(received);
    if (bytesPerSecond > 0) {
        text += tr(", %1/s").arg(locale.formattedDataSize(qint64(bytesPerSecond)));
    }
    if (etaSeconds >= 0) {
        text += tr(", %n s left", nullptr, int(etaSeconds + 0.5));
    }
    m_status->setText(text);
}

void DownloadRow::showPaused()
{
    m_pause->setText(tr("Resume"));
    m_status->setText(tr("Paused at %1").arg(QLocale().formattedDataSize(m_download->receivedBytes())));
}

void DownloadRow::showFailed(const QString &message, bool resumable)
{
    m_status->setText(message);
    m_pause->setText(tr("Retry"));
    m_pause->setEnabled(resumable);
}

} // namespace Juxta::Ui
