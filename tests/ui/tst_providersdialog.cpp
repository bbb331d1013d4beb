// SPDX-License-Identifier: GPL-3.0-or-later
// The Providers dialog against a real Secret Service (gnome-keyring on a private bus, see
// juxta_add_test(... KEYRING)) and a real HTTP endpoint on loopback.
#include "app/catalog/presetcatalog.h"
#include "app/loopback/scriptedhttpserver.h"
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "ui/dialogs/providersdialog.h"

#include "../app/secretstesthelpers.h"
#include "widgettesthelpers.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Loopback::ScriptedHttpServer;
using Juxta::Loopback::ScriptedResponse;
using Juxta::Ui::ProvidersDialog;
using SecretsTest::LogCapture;
using WidgetTest::child;

namespace {

constexpr int TimeoutMs = 15000;
const QString Key = u"sk-proj-PaNeLsT3stK3yNotRealAbCdEfGhIjKlMnOp5678"_s;

QStringList listed(QListWidget *list)
{
    QStringList items;
    for (int row = 0; row < list->count(); ++row) {
        items.append(list->item(row)->text());
    }
    return items;
}

ScriptedResponse modelsReply()
{
    return ScriptedResponse::json(200,
        R"({"object":"list","data":[{"id":"model-b","object":"model"},{"id":"model-a","object":"model"}]})");
}

} // namespace

class TestProvidersDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listsModelsWithTheTypedKey();
    void savesTheKeyInTheKeychainOnly();
    void showsTheServersError();
    void addsEditsAndRemovesACustomEndpoint();
    void everyControlIsNamed();

private:
    QString settingsText() const;
    void setBaseUrl(ProvidersDialog &dialog, const QUrl &url);

    ScriptedHttpServer m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<KeyStore> m_store;
    std::unique_ptr<ApiKeys> m_keys;
    PresetCatalog m_catalog = PresetCatalog::builtIn(QProcessEnvironment());
};

void TestProvidersDialog::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("JUXTA_TEST_KEYRING"), "run through ctest: it starts the keyring");
    LogCapture::install();
    QVERIFY(m_server.listen());
}

void TestProvidersDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(u"juxta.ini"_s));
    m_store = std::make_unique<KeyStore>();
    m_keys = std::make_unique<ApiKeys>(m_store.get());
    m_server.clearRequests();
}

void TestProvidersDialog::cleanup()
{
    const auto removed = SecretsTest::removeKey(*m_store, u"openai"_s);
    QVERIFY2(removed && removed->isOk(), SecretsTest::failureText(removed).constData());
    QVERIFY(!LogCapture::find(Key));
}

QString TestProvidersDialog::settingsText() const
{
    QFile file(m_dir->filePath(u"juxta.ini"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestProvidersDialog::setBaseUrl(ProvidersDialog &dialog, const QUrl &url)
{
    auto *baseUrl = child<QLineEdit>(&dialog, u"Base URL"_s);
    baseUrl->setFocus();
    baseUrl->selectAll();
    QTest::keyClicks(baseUrl, url.toString());
    QTest::keyClick(baseUrl, Qt::Key_Return);
}

void TestProvidersDialog::listsModelsWithTheTypedKey()
{
    ProvidersDialog dialog(m_catalog, *m_settings, *m_store, *m_keys, m_network);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.selectPreset(u"openai"_s));
    setBaseUrl(dialog, m_server.url(u"/v1"_s));
    QCOMPARE(m_settings->baseUrlOverride(u"openai"_s), m_server.url(u"/v1"_s));
    QVERIFY(dialog.isVisible());

    QTest::keyClicks(child<QLineEdit>(&dialog, u"API key"_s), Key);
    m_server.enqueue(modelsReply());
    child<QPushButton>(&dialog, u"Test the connection by listing models"_s)->click();
    auto *models = child<QListWidget>(&dialog, u"Models the endpoint lists"_s);
    QTRY_COMPARE_WITH_TIMEOUT(models->count(), 2, TimeoutMs);
    QCOMPARE(listed(models), (QStringList {u"model-a"_s, u"model-b"_s}));
    QVERIFY(dialog.findChild<QLabel *>(u"testStatus"_s)->text().contains(u"2"_s));
    const auto request = m_server.requests().constLast();
    QCOMPARE(request.path, QByteArray("/v1/models"));
    QCOMPARE(request.header("authorization"), "Bearer " + Key.toUtf8());
    // Testing does not store the key anywhere.
    QVERIFY(!settingsText().contains(Key));
    const auto stored = SecretsTest::readKey(*m_store, u"openai"_s);
    QVERIFY(stored && stored->error && stored->error->kind == KeyStoreError::Kind::NotFound);
}

void TestProvidersDialog::savesTheKeyInTheKeychainOnly()
{
    m_settings->setBaseUrlOverride(u"openai"_s, m_server.url(u"/v1"_s));
    ProvidersDialog dialog(m_catalog, *m_settings, *m_store, *m_keys, m_network);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.selectPreset(u"openai"_s));
    auto *status = dialog.findChild<QLabel *>(u"keyStatus"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"No key"_s), TimeoutMs);

    QSignalSpy keysChanged(&dialog, &ProvidersDialog::keysChanged);
    auto *keyField = child<QLineEdit>(&dialog, u"API key"_s);
    QCOMPARE(keyField->echoMode(), QLineEdit::Password);
    QTest::keyClicks(keyField, u"  "_s + Key + u"  "_s);
    QTest::keyClick(keyField, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(keysChanged.size(), 1, TimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"keychain"_s), TimeoutMs);
    QVERIFY(keyField->text().isEmpty());
    // Shown redacted, stored whole in the Secret Service, and nowhere in the settings file.
    QVERIFY(status->text().contains(ApiKeys::redact(Key)));
    QVERIFY(!status->text().contains(Key));
    const auto stored = SecretsTest::readKey(*m_store, u"openai"_s);
    QVERIFY2(stored && stored->isOk(), SecretsTest::failureText(stored).constData());
    QCOMPARE(stored->key, Key);
    QVERIFY(!settingsText().contains(Key));
    QVERIFY(!settingsText().contains(Key.right(12)));

    // A test without a typed key uses the stored one.
    m_server.enqueue(modelsReply());
    child<QPushButton>(&dialog, u"Test the connection by listing models"_s)->click();
    auto *models = child<QListWidget>(&dialog, u"Models the endpoint lists"_s);
    QTRY_COMPARE_WITH_TIMEOUT(models->count(), 2, TimeoutMs);
    QCOMPARE(m_server.requests().constLast().header("authorization"), "Bearer " + Key.toUtf8());

    child<QPushButton>(&dialog, u"Forget the stored key"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(keysChanged.size(), 2, TimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"No key"_s), TimeoutMs);
    const auto gone = SecretsTest::readKey(*m_store, u"openai"_s);
    QVERIFY(gone && gone->error && gone->error->kind == KeyStoreError::Kind::NotFound);
}

