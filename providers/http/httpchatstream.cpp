// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httpchatstream.h"

#include "providers/http/httperror.h"
#include "providers/http/streamdecoder.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "juxta.providers.http")

namespace Juxta::Providers {

namespace {
// An error body is read to show the server's message; anything longer is not a message.
constexpr qsizetype MaxErrorBody = 1 << 20;
// How often a request is sent again when a pooled keep-alive connection turns out to have been
// closed by the server before any byte of the response came back (see onFinished()).
constexpr int MaxStaleConnectionRetries = 3;

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}
} // namespace

HttpChatStream::HttpChatStream(QNetworkAccessManager &network,
    const QNetworkRequest &request,
    const QByteArray &body,
    std::unique_ptr<StreamDecoder> decoder,
    const Timeouts &timeouts,
    QObject *parent)
    : ChatStream(parent)
    , m_network(network)
    , m_request(request)
    , m_body(body)
    , m_decoder(std::move(decoder))
    , m_timeouts(timeouts)
{
    m_phaseTimer.setSingleShot(true);
    m_totalTimer.setSingleShot(true);
    connect(&m_phaseTimer, &QTimer::timeout, this, &HttpChatStream::onPhaseTimeout);
    connect(&m_totalTimer, &QTimer::timeout, this, &HttpChatStream::onTotalTimeout);

    m_totalTimer.start(m_timeouts.totalMs);
    send();
}

void HttpChatStream::send()
{
    qCDebug(lcHttp) << "POST" << m_request.url().adjusted(QUrl::RemoveQuery).toDisplayString();
    m_reply = m_network.post(m_request, m_body);
    m_reply->setParent(this);
    connect(m_reply, &QNetworkReply::socketStartedConnecting, this, [this] {
        if (m_phase == Phase::Queued) {
            enterPhase(Phase::Connecting);
        }
    });
    connect(m_reply, &QNetworkReply::requestSent, this, &HttpChatStream::onRequestSent);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpChatStream::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpChatStream::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpChatStream::onFinished);
    enterPhase(Phase::Queued);
}

HttpChatStream::~HttpChatStream()
{
    releaseReply();
}

void HttpChatStream::abortTransport()
{
    releaseReply();
}

void HttpChatStream::releaseReply()
{
    m_phaseTimer.stop();
    m_totalTimer.stop();
    if (m_reply) {
        // Disconnect first: abort() emits finished() synchronously, and this stream has
        // already decided how it ended.
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
}

void HttpChatStream::enterPhase(Phase phase)
{
    m_phase = phase;
    switch (phase) {
    case Phase::Queued:
        m_phaseTimer.stop();
        break;
    case Phase::Connecting:
        m_phaseTimer.start(m_timeouts.connectMs);
        break;
    case Phase::AwaitingResponse:
        m_phaseTimer.start(m_timeouts.firstByteMs);
        break;
    case Phase::Streaming:
        m_phaseTimer.start(m_timeouts.idleMs);
        break;
    }
}

void HttpChatStream::onRequestSent()
{
    // A pooled connection skips Connecting: the request goes straight out.
    if (m_phase == Phase::Queued || m_phase == Phase::Connecting) {
        enterPhase(Phase::AwaitingResponse);
    }
}

void HttpChatStream::onMetaDataChanged()
{
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        return;
    }
    m_httpStatus = status.toInt();
    m_receivedAnything = true;
    enterPhase(Phase::Streaming);
    if (m_httpStatus < 400) {
        reportStarted();
    }
}

void HttpChatStream::onReadyRead()
{
    if (m_phase != Phase::Streaming) {
        enterPhase(Phase::Streaming);
    } else {
        m_phaseTimer.start(m_timeouts.idleMs);
    }
    const QByteArray bytes = m_reply->readAll();
    m_receivedAnything = m_receivedAnything || !bytes.isEmpty();
    if (!bytes.isEmpty()) {
        Q_EMIT bodyReceived(bytes);
    }
    if (isEnded()) {
        return; // a slot on bodyReceived() cancelled the stream
    }
    if (m_httpStatus >= 400) {
        if (m_errorBody.size() < MaxErrorBody) {
            m_errorBody += bytes.first(std::min(bytes.size(), MaxErrorBody - m_errorBody.size()));
        }
        return;
    }
    m_decoder->feed(bytes, *this);
    if (isEnded()) {
        // The decoder saw the final event (or a broken one): nothing more is wanted.
        releaseReply();
    }
}

void HttpChatStream::onFinished()
{
    if (isEnded()) {
        releaseReply();
        return;
    }
    if (m_httpStatus >= 400) {
        RawHeaders headers;
        for (const auto &pair : m_reply->rawHeaderPairs()) {
            headers.append(pair);
        }
        failWith(errorFromHttpResponse(m_httpStatus, m_errorBody, headers));
        return;
    }
    // A keep-alive connection from the pool may have been closed by the server while it sat
    // idle; Qt resends only idempotent requests on it, never a POST. Closed before a single
    // byte of the response, the request was never processed, so sending it on a fresh
    // connection is what any browser does, not a retry of something that failed.
    if (m_reply->error() == QNetworkReply::RemoteHostClosedError && !m_receivedAnything
        && m_staleConnectionRetries < MaxStaleConnectionRetries) {
        ++m_staleConnectionRetries;
        qCDebug(lcHttp) << "pooled connection was closed; sending again";
        m_reply->disconnect(this);
        m_reply->deleteLater();
        send();
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        failWith(errorFromNetwork(m_reply->error(), m_reply->errorString()));
        return;
    }
    m_decoder->finish(*this);
    if (!isEnded()) {
        failWith(ProviderError::make(ProviderError::Kind::Truncated,
            ProviderError::describe(ProviderError::Kind::Truncated, 0, {}, std::nullopt)));
    }
    releaseReply();
}

void HttpChatStream::onPhaseTimeout()
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("Juxta::HttpChatStream", text);
    };
    QString message;
    switch (m_phase) {
    case Phase::Queued: // no deadline runs while queued
    case Phase::Connecting:
        message = tr("Could not connect to the provider within %1 s.").arg(seconds(m_timeouts.connectMs));
        break;
    case Phase::AwaitingResponse:
        message = tr("The provider accepted the request but sent no response within %1 s.")
                      .arg(seconds(m_timeouts.firstByteMs));
        break;
    case Phase::Streaming:
        message = tr("The provider went silent for %1 s in the middle of the answer.").arg(seconds(m_timeouts.idleMs));
        break;
    }
    failWith(ProviderError::make(ProviderError::Kind::Timeout, message));
}

void HttpChatStream::onTotalTimeout()
{
    failWith(ProviderError::make(ProviderError::Kind::Timeout,
        QCoreApplication::translate("Juxta::HttpChatStream", "The answer did not finish within %1 s.")
            .arg(seconds(m_timeouts.totalMs))));
}

void HttpChatStream::failWith(const ProviderError &error)
{
    releaseReply();
    qCDebug(lcHttp) << "failed:" << ProviderError::kindName(error.kind) << error.httpStatus;
    reportFailed(error);
}

} // namespace Juxta::Providers
