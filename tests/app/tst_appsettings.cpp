// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/catalog/presetcatalog.h"
#include "app/settings/appsettings.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

class TestAppSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaults();
    void keepsValuesAcrossInstances();
    void signalsOnlyOnChange();
    void rejectsAProxyItCannotRead();
    void timeoutsCanBeForgotten();
    void localEngineSettingsRoundTrip();
    void localMemoryPolicyRoundTrip();
    void aModelKeepsSettingsOfItsOwn();
    void appliesPresetChangesToTheCatalog();
    void environmentBaseUrlWins();
    void dataFolderPrecedence();

private:
    QString settingsFile() const { return m_dir->filePath(u"juxta.ini"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAppSettings::defaults()
{
    const AppSettings settings(settingsFile());
    QCOMPARE(settings.theme(), AppSettings::Theme::System);
    QCOMPARE(settings.fontPointSize(), 0);
    QVERIFY(settings.proxy().isEmpty());
    QVERIFY(settings.proxySettings().usesSystemProxy());
    QVERIFY(!settings.timeouts());
    QVERIFY(settings.dataFolder().isEmpty());
    QVERIFY(settings.customPresets().isEmpty());
    QCOMPARE(settings.localEngineSettings(), Providers::LocalEngineSettings {});
}

void TestAppSettings::keepsValuesAcrossInstances()
{
    {
        AppSettings settings(settingsFile());
        settings.setTheme(AppSettings::Theme::Dark);
        settings.setFontPointSize(14);
        QString error;
        QVERIFY2(settings.setProxy(u" http://proxy.example:3128 "_s, &error), qPrintable(error));
        settings.setDataFolder(u"/tmp/juxta-data/"_s);
        settings.setBaseUrlOverride(u"openai"_s, QUrl(u"http://127.0.0.1:9/v1"_s));
        settings.setCustomPreset({u"custom-1"_s, u"My vLLM"_s, QUrl(u"http://gpu-box:8000/v1"_s)});
    }
    const AppSettings settings(settingsFile());
    QCOMPARE(settings.theme(), AppSettings::Theme::Dark);
    QCOMPARE(settings.fontPointSize(), 14);
    QCOMPARE(settings.proxy(), u"http://proxy.example:3128"_s);
    QVERIFY(!settings.proxySettings().usesSystemProxy());
    QCOMPARE(settings.proxySettings().proxy()->hostName(), u"proxy.example"_s);
    QCOMPARE(settings.proxySettings().proxy()->port(), 3128);
    QCOMPARE(settings.dataFolder(), u"/tmp/juxta-data"_s);
    QCOMPARE(settings.baseUrlOverride(u"openai"_s), QUrl(u"http://127.0.0.1:9/v1"_s));
    QCOMPARE(settings.customPresets().size(), 1);
    QCOMPARE(settings.customPresets().constFirst().displayName, u"My vLLM"_s);
    QCOMPARE(settings.newCustomPresetId(), u"custom-2"_s);
}

void TestAppSettings::signalsOnlyOnChange()
{
    AppSettings settings(settingsFile());
    QSignalSpy theme(&settings, &AppSettings::themeChanged);
    QSignalSpy font(&settings, &AppSettings::fontPointSizeChanged);
    QSignalSpy presets(&settings, &AppSettings::presetsChanged);
    settings.setTheme(AppSettings::Theme::System);
    settings.setTheme(AppSettings::Theme::Light);
    settings.setTheme(AppSettings::Theme::Light);
    QCOMPARE(theme.size(), 1);
    settings.setFontPointSize(0);
    settings.setFontPointSize(-3);
    QCOMPARE(font.size(), 0);
    settings.setFontPointSize(12);
    QCOMPARE(font.size(), 1);
    const AppSettings::CustomPreset custom {u"custom-1"_s, u"A"_s, QUrl(u"http://a:1/v1"_s)};
    settings.setCustomPreset(custom);
    settings.setCustomPreset(custom);
    QCOMPARE(presets.size(), 1);
    settings.removeCustomPreset(u"nope"_s);
    QCOMPARE(presets.size(), 1);
    settings.removeCustomPreset(u"custom-1"_s);
    QCOMPARE(presets.size(), 2);
    QVERIFY(settings.customPresets().isEmpty());
}

void TestAppSettings::rejectsAProxyItCannotRead()
{
    AppSettings settings(settingsFile());
    QString error;
    QVERIFY(settings.setProxy(u"none"_s, &error));
    QCOMPARE(settings.proxySettings().proxy()->type(), QNetworkProxy::NoProxy);
    QSignalSpy changed(&settings, &AppSettings::proxyChanged);
    QVERIFY(!settings.setProxy(u"ftp://what:ever"_s, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(settings.proxy(), u"none"_s);
    QCOMPARE(changed.size(), 0);

    // A password would sit in a plain settings file: refused, and never written.
    {
        AppSettings other(settingsFile());
        error.clear();
        QVERIFY(!other.setProxy(u"http://me:s3cret-pw@proxy.example:3128"_s, &error));
        QVERIFY(error.contains("JUXTA_PROXY"_L1));
        QCOMPARE(other.proxy(), u"none"_s);
    }
    QFile file(settingsFile());
    QVERIFY(file.open(QIODevice::ReadOnly)); // written when the other instance went away
    QVERIFY(!file.readAll().contains("s3cret-pw"));
    // A user name alone is no secret.
    QVERIFY2(settings.setProxy(u"http://me@proxy.example:3128"_s, &error), qPrintable(error));
}

void TestAppSettings::timeoutsCanBeForgotten()
{
    AppSettings settings(settingsFile());
    QSignalSpy changed(&settings, &AppSettings::timeoutsChanged);
    Providers::Timeouts timeouts;
    timeouts.connectMs = 3000;
    timeouts.totalMs = 60'000;
    settings.setTimeouts(timeouts);
    settings.setTimeouts(timeouts);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(settings.timeouts()->connectMs, 3000);
    QCOMPARE(settings.timeouts()->totalMs, 60'000);
    QCOMPARE(settings.timeouts()->idleMs, Providers::Timeouts {}.idleMs);
    settings.setTimeouts(std::nullopt);
    QCOMPARE(changed.size(), 2);
    QVERIFY(!settings.timeouts());
}

void TestAppSettings::localEngineSettingsRoundTrip()
{
    Providers::LocalEngineSettings engine;
    engine.contextLength = 8192;
    engine.threads = 3;
    engine.gpuLayers = 12;
    engine.flashAttention = false;
    engine.useMlock = true;
    {
        AppSettings settings(settingsFile());
        QSignalSpy changed(&settings, &AppSettings::localEngineSettingsChanged);
        settings.setLocalEngineSettings(engine);
        settings.setLocalEngineSettings(engine);
        QCOMPARE(changed.size(), 1);
    }
    const AppSettings settings(settingsFile());
    QCOMPARE(settings.localEngineSettings(), engine);
    QVERIFY(!settings.localEngineSettings().useMmap.has_value());
}

void TestAppSettings::localMemoryPolicyRoundTrip()
{
    QCOMPARE(AppSettings(settingsFile()).localMemoryPolicy(), Providers::LocalMemoryPolicy {});
    Providers::LocalMemoryPolicy policy;
    policy.budgetBytes = 6LL * 1024 * 1024 * 1024;
    policy.maxLoadedModels = 2;
    policy.idleUnloadMs = 15 * 60 * 1000;
    {
        AppSettings settings(settingsFile());
        QSignalSpy changed(&settings, &AppSettings::localMemoryPolicyChanged);
        settings.setLocalMemoryPolicy(policy);
        settings.setLocalMemoryPolicy(policy);
        QCOMPARE(changed.size(), 1);
    }
    AppSettings settings(settingsFile());
    QCOMPARE(settings.localMemoryPolicy(), policy);
    // Nonsense is no limit rather than a negative one.
    settings.setLocalMemoryPolicy({-5, -1, -1});
    QCOMPARE(settings.localMemoryPolicy(), Providers::LocalMemoryPolicy {});
}

void TestAppSettings::aModelKeepsSettingsOfItsOwn()
{
    const QString path = u"/models/team/tiny-q8_0.gguf"_s;
    Providers::LocalEngineSettings own;
    own.contextLength = 1024;
    own.batchSize = 128;
    own.flashAttention = true;
    own.useMmap = false;
    own.useMlock = true;
    {
        AppSettings settings(settingsFile());
        QVERIFY(!settings.modelEngineSettings(path));
        QSignalSpy changed(&settings, &AppSettings::modelEngineSettingsChanged);
        settings.setModelEngineSettings(path, own);
        settings.setModelEngineSettings(path, own);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toString(), path);
    }
    AppSettings settings(settingsFile());
    QCOMPARE(settings.modelEngineSettings(path), own);
    QCOMPARE(settings.allModelEngineSettings().size(), 1);
    // The common settings are not touched, and other models follow them.
    QCOMPARE(settings.localEngineSettings(), Providers::LocalEngineSettings {});
    QVERIFY(!settings.modelEngineSettings(u"/models/other.gguf"_s));
    settings.setModelEngineSettings(path, std::nullopt);
    QVERIFY(!AppSettings(settingsFile()).modelEngineSettings(path));
}

void TestAppSettings::appliesPresetChangesToTheCatalog()
{
    AppSettings settings(settingsFile());
    settings.setBaseUrlOverride(u"mistral"_s, QUrl(u"https://gateway.example/mistral/v1"_s));
    settings.setCustomPreset({u"custom-1"_s, u"My vLLM"_s, QUrl(u"http://gpu-box:8000/v1"_s)});
    Providers::Timeouts timeouts;
    timeouts.connectMs = 1234;
    settings.setTimeouts(timeouts);

    PresetCatalog catalog = PresetCatalog::builtIn(QProcessEnvironment());
    const int before = int(catalog.presets().size());
    settings.applyTo(catalog, QProcessEnvironment());
    QCOMPARE(int(catalog.presets().size()), before + 1);
    QCOMPARE(catalog.find(u"mistral"_s)->baseUrl, QUrl(u"https://gateway.example/mistral/v1"_s));
    const Providers::ProviderPreset *custom = catalog.find(u"custom-1"_s);
    QVERIFY(custom);
    QCOMPARE(custom->displayName, u"My vLLM"_s);
    QCOMPARE(custom->baseUrl, QUrl(u"http://gpu-box:8000/v1"_s));
    QCOMPARE(custom->family, Providers::WireFamily::OpenAiChat);
    QVERIFY(custom->keyEnvironmentVariable.isEmpty());
    QCOMPARE(catalog.find(u"openai"_s)->timeouts.connectMs, 1234);
    QCOMPARE(custom->timeouts.connectMs, 1234);
    // The rest of the catalog is untouched.
    QCOMPARE(catalog.find(u"openai"_s)->baseUrl, QUrl(u"https://api.openai.com/v1"_s));
}

void TestAppSettings::environmentBaseUrlWins()
{
    AppSettings settings(settingsFile());
    settings.setBaseUrlOverride(u"openai"_s, QUrl(u"https://from-settings.example/v1"_s));
    QProcessEnvironment environment;
    environment.insert(u"JUXTA_OPENAI_BASE_URL"_s, u"http://127.0.0.1:1/v1"_s);
    PresetCatalog catalog = PresetCatalog::builtIn(environment);
    settings.applyTo(catalog, environment);
    QCOMPARE(catalog.find(u"openai"_s)->baseUrl, QUrl(u"http://127.0.0.1:1/v1"_s));
}

void TestAppSettings::dataFolderPrecedence()
{
    AppSettings settings(settingsFile());
    QProcessEnvironment environment;
    const QString platformDefault = settings.resolveDataFolder(environment);
    QVERIFY(!platformDefault.isEmpty());
    settings.setDataFolder(m_dir->filePath(u"data"_s));
    QCOMPARE(settings.resolveDataFolder(environment), m_dir->filePath(u"data"_s));
    environment.insert(u"JUXTA_DATA_DIR"_s, u"/somewhere/else"_s);
    QCOMPARE(settings.resolveDataFolder(environment), u"/somewhere/else"_s);
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
