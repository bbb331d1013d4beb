// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/models/modeldownload.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDownload, "juxta.models.download", QtInfoMsg)

namespace Juxta {

namespace {

// A stalled transfer fails (and can be resumed) after this long without a byte.
constexpr int TransferTimeoutMs = 60'000;

// "bytes 100-199/200" → 100; -1 when the header is missing or malformed.
qint64 contentRangeStart(const QByteArray &header)
{
    static const QRegularExpression pattern(u"^bytes\\s+(\\d+)-\\d+/(\\d+|\\*)$"_s);
    const auto match = pattern.match(QString::fromLatin1(header.trimmed()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

ModelDownload::ModelDownload(
    QNetworkAccessManager &network, const QUrl &url, const QString &targetPath, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_url(url)
    , m_target(targetPath)
{ }

ModelDownload::~ModelDownload()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

bool ModelDownload::hashExistingPart()
{
    m_hash.reset();
    QFile existing(partPath());
    if (!existing.exists()) {
        return true;
    }
    if (!existing.open(QIODevice::ReadOnly)) {
        return false;
    }
    // The hash covers every byte of the file, so what an earlier run wrote counts too.
    return m_hash.addData(&existing);
}

void ModelDownload::start()
{
    if (m_state == State::Running || m_state == State::Finished) {
        return;
    }
    if (!QDir().mkpath(QFileInfo(m_target).absolutePath())) {
        return fail(tr("Cannot create the folder %1.").arg(QFileInfo(m_target).absolutePath()), false);
    }
    m_received = QFileInfo(partPath()).size();
    if (!hashExistingPart()) {
        return fail(tr("Cannot read %1.").arg(partPath()), false);
    }
    m_receivedAtStart = m_received;
    m_headersChecked = false;
    m_pausing = false;
    m_state = State::Running;

    QNetworkRequest request(m_url);
    request.setTransferTimeout(TransferTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (m_received > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_received) + '-');
    }
    m_clock.start();
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ModelDownload::onHeaders);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelDownload::onFinished);
}

void ModelDownload::pause()
{
    if (m_state != State::Running || !m_reply) {
        return;
    }
    m_pausing = true;
    m_reply->abort(); // finished() follows at once and sees m_pausing
}

// Decides, from the status and headers, whether the body continues the .part file or replaces
// it, and whether the rest fits on disk. Runs before any byte of the body is written.
void ModelDownload::onHeaders()
{
    if (m_headersChecked || !m_reply) {
        return;
    }
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 || (status >= 300 && status < 400)) {
        return; // no headers yet, or a redirect that will be followed
    }
    m_headersChecked = true;
    if (status == 416 && m_received > 0) {
        return; // the .part may already be whole: onFinished() checks it
    }
    if (status >= 400) {
        return; // onFinished() reports it with the server's status
    }
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (status == 206) {
        if (contentRangeStart(m_reply->rawHeader("Content-Range")) != m_received) {
            m_pausing = false;
            m_reply->disconnect(this);
            m_reply->abort();
            m_reply->deleteLater();
            return fail(tr("The server resumed %1 at the wrong place.").arg(m_url.toDisplayString()), true);
        }
    } else if (m_received > 0) {
        // The server ignored the range and sends the whole file: start the .part again.
        qCInfo(lcDownload) << "the server does not resume; downloading" << m_url << "from the start";
        QFile::remove(partPath());
        m_received = 0;
        m_receivedAtStart = 0;
        m_hash.reset();
    }
    m_total = length > 0 ? m_received + length : -1;

    const QString folder = QFileInfo(m_target).absolutePath();
    const qint64 available = m_freeSpace ? m_freeSpace(folder) : QStorageInfo(folder).bytesAvailable();
    if (length > 0 && available >= 0 && available < length) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        return fail(tr("Not enough free space in %1 for %2: it needs %3 more bytes, %4 are free.")
                        .arg(folder, QFileInfo(m_target).fileName())
                        .arg(length)
                        .arg(available),
            true);
    }
    m_part.setFileName(partPath());
    if (!m_part.open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        return fail(tr("Cannot write %1: %2").arg(partPath(), m_part.errorString()), false);
    }
}

void ModelDownload::onReadyRead()
{
    onHeaders();
    if (!m_reply || !m_reply->isOpen() || !m_part.isOpen()) {
        return;
    }
    const QByteArray chunk = m_reply->readAll();
    if (m_part.write(chunk) != chunk.size()) {
        const QString problem = m_part.errorString();
        m_part.close();
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        return fail(tr("Cannot write %1: %2").arg(partPath(), problem), true);
    }
    m_hash.addData(chunk);
    m_received += chunk.size();
    const double seconds = m_clock.elapsed() / 1000.0;
    const double rate = seconds > 0 ? (m_received - m_receivedAtStart) / seconds : 0.0;
    const double eta = m_total > 0 && rate > 0 ? (m_total - m_received) / rate : -1.0;
    Q_EMIT progress(m_received, m_total, rate, eta);
}

void ModelDownload::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply) {
        return;
    }
    onReadyRead();
    m_part.close();
    reply->deleteLater();
    m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_pausing) {
        m_pausing = false;
        m_state = State::Paused;
        Q_EMIT paused();
        return;
    }
    if (status == 416 && m_received > 0) {
        return complete();
    }
    if (status >= 400) {
        return fail(
            tr("The server answered %1 %2 for %3.")
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(), m_url.toDisplayString()),
            m_received > 0);
    }
    if (reply->error() != QNetworkReply::NoError || (m_total > 0 && m_received < m_total)) {
        return fail(tr("The download of %1 stopped after %2 of %3 bytes (%4); starting it again resumes it.")
                        .arg(QFileInfo(m_target).fileName())
                        .arg(m_received)
                        .arg(m_total)
                        .arg(reply->errorString()),
            true);
    }
    complete();
}

void ModelDownload::complete()
{
    if (!m_expectedSha256.isEmpty()) {
        const QByteArray actual = m_hash.result().toHex();
        if (actual != m_expectedSha256) {
            // A wrong file cannot be resumed into a right one.
            QFile::remove(partPath());
            return fail(tr("The download of %1 is corrupt: its SHA-256 is %2, not %3.")
                            .arg(QFileInfo(m_target).fileName(),
                                QString::fromLatin1(actual),
                                QString::fromLatin1(m_expectedSha256)),
                false);
        }
    }
    QFile::remove(m_target);
    if (!QFile::rename(partPath(), m_target)) {
        return fail(tr("Cannot move the download into place as %1.").arg(m_target), true);
    }
    m_state = State::Finished;
    Q_EMIT finished(m_target);
}

void ModelDownload::fail(const QString &message, bool resumable)
{
    m_part.close();
    m_state = State::Failed;
    Q_EMIT failed(message, resumable);
}

} // namespace Juxta
