// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/loopback/recordedrequest.h"
#include "app/loopback/scriptedresponse.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace Juxta::Loopback {

/**
 * One accepted connection of ScriptedHttpServer: reads a single request, asks the server for
 * its script and plays it, then closes. Internal to the loopback library.
 */
class ScriptedConnection : public QObject
{
    Q_OBJECT

public:
    using Responder = std::function<ScriptedResponse(const RecordedRequest &request)>;

    /** Takes ownership of @p socket. @p responder is called once, when the request is complete. */
    explicit ScriptedConnection(QTcpSocket *socket, Responder responder, QObject *parent = nullptr);
    ~ScriptedConnection() override;
    Q_DISABLE_COPY_MOVE(ScriptedConnection)

Q_SIGNALS:
    /** The socket is gone (either side closed it); the object deletes itself later. */
    void closed();

private:
    enum class Phase { ReadingHead, ReadingBody, Responding, Finished };

    void readIncoming();
    bool parseHead();
    bool parseBody();
    bool parseChunkedBody();
    void rejectRequest(int statusCode, const QByteArray &why);
    void startResponse(ScriptedResponse response);
    void writeHead();
    void appendFramed(QByteArray &batch, const QByteArray &bytes) const;
    void flush(QByteArray &batch);
    void pump();
    void endBody();
    void waitFor(int delayMs);
    void handleBytesWritten();
    void finish();

    QTcpSocket *m_socket;
    Responder m_responder;
    Phase m_phase = Phase::ReadingHead;
    QByteArray m_incoming;
    RecordedRequest m_request;
    qint64 m_contentLength = 0;
    bool m_chunkedRequest = false;
    bool m_readingTrailers = false;

    ScriptedResponse m_response;
    QTimer m_delayTimer;
    /** For a fixed schedule: time since the first wait, and when the current wait is due. */
    QElapsedTimer m_scheduleClock;
    qint64 m_dueMs = 0;
    bool m_waiting = false;
    bool m_delayElapsed = false;
    bool m_headWritten = false;
    qsizetype m_pieceIndex = 0;
    qint64 m_generatedIndex = 0;
    bool m_bodyEnded = false;
    bool m_abortWhenDrained = false;
    bool m_pumping = false;
};

} // namespace Juxta::Loopback
