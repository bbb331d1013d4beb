// SPDX-License-Identifier: GPL-3.0-or-later
// The recommended starter list: the shipped one is complete, a broken one is refused with a
// message naming the entry and field, and downloads can be sent to another server.
#include "app/models/startermodels.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

namespace {

QJsonObject validEntry()
{
    return QJsonObject {
        {u"id"_s, u"tiny-1b"_s},
        {u"name"_s, u"Tiny 1B"_s},
        {u"description"_s, u"A model for the test."_s},
        {u"url"_s, u"https://huggingface.co/owner/Tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf"_s},
        {u"approximate_size_bytes"_s, 700000000},
        {u"license"_s, u"Apache-2.0"_s},
        {u"parameter_count"_s, 1000000000},
        {u"quantisation"_s, u"Q4_K_M"_s},
    };
}

QByteArray document(const QJsonArray &models, int version = 1, const QString &format = u"juxta-starter-models"_s)
{
    return QJsonDocument(QJsonObject {{u"format"_s, format}, {u"version"_s, version}, {u"models"_s, models}}).toJson();
}

QByteArray withEntry(const QString &key, const QJsonValue &value)
{
    QJsonObject entry = validEntry();
    if (value.isUndefined()) {
        entry.remove(key);
    } else {
        entry.insert(key, value);
    }
    return document({entry});
}

} // namespace

class TestStarterModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shippedListIsComplete();
    void readsAValidList();
    void refusesABrokenList_data();
    void refusesABrokenList();
    void baseUrlRedirectsDownloads();
    void environmentRedirectsDownloads();
};

