// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Juxta {

/**
 * One model file downloading into the library: streamed to "<target>.part" with progress,
 * paused and resumed with HTTP Range requests (a dropped connection resumes the same way),
 * checked against an optional SHA-256, and renamed to the target only when complete and
 * correct. Before the first byte is written it checks that the rest of the file fits on disk.
 *
 * Everything runs on the thread of the QNetworkAccessManager, without blocking it.
 */
class ModelDownload : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Running, Paused, Finished, Failed };
    /** Bytes free where @p folder lives; tests replace it to simulate a full disk. */
    using FreeSpaceCheck = std::function<qint64(const QString &folder)>;

    /** @p network must outlive the download. */
    ModelDownload(
        QNetworkAccessManager &network, const QUrl &url, const QString &targetPath, QObject *parent = nullptr);
    ~ModelDownload() override;
    Q_DISABLE_COPY_MOVE(ModelDownload)

    /** The hex SHA-256 the finished file must have; empty skips the check. */
    void setExpectedSha256(const QByteArray &hex) { m_expectedSha256 = hex.toLower(); }
    void setFreeSpaceCheck(FreeSpaceCheck check) { m_freeSpace = std::move(check); }

    QUrl url() const { return m_url; }
    QString targetPath() const { return m_target; }
    QString partPath() const { return m_target + u".part"; }
    State state() const { return m_state; }
    qint64 receivedBytes() const { return m_received; }
    /** The whole file's size once the server said it; -1 before. */
    qint64 totalBytes() const { return m_total; }

    /** Starts, or resumes from the bytes the .part file already holds. */
    void start();
    /** Stops the transfer and keeps the .part file for a later start(). */
    void pause();

Q_SIGNALS:
    /** @p total is -1 while unknown; @p etaSeconds is -1 when it cannot be told. */
    void progress(qint64 received, qint64 total, double bytesPerSecond, double etaSeconds);
    void paused();
    void finished(const QString &path);
    /** @p resumable: the .part file was kept and start() continues from it. */
    void failed(const QString &message, bool resumable);

private:
    void onHeaders();
    void onReadyRead();
    void onFinished();
    void complete();
    void fail(const QString &message, bool resumable);
    bool hashExistingPart();

    QNetworkAccessManager &m_network;
    QUrl m_url;
    QString m_target;
    QByteArray m_expectedSha256;
    FreeSpaceCheck m_freeSpace;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    QCryptographicHash m_hash {QCryptographicHash::Sha256};
    QElapsedTimer m_clock;
    State m_state = State::Idle;
    qint64 m_received = 0;
    qint64 m_receivedAtStart = 0;
    qint64 m_total = -1;
    bool m_headersChecked = false;
    bool m_pausing = false;
};

} // namespace Juxta
