// SPDX-License-Identifier: GPL-3.0-or-later
// What the workspace tests share: a loopback server standing in for the providers, and the
// application objects a MainWindow is built from, with settings in a throwaway file.
#pragma once

#include "app/catalog/presetcatalog.h"
#include "app/loopback/scriptedhttpserver.h"
#include "ui/workspaceservices.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

namespace Juxta::Testing {

/** One chat-completions delta event carrying @p text. */
inline QByteArray chunk(const QString &text)
{
    using namespace Qt::StringLiterals;
    return QJsonDocument(
        QJsonObject {{u"choices"_s,
            QJsonArray {QJsonObject {{u"index"_s, 0}, {u"delta"_s, QJsonObject {{u"content"_s, text}}}}}}})
        .toJson(QJsonDocument::Compact);
}

inline QByteArray finishEvent()
{
    return R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3}})";
}

/** The model a recorded chat request asked for. */
inline QString requestedModel(const Loopback::RecordedRequest &request)
{
    return QJsonDocument::fromJson(request.body).object().value(QLatin1StringView("model")).toString();
}

/** @p text as an answer streamed in pieces of a few words, @p delayMs apart. */
inline Loopback::ScriptedResponse streamedAnswer(const QString &text, int delayMs, int wordsPerPiece = 3)
{
    QList<QByteArray> events;
    const QStringList words = text.split(u' ');
    for (qsizetype i = 0; i < words.size(); i += wordsPerPiece) {
        QString piece = words.mid(i, wordsPerPiece).join(u' ');
        if (i + wordsPerPiece < words.size()) {
            piece += u' ';
        }
        events.append(chunk(piece));
    }
    events.append(finishEvent());
    events.append("[DONE]");
    return Loopback::ScriptedResponse::sse(events).withPieceDelay(delayMs);
}

/** A loopback server behind the openai, anthropic and gemini presets, and a window's services. */
struct Workspace
{
    Workspace()
    {
        using namespace Qt::StringLiterals;
        server.listen();
        network.setProxy(QNetworkProxy::NoProxy);
        catalog = PresetCatalog::builtIn(QProcessEnvironment());
        for (const QString &id : {u"openai"_s, u"anthropic"_s, u"gemini"_s}) {
            catalog.overrideBaseUrl(id, server.url(u"/"_s + id));
        }
        settings = std::make_unique<QSettings>(directory.filePath(u"juxta.ini"_s), QSettings::IniFormat);
        services.catalog = &catalog;
        services.network = &network;
        services.settings = settings.get();
        services.scanLocalModels = false;
    }

    QTemporaryDir directory;
    Loopback::ScriptedHttpServer server;
    PresetCatalog catalog;
    QNetworkAccessManager network;
    std::unique_ptr<QSettings> settings;
    Ui::WorkspaceServices services;
};

} // namespace Juxta::Testing