void TestStarterModels::shippedListIsComplete()
{
    QFile file(u":/juxta/starter-models.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString error;
    const auto list = StarterModels::fromJson(file.readAll(), &error);
    QVERIFY2(list, qPrintable(error));
    QVERIFY(list->models().size() >= 5);
    static const QRegularExpression link(
        uR"(^https://huggingface\.co/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/resolve/main/[A-Za-z0-9._-]+\.gguf$)"_s);
    for (const StarterModel &model : list->models()) {
        const QByteArray label = model.id.toUtf8();
        QVERIFY2(!model.id.isEmpty() && !model.name.isEmpty() && !model.description.isEmpty(), label);
        QVERIFY2(link.match(model.url.toString()).hasMatch(), label);
        QVERIFY2(model.fileName().endsWith(u".gguf"_s), label);
        QVERIFY2(!model.license.isEmpty() && !model.quantisation.isEmpty(), label);
        // Small instruct models: between 100 MB and 5 GB, between 100M and 5B parameters.
        QVERIFY2(model.approximateSizeBytes > 100'000'000 && model.approximateSizeBytes < 5'000'000'000, label);
        QVERIFY2(model.parameterCount > 100'000'000 && model.parameterCount < 5'000'000'000, label);
        QVERIFY2(model.sha256.isEmpty() || model.sha256.size() == 64, label);
        QCOMPARE(list->find(model.id), &model);
        // Nothing is redirected unless asked.
        QCOMPARE(list->downloadUrl(model), model.url);
    }
    QCOMPARE(StarterModels::builtIn(QProcessEnvironment()).models().size(), list->models().size());
}

void TestStarterModels::readsAValidList()
{
    QJsonObject withHash = validEntry();
    withHash.insert(u"id"_s, u"tiny-2b"_s);
    withHash.insert(u"url"_s, u"https://huggingface.co/owner/Tiny-GGUF/resolve/main/tiny2-Q8_0.gguf"_s);
    withHash.insert(u"sha256"_s, QString(64, u'A'));
    QString error;
    const auto list = StarterModels::fromJson(document({validEntry(), withHash}), &error);
    QVERIFY2(list, qPrintable(error));
    QCOMPARE(list->models().size(), 2);
    const StarterModel &first = list->models().constFirst();
    QCOMPARE(first.id, u"tiny-1b"_s);
    QCOMPARE(first.name, u"Tiny 1B"_s);
    QCOMPARE(first.fileName(), u"tiny-Q4_K_M.gguf"_s);
    QCOMPARE(first.approximateSizeBytes, qint64(700000000));
    QCOMPARE(first.parameterCount, qint64(1000000000));
    QCOMPARE(first.license, u"Apache-2.0"_s);
    QCOMPARE(first.quantisation, u"Q4_K_M"_s);
    QVERIFY(first.sha256.isEmpty());
    QCOMPARE(list->find(u"tiny-2b"_s)->sha256, QByteArray(64, 'a'));
    QVERIFY(!list->find(u"tiny-3b"_s));
}

void TestStarterModels::refusesABrokenList_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::newRow("not json") << QByteArray("{\"format\": ") << u"is not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << u"is not a JSON object"_s;
    QTest::newRow("wrong format") << document({validEntry()}, 1, u"juxta-prompt-bundle"_s)
                                  << u"\"format\": \"juxta-starter-models\""_s;
    QTest::newRow("newer version") << document({validEntry()}, 2) << u"has version 2"_s;
    QTest::newRow("no models") << document({}) << u"has no models"_s;
    QTest::newRow("entry not object") << document({42}) << u"entry 1 is not an object"_s;
    QTest::newRow("no id") << withEntry(u"id"_s, QJsonValue::Undefined) << u"\"id\" is missing"_s;
    QTest::newRow("bad id") << withEntry(u"id"_s, u"Tiny 1B"_s) << u"\"id\" must be lower-case"_s;
    QTest::newRow("no name") << withEntry(u"name"_s, QJsonValue::Undefined)
                             << u"starter model 1 (\"tiny-1b\"): \"name\" is missing"_s;
    QTest::newRow("blank description") << withEntry(u"description"_s, u"  "_s) << u"\"description\" is missing"_s;
    QTest::newRow("no url") << withEntry(u"url"_s, QJsonValue::Undefined) << u"\"url\" is missing"_s;
    QTest::newRow("http url") << withEntry(u"url"_s, u"http://huggingface.co/o/r/resolve/main/m.gguf"_s)
                              << u"\"url\" is not a https://huggingface.co/"_s;
    QTest::newRow("other host") << withEntry(u"url"_s, u"https://example.org/o/r/resolve/main/m.gguf"_s)
                                << u"\"url\" is not"_s;
    QTest::newRow("blob page") << withEntry(u"url"_s, u"https://huggingface.co/o/r/blob/main/m.gguf"_s)
                               << u"\"url\" is not"_s;
    QTest::newRow("not gguf") << withEntry(u"url"_s, u"https://huggingface.co/o/r/resolve/main/m.bin"_s)
                              << u"\"url\" is not"_s;
    QTest::newRow("no size") << withEntry(u"approximate_size_bytes"_s, QJsonValue::Undefined)
                             << u"\"approximate_size_bytes\" must be a positive whole number"_s;
    QTest::newRow("size as text") << withEntry(u"approximate_size_bytes"_s, u"1 GB"_s)
                                  << u"\"approximate_size_bytes\" must be"_s;
    QTest::newRow("negative size") << withEntry(u"approximate_size_bytes"_s, -5) << u"\"approximate_size_bytes\""_s;
    QTest::newRow("no license") << withEntry(u"license"_s, QJsonValue::Undefined) << u"\"license\" is missing"_s;
    QTest::newRow("fractional parameters")
        << withEntry(u"parameter_count"_s, 1.5) << u"\"parameter_count\" must be a positive whole number"_s;
    QTest::newRow("no quantisation") << withEntry(u"quantisation"_s, QJsonValue::Undefined)
                                     << u"\"quantisation\" is missing"_s;
    QTest::newRow("short sha") << withEntry(u"sha256"_s, u"abc123"_s) << u"\"sha256\" must be 64 hexadecimal"_s;
    QTest::newRow("duplicate id") << document({validEntry(), validEntry()}) << u"two models with the id"_s;
    QJsonObject sameFile = validEntry();
    sameFile.insert(u"id"_s, u"other"_s);
    QTest::newRow("duplicate file") << document({validEntry(), sameFile}) << u"two models with the file name"_s;
}

void TestStarterModels::refusesABrokenList()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!StarterModels::fromJson(json, &error));
    QVERIFY2(error.startsWith(u"the starter model list "_s), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestStarterModels::baseUrlRedirectsDownloads()
{
    auto list = StarterModels::fromJson(document({validEntry()}), nullptr);
    QVERIFY(list);
    const StarterModel &model = list->models().constFirst();
    QVERIFY(!list->setBaseUrl(QUrl(u"ftp://127.0.0.1/"_s)));
    QVERIFY(!list->setBaseUrl(QUrl(u"not a url"_s)));
    QCOMPARE(list->downloadUrl(model), model.url);
    QVERIFY(list->setBaseUrl(QUrl(u"http://127.0.0.1:8123/mirror/"_s)));
    QCOMPARE(list->downloadUrl(model),
        QUrl(u"http://127.0.0.1:8123/mirror/owner/Tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf"_s));
    QVERIFY(list->setBaseUrl(QUrl(u"http://127.0.0.1:8123"_s)));
    QCOMPARE(list->downloadUrl(model), QUrl(u"http://127.0.0.1:8123/owner/Tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf"_s));
    // The file name in the library stays the original one.
    QCOMPARE(model.fileName(), u"tiny-Q4_K_M.gguf"_s);
}

void TestStarterModels::environmentRedirectsDownloads()
{
    QProcessEnvironment environment;
    environment.insert(QString::fromLatin1(StarterModels::BaseUrlVariable), u"http://127.0.0.1:9/hf"_s);
    QString error;
    const StarterModels redirected = StarterModels::builtIn(environment, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const StarterModel &model = redirected.models().constFirst();
    QCOMPARE(redirected.downloadUrl(model).toString(), u"http://127.0.0.1:9/hf"_s + model.url.path());

    environment.insert(QString::fromLatin1(StarterModels::BaseUrlVariable), u"mirror.example"_s);
    const StarterModels unchanged = StarterModels::builtIn(environment, &error);
    QVERIFY2(error.contains(u"JUXTA_STARTER_MODELS_BASE_URL is not an http(s) URL"_s), qPrintable(error));
    QCOMPARE(unchanged.downloadUrl(unchanged.models().constFirst()), unchanged.models().constFirst().url);
}

QTEST_GUILESS_MAIN(TestStarterModels)
#include "tst_startermodels.moc"
