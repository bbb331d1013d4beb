// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/loopback/recordedrequest.h"
#include "app/loopback/scriptedresponse.h"

#include <QList>
#include <QObject>
#include <QQueue>
#include <QString>
#include <QUrl>

#include <functional>

class QTcpServer;

namespace Juxta::Loopback {

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers each request with a scripted response, byte for
 * byte and at the scripted pace, so provider code can be tested against well-formed, broken and
 * slow replies without any real network. Built on QTcpServer rather than QHttpServer because it
 * has to control raw bytes, chunk boundaries and timing.
 *
 * Each connection carries one request and is closed after the reply (Connection: close). Many
 * connections are served at once; nothing blocks, every delay is a timer, and a client that
 * disconnects early only ends its own connection. Destroying the server closes every connection.
 *
 * A handler, when set, answers every request; otherwise scripts are taken from a FIFO queue, and
 * a request that finds it empty gets a 500 whose body says so.
 */
class ScriptedHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest &request)>;

    explicit ScriptedHttpServer(QObject *parent = nullptr);
    ~ScriptedHttpServer() override;
    Q_DISABLE_COPY_MOVE(ScriptedHttpServer)

    /** Listens on 127.0.0.1 on a free port (never another address). False: see errorString(). */
    bool listen();
    bool isListening() const;
    quint16 port() const;
    QString errorString() const;
    /** http://127.0.0.1:PORT */
    QUrl baseUrl() const;
    /** baseUrl() with @p pathAndQuery ("/v1/models?limit=2") resolved against it. */
    QUrl url(const QString &pathAndQuery) const;

    /** Appends a script for the next request that finds no earlier one waiting. */
    void enqueue(const ScriptedResponse &response);
    /** Answers every request from @p handler instead of the queue; an empty function unsets it. */
    void setHandler(Handler handler);
    qsizetype pendingResponseCount() const;

    /** Every complete request received so far, oldest first. */
    QList<RecordedRequest> requests() const;
    void clearRequests();
    /** Connections accepted and not yet closed. */
    int openConnectionCount() const;

Q_SIGNALS:
    /** A complete request arrived; its response is chosen right after this returns. */
    void requestReceived(const Juxta::Loopback::RecordedRequest &request);

private:
    void acceptConnections();
    ScriptedResponse respondTo(const RecordedRequest &request);

    QTcpServer *m_server;
    QQueue<ScriptedResponse> m_queue;
    Handler m_handler;
    QList<RecordedRequest> m_requests;
    int m_openConnections = 0;
};

} // namespace Juxta::Loopback