void TestProvidersDialog::showsTheServersError()
{
    m_settings->setBaseUrlOverride(u"openai"_s, m_server.url(u"/v1"_s));
    ProvidersDialog dialog(m_catalog, *m_settings, *m_store, *m_keys, m_network);
    QVERIFY(dialog.selectPreset(u"openai"_s));
    QTest::keyClicks(child<QLineEdit>(&dialog, u"API key"_s), u"sk-wrong-key-0000000000000000"_s);
    m_server.enqueue(ScriptedResponse::json(401,
        R"({"error":{"message":"Incorrect API key provided: sk-wrong****0000.","type":"invalid_request_error","code":"invalid_api_key"}})"));
    auto *test = child<QPushButton>(&dialog, u"Test the connection by listing models"_s);
    test->click();
    QVERIFY(!test->isEnabled());
    auto *status = dialog.findChild<QLabel *>(u"testStatus"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"Incorrect API key provided"_s), TimeoutMs);
    QVERIFY(test->isEnabled());
    QCOMPARE(child<QListWidget>(&dialog, u"Models the endpoint lists"_s)->count(), 0);
}

void TestProvidersDialog::addsEditsAndRemovesACustomEndpoint()
{
    ProvidersDialog dialog(m_catalog, *m_settings, *m_store, *m_keys, m_network);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = child<QListWidget>(&dialog, u"Provider presets"_s);
    const int before = list->count();
    child<QPushButton>(&dialog, u"Add a custom OpenAI-compatible endpoint"_s)->click();
    QCOMPARE(list->count(), before + 1);
    QCOMPARE(dialog.currentPresetId(), u"custom-1"_s);
    auto *name = child<QLineEdit>(&dialog, u"Name"_s);
    QVERIFY(!name->isReadOnly());
    QCOMPARE(QApplication::focusWidget(), name);
    QTest::keyClicks(name, u"GPU box"_s);
    QTest::keyClick(name, Qt::Key_Tab);
    QCOMPARE(m_settings->customPresets().constFirst().displayName, u"GPU box"_s);
    QCOMPARE(list->currentItem()->text(), u"GPU box"_s);
    setBaseUrl(dialog, m_server.url(u"/v1"_s));
    QCOMPARE(m_settings->customPresets().constFirst().baseUrl, m_server.url(u"/v1"_s));

    // An endpoint of the user's own may need no key at all.
    m_server.enqueue(modelsReply());
    child<QPushButton>(&dialog, u"Test the connection by listing models"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(child<QListWidget>(&dialog, u"Models the endpoint lists"_s)->count(), 2, TimeoutMs);
    QVERIFY(!m_server.requests().constLast().hasHeader("authorization"));

    // Built-in presets keep their names and cannot be removed.
    QVERIFY(dialog.selectPreset(u"anthropic"_s));
    QVERIFY(name->isReadOnly());
    QVERIFY(!child<QPushButton>(&dialog, u"Remove this custom endpoint"_s)->isEnabled());

    QVERIFY(dialog.selectPreset(u"custom-1"_s));
    // Removing an endpoint forgets its key as well.
    QSignalSpy forgotten(m_store.get(), &KeyStore::removeFinished);
    child<QPushButton>(&dialog, u"Remove this custom endpoint"_s)->click();
    QCOMPARE(list->count(), before);
    QVERIFY(m_settings->customPresets().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(forgotten.size(), 1, TimeoutMs);
    QCOMPARE(forgotten.constFirst().at(0).toString(), u"custom-1"_s);
}

void TestProvidersDialog::everyControlIsNamed()
{
    ProvidersDialog dialog(m_catalog, *m_settings, *m_store, *m_keys, m_network);
    const QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestProvidersDialog)
#include "tst_providersdialog.moc"
