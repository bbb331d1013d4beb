// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/ssedecoder.h"

#include "providers/chatstream.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

void SseDecoder::feed(QByteArrayView bytes, ChatStream &stream)
{
    m_parser.feed(bytes, [this, &stream](const SseEvent &event) {
        handleEventUnlessEnded(event, stream);
    });
}

void SseDecoder::finish(ChatStream &stream)
{
    m_parser.finish([this, &stream](const SseEvent &event) {
        handleEventUnlessEnded(event, stream);
    });
    if (!stream.isEnded()) {
        endOfBody(stream);
    }
}

void SseDecoder::endOfBody(ChatStream &) { }

void SseDecoder::handleEventUnlessEnded(const SseEvent &event, ChatStream &stream)
{
    if (!stream.isEnded()) {
        handleEvent(event, stream);
    }
}

std::optional<QJsonObject> SseDecoder::jsonObject(QByteArrayView data, ChatStream &stream)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data.toByteArray(), &parseError);
    if (document.isObject()) {
        return document.object();
    }
    const QString detail = u"%1 in \"%2\""_s.arg(
        parseError.error == QJsonParseError::NoError ? u"not a JSON object"_s : parseError.errorString(),
        QString::fromUtf8(data.first(std::min<qsizetype>(data.size(), 120))));
    stream.reportFailed(ProviderError::make(ProviderError::Kind::MalformedStream,
        ProviderError::describe(ProviderError::Kind::MalformedStream, 0, detail, std::nullopt)));
    return std::nullopt;
}

} // namespace Juxta::Providers
