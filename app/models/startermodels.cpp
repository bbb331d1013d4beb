// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/models/startermodels.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStarterModels, "juxta.models.starters", QtInfoMsg)

namespace Juxta {

namespace {

constexpr auto Resource = ":/juxta/starter-models.json";

// JSON numbers are doubles: whole, positive and exact below 2^53, which every real size is.
std::optional<qint64> positiveInteger(const QJsonValue &value)
{
    if (!value.isDouble()) {
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (number < 1 || number > 9.0e15 || number != double(qint64(number))) {
        return std::nullopt;
    }
    return qint64(number);
}

// https://huggingface.co/<owner>/<repo>/resolve/main/<file>.gguf, nothing else.
bool isHuggingFaceFileLink(const QUrl &url)
{
    static const QRegularExpression path(uR"(^/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/resolve/main/[A-Za-z0-9._-]+\.gguf$)"_s);
    return url.isValid() && url.scheme() == "https"_L1 && url.host() == "huggingface.co"_L1 && url.port() == -1
        && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty() && path.match(url.path()).hasMatch();
}

std::optional<StarterModel> parseModel(const QJsonObject &object, int index, QString *error)
{
    const QString label = object.value("id"_L1).toString().isEmpty()
        ? u"starter model %1"_s.arg(index + 1)
        : u"starter model %1 (\"%2\")"_s.arg(index + 1).arg(object.value("id"_L1).toString());
    const auto fail = [&](const QString &problem) -> std::optional<StarterModel> {
        if (error) {
            *error = u"%1: %2"_s.arg(label, problem);
        }
        return std::nullopt;
    };
    const auto text = [&](const char *key) {
        return object.value(QLatin1StringView(key)).toString().trimmed();
    };

    StarterModel model;
    model.id = text("id");
    static const QRegularExpression idPattern(u"^[a-z0-9][a-z0-9._-]*$"_s);
    if (model.id.isEmpty()) {
        return fail(u"\"id\" is missing"_s);
    }
    if (!idPattern.match(model.id).hasMatch()) {
        return fail(u"\"id\" must be lower-case letters, digits, '.', '_' and '-'"_s);
    }
    model.name = text("name");
    if (model.name.isEmpty()) {
        return fail(u"\"name\" is missing"_s);
    }
    model.description = text("description");
    if (model.description.isEmpty()) {
        return fail(u"\"description\" is missing"_s);
    }
    const QString url = text("url");
    if (url.isEmpty()) {
        return fail(u"\"url\" is missing"_s);
    }
    model.url = QUrl(url, QUrl::StrictMode);
    if (!isHuggingFaceFileLink(model.url)) {
        return fail(u"\"url\" is not a https://huggingface.co/<repo>/resolve/main/<file>.gguf link: %1"_s.arg(url));
    }
    const auto size = positiveInteger(object.value("approximate_size_bytes"_L1));
    if (!size) {
        return fail(u"\"approximate_size_bytes\" must be a positive whole number"_s);
    }
    model.approximateSizeBytes = *size;
    model.license = text("license");
    if (model.license.isEmpty()) {
        return fail(u"\"license\" is missing"_s);
    }
    const auto parameters = positiveInteger(object.value("parameter_count"_L1));
    if (!parameters) {
        return fail(u"\"parameter_count\" must be a positive whole number"_s);
    }
    model.parameterCount = *parameters;
    model.quantisation = text("quantisation");
    if (model.quantisation.isEmpty()) {
        return fail(u"\"quantisation\" is missing"_s);
    }
    if (object.contains("sha256"_L1)) {
        static const QRegularExpression hex(u"^[0-9a-fA-F]{64}$"_s);
        const QString sha256 = text("sha256");
        if (!hex.match(sha256).hasMatch()) {
            return fail(u"\"sha256\" must be 64 hexadecimal digits (leave it out when unknown)"_s);
        }
        model.sha256 = sha256.toLower().toLatin1();
    }
    return model;
}

} // namespace

std::optional<StarterModels> StarterModels::fromJson(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &problem) -> std::optional<StarterModels> {
        if (error) {
            *error = u"the starter model list %1"_s.arg(problem);
        }
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        return fail(parseError.error != QJsonParseError::NoError
                ? u"is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset)
                : u"is not a JSON object"_s);
    }
    const QJsonObject root = document.object();
    if (root.value("format"_L1).toString() != QLatin1StringView(Format)) {
        return fail(u"does not say \"format\": \"%1\""_s.arg(QLatin1StringView(Format)));
    }
    const int version = root.value("version"_L1).toInt(0);
    if (version < 1 || version > Version) {
        return fail(
            u"has version %1; this Juxta reads version %2"_s.arg(root.value("version"_L1).toVariant().toString())
                .arg(Version));
    }
    const QJsonArray models = root.value("models"_L1).toArray();
    if (models.isEmpty()) {
        return fail(u"has no models"_s);
    }
    StarterModels list;
    QSet<QString> ids;
    QSet<QString> fileNames;
    for (int i = 0; i < models.size(); ++i) {
        if (!models.at(i).isObject()) {
            return fail(u"entry %1 is not an object"_s.arg(i + 1));
        }
        QString problem;
        auto model = parseModel(models.at(i).toObject(), i, &problem);
        if (!model) {
            return fail(u"is not valid: %1"_s.arg(problem));
        }
        if (ids.contains(model->id)) {
            return fail(u"has two models with the id \"%1\""_s.arg(model->id));
        }
        // Both would land on the same file in the library.
        if (fileNames.contains(model->fileName().toLower())) {
            return fail(u"has two models with the file name %1"_s.arg(model->fileName()));
        }
        ids.insert(model->id);
        fileNames.insert(model->fileName().toLower());
        list.m_models.append(*model);
    }
    return list;
}

StarterModels StarterModels::builtIn(const QProcessEnvironment &environment, QString *error)
{
    QFile file(QString::fromLatin1(Resource));
    QString problem;
    std::optional<StarterModels> list;
    if (file.open(QIODevice::ReadOnly)) {
        list = fromJson(file.readAll(), &problem);
    }
    // The list is part of the program (and tested), so a broken one is a build defect.
    Q_ASSERT_X(list, "StarterModels::builtIn", qPrintable(problem));
    if (!list) {
        qCCritical(lcStarterModels) << "the built-in starter model list is broken:" << problem;
        return {};
    }
    const QString base = environment.value(QString::fromLatin1(BaseUrlVariable));
    if (!base.isEmpty() && !list->setBaseUrl(QUrl(base, QUrl::StrictMode))) {
        const QString message = u"%1 is not an http(s) URL: %2"_s.arg(QLatin1StringView(BaseUrlVariable), base);
        qCWarning(lcStarterModels).noquote() << message;
        if (error) {
            *error = message;
        }
    }
    return *list;
}

const StarterModel *StarterModels::find(const QString &id) const
{
    for (const StarterModel &model : m_models) {
        if (model.id == id) {
            return &model;
        }
    }
    return nullptr;
}

bool StarterModels::setBaseUrl(const QUrl &base)
{
    if (!base.isValid() || (base.scheme() != "http"_L1 && base.scheme() != "https"_L1) || base.host().isEmpty()) {
        return false;
    }
    m_baseUrl = base;
    return true;
}

QUrl StarterModels::downloadUrl(const StarterModel &model) const
{
    if (m_baseUrl.isEmpty()) {
        return model.url;
    }
    QUrl url = m_baseUrl;
    QString path = m_baseUrl.path();
    while (path.endsWith(u'/')) {
        path.chop(1);
    }
    url.setPath(path + model.url.path());
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace Juxta
