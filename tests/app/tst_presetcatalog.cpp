// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/catalog/presetcatalog.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Providers::WireFamily;

class TestPresetCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInCatalogHasTheStableIds();
    void everyPresetIsUsable();
    void environmentRedirectsABaseUrl();
    void refusesABrokenCatalog_data();
    void refusesABrokenCatalog();
};

void TestPresetCatalog::builtInCatalogHasTheStableIds()
{
    const PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    // Scripts use these ids on the command line: they never change.
    const QStringList stable = {u"openai"_s,
        u"azure-openai"_s,
        u"azure-foundry"_s,
        u"xai"_s,
        u"anthropic"_s,
        u"gemini"_s,
        u"deepseek"_s,
        u"mistral"_s,
        u"groq"_s,
        u"openrouter"_s,
        u"ollama"_s,
        u"llamacpp"_s,
        u"custom"_s};
    for (const QString &id : stable) {
        QVERIFY2(catalog.find(id), qPrintable(id));
    }
    QCOMPARE(catalog.find(u"anthropic"_s)->family, WireFamily::Anthropic);
    QCOMPARE(catalog.find(u"gemini"_s)->family, WireFamily::Gemini);
    QCOMPARE(catalog.find(u"openai-responses"_s)->family, WireFamily::OpenAiResponses);
    QCOMPARE(catalog.find(u"azure-openai"_s)->modelInBody, false);
    QCOMPARE(catalog.find(u"mistral"_s)->seedField, u"random_seed"_s);
    QVERIFY(catalog.find(u"llamacpp"_s)->nativeSamplers);
    QVERIFY(!catalog.find(u"no-such-preset"_s));
}

void TestPresetCatalog::everyPresetIsUsable()
{
    const PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    for (const auto &preset : catalog.presets()) {
        if (preset.family == WireFamily::Local) {
            continue; // the embedded engine has no URL
        }
        QVERIFY2(preset.baseUrl.isValid() && !preset.baseUrl.host().isEmpty(), qPrintable(preset.id));
        QVERIFY2(!preset.displayName.isEmpty(), qPrintable(preset.id));
        if (preset.auth != Providers::AuthStyle::None) {
            QVERIFY2(!preset.keyEnvironmentVariable.isEmpty(), qPrintable(preset.id));
        }
        for (const auto &model : preset.models) {
            // A price is input and output together, or not at all.
            QCOMPARE(model.inputPrice.has_value(), model.outputPrice.has_value());
        }
        if (!preset.models.isEmpty()) {
            QVERIFY2(preset.findModel(preset.defaultModel), qPrintable(preset.id + u" default model"_s));
        }
    }
}

void TestPresetCatalog::environmentRedirectsABaseUrl()
{
    QProcessEnvironment environment;
    environment.insert(u"JUXTA_AZURE_OPENAI_BASE_URL"_s, u"http://127.0.0.1:9/azure"_s);
    environment.insert(u"JUXTA_XAI_BASE_URL"_s, u"not a url"_s);
    PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    const QStringList problems = catalog.applyEnvironment(environment);
    QCOMPARE(catalog.find(u"azure-openai"_s)->baseUrl, QUrl(u"http://127.0.0.1:9/azure"_s));
    QVERIFY(!catalog.find(u"azure-openai"_s)->baseUrlIsTemplate);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.constFirst().startsWith(u"JUXTA_XAI_BASE_URL"_s));
    QCOMPARE(catalog.find(u"xai"_s)->baseUrl, QUrl(u"https://api.x.ai/v1"_s));
    QCOMPARE(PresetCatalog::baseUrlVariable(u"azure-foundry"_s), u"JUXTA_AZURE_FOUNDRY_BASE_URL"_s);
}

void TestPresetCatalog::refusesABrokenCatalog_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("complaint");
    QTest::newRow("not json") << QByteArray("{presets:") << u"not valid JSON"_s;
    QTest::newRow("no id") << QByteArray(R"({"presets":[{"family":"openai-chat","baseUrl":"https://x"}]})")
                           << u"no id"_s;
    QTest::newRow("unknown family") << QByteArray(
        R"({"presets":[{"id":"a","family":"smoke-signals","baseUrl":"https://x"}]})")
                                    << u"unknown family"_s;
    QTest::newRow("bad url") << QByteArray(R"({"presets":[{"id":"a","family":"openai-chat","baseUrl":"::"}]})")
                             << u"base URL"_s;
    QTest::newRow("unknown auth") << QByteArray(
        R"({"presets":[{"id":"a","family":"openai-chat","baseUrl":"https://x","auth":"carrier-pigeon"}]})")
                                  << u"auth style"_s;
    QTest::newRow("duplicate id") << QByteArray(R"({"presets":[{"id":"a","family":"openai-chat","baseUrl":"https://x"},
                                     {"id":"a","family":"gemini","baseUrl":"https://y"}]})")
                                  << u"two presets"_s;
}

void TestPresetCatalog::refusesABrokenCatalog()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, complaint);
    QString error;
    QVERIFY(!PresetCatalog::fromJson(json, &error));
    QVERIFY2(error.contains(complaint), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestPresetCatalog)
#include "tst_presetcatalog.moc"
