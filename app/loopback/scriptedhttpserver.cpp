// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/loopback/scriptedhttpserver.h"

#include "app/loopback/scriptedconnection.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Juxta::Loopback {

ScriptedHttpServer::ScriptedHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &ScriptedHttpServer::acceptConnections);
}

ScriptedHttpServer::~ScriptedHttpServer()
{
    m_server->close();
    // Close connections while this object is whole: their last signals still reach it safely.
    const QList<ScriptedConnection *> connections = findChildren<ScriptedConnection *>(Qt::FindDirectChildrenOnly);
    for (ScriptedConnection *connection : connections) {
        connection->disconnect(this);
        delete connection;
    }
}

bool ScriptedHttpServer::listen()
{
    if (m_server->isListening()) {
        return true;
    }
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool ScriptedHttpServer::isListening() const
{
    return m_server->isListening();
}

quint16 ScriptedHttpServer::port() const
{
    return m_server->serverPort();
}

QString ScriptedHttpServer::errorString() const
{
    return m_server->errorString();
}

QUrl ScriptedHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

QUrl ScriptedHttpServer::url(const QString &pathAndQuery) const
{
    return baseUrl().resolved(QUrl(pathAndQuery));
}

void ScriptedHttpServer::enqueue(const ScriptedResponse &response)
{
    m_queue.enqueue(response);
}

void ScriptedHttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

qsizetype ScriptedHttpServer::pendingResponseCount() const
{
    return m_queue.size();
}

QList<RecordedRequest> ScriptedHttpServer::requests() const
{
    return m_requests;
}

void ScriptedHttpServer::clearRequests()
{
    m_requests.clear();
}

int ScriptedHttpServer::openConnectionCount() const
{
    return m_openConnections;
}

void ScriptedHttpServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new ScriptedConnection(
            socket,
            [this](const RecordedRequest &request) {
                return respondTo(request);
            },
            this);
        ++m_openConnections;
        connect(connection, &ScriptedConnection::closed, this, [this] {
            --m_openConnections;
        });
    }
}

ScriptedResponse ScriptedHttpServer::respondTo(const RecordedRequest &request)
{
    m_requests.append(request);
    Q_EMIT requestReceived(request);
    if (m_handler) {
        return m_handler(request);
    }
    if (m_queue.isEmpty()) {
        return ScriptedResponse::text(500,
            "ScriptedHttpServer: no scripted response left for " + request.method + ' ' + request.target + '\n');
    }
    return m_queue.dequeue();
}

} // namespace Juxta::Loopback
