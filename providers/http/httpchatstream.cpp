// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httpchatstream.h"

#include "providers/http/httperror.h"
#include "providers/http/httpstreamreply.h"
#include "providers/http/streamdecoder.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "juxta.providers.http", QtInfoMsg)

namespace Juxta::Providers {

namespace {
// An error body is read to show the server's message; anything longer is not a message.
constexpr qsizetype MaxErrorBody = 1 << 20;
// How often a request is sent again when the connection closes before any byte of the response
// came back (see onFinished()).
constexpr int MaxUnansweredResends = 3;

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
    m_reply = new HttpStreamReply(m_request, m_body, HttpStreamReply::proxyFor(m_network, m_request.url()), this);
    connect(m_reply, &HttpStreamReply::requestSent, this, &HttpChatStream::onRequestSent);
    connect(m_reply, &HttpStreamReply::headersReceived, this, &HttpChatStream::onHeadersReceived);
    connect(m_reply, &HttpStreamReply::readyRead, this, &HttpChatStream::onReadyRead);
    connect(m_reply, &HttpStreamReply::finished, this, &HttpChatStream::onFinished);
    enterPhase(Phase::Connecting);
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
    if (m_phase == Phase::Connecting) {
        enterPhase(Phase::AwaitingResponse);
    }
}

void HttpChatStream::onHeadersReceived()
{
    m_httpStatus = m_reply->statusCode();
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
    beginBatch();
    m_decoder->feed(bytes, *this);
    endBatch();
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
        failWith(errorFromHttpResponse(m_httpStatus, m_errorBody, m_reply->rawHeaders()));
        return;
    }
    // A server (or a proxy or load balancer before it) that closes the connection before a
    // single byte of the response has not processed the request, so sending it on a fresh
    // connection is what any browser does, not a retry of something that failed.
    if (m_reply->error() == QNetworkReply::RemoteHostClosedError && !m_receivedAnything
        && m_unansweredResends < MaxUnansweredResends) {
        ++m_unansweredResends;
        qCDebug(lcHttp) << "the connection closed before any response; sending again";
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
