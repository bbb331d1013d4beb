// SPDX-License-Identifier: GPL-3.0-or-later
// KeyStore against a real Secret Service: ctest starts gnome-keyring on a private D-Bus session
// (see juxta_add_test(... KEYRING) in tests/CMakeLists.txt) and sets JUXTA_TEST_KEYRING.
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"

#include "secretstesthelpers.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::ApiKeys;
using Juxta::KeySource;
using Juxta::KeyStore;
using Juxta::KeyStoreError;
using Juxta::KeyStoreResult;
using SecretsTest::LogCapture;
using SecretsTest::readKey;
using SecretsTest::removeKey;
using SecretsTest::writeKey;

namespace {

const QStringList BuiltInPresets {u"openai"_s,
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

// Made-up keys that look like the real thing; each is checked against everything logged.
const QString OpenAiKey = u"sk-proj-T3stK3yNotRealAbCdEfGhIjKlMnOpQrStUvWx1234"_s;
const QString OpenAiKey2 = u"sk-proj-S3condT3stK3yZyXwVuTsRqPoNmLkJiHgFe9876"_s;

// What secret-tool (libsecret's command line) finds under Juxta's service: proof that the key
// really went into gnome-keyring rather than anywhere else. QtKeychain files its entries under the
// attributes server (the service name) and user (the entry name, here the preset id).
QString secretToolSearch()
{
    QProcess process;
    process.start(u"secret-tool"_s, {u"search"_s, u"--all"_s, u"--unlock"_s, u"server"_s, KeyStore::serviceName()});
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(SecretsTest::TimeoutMs)) {
        process.kill();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void serviceNameIsJuxta();
    void writesReadsOverwritesAndRemoves();
    void readOfAMissingKeyIsNotFound();
    void removingAMissingKeySucceeds();
    void trimsAndKeepsUnicode_data();
    void trimsAndKeepsUnicode();
    void rejectsKeysThatCannotBeSent_data();
    void rejectsKeysThatCannotBeSent();
    void keepsOneEntryPerPreset();
    void storesInTheSecretService();
    void finishesAJobAfterTheStoreIsGone();
    void resolvesTheKeychainBeforeTheEnvironment();
    void neverLogsAKey();

private:
    QStringList m_usedKeys;
};

void TestKeyStore::initTestCase()
{
    if (!qEnvironmentVariableIsSet("JUXTA_TEST_KEYRING")) {
        // Run directly on a desktop, this test would write into the user's own login keyring.
        QSKIP("Needs the private gnome-keyring that ctest starts for it (JUXTA_TEST_KEYRING is unset)");
    }
    LogCapture::install();
}

void TestKeyStore::cleanup()
{
    KeyStore store;
    QStringList presets = BuiltInPresets;
    presets << u"my-vllm-box"_s << u"team.gateway_2"_s;
    for (const QString &preset : std::as_const(presets)) {
        const auto removed = removeKey(store, preset);
        QVERIFY(removed && removed->isOk());
    }
    QVERIFY(!store.isSessionOnly());
}

void TestKeyStore::cleanupTestCase()
{
    if (qEnvironmentVariableIsSet("JUXTA_TEST_KEYRING")) {
        QVERIFY(!secretToolSearch().contains(u"attribute.server = juxta"_s));
    }
}

void TestKeyStore::serviceNameIsJuxta()
{
    QCOMPARE(KeyStore::serviceName(), u"juxta"_s);
}

void TestKeyStore::writesReadsOverwritesAndRemoves()
{
    KeyStore store;
    QSignalSpy unavailable(&store, &KeyStore::keychainUnavailable);
    m_usedKeys << OpenAiKey << OpenAiKey2;

    auto result = writeKey(store, u"openai"_s, OpenAiKey);
    QVERIFY2(result && result->isOk(), SecretsTest::failureText(result).constData());
    QVERIFY(!result->sessionOnly);

    result = readKey(store, u"openai"_s);
    QVERIFY(result && result->isOk());
    QCOMPARE(result->key, OpenAiKey);
    QVERIFY(!result->sessionOnly);

    result = writeKey(store, u"openai"_s, OpenAiKey2);
    QVERIFY(result && result->isOk());
    result = readKey(store, u"openai"_s);
    QVERIFY(result && result->isOk());
    QCOMPARE(result->key, OpenAiKey2);

    result = removeKey(store, u"openai"_s);
    QVERIFY(result && result->isOk());
    result = readKey(store, u"openai"_s);
    QVERIFY(result && !result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::NotFound);

    QVERIFY(!store.isSessionOnly());
    QCOMPARE(unavailable.size(), 0);
}

void TestKeyStore::readOfAMissingKeyIsNotFound()
{
    KeyStore store;
    const auto result = readKey(store, u"anthropic"_s);
    QVERIFY(result);
    QVERIFY(!result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::NotFound);
    QVERIFY(result->error->message.contains(u"anthropic"_s));
    QVERIFY(result->key.isEmpty());
    QVERIFY(!result->sessionOnly);
}

void TestKeyStore::removingAMissingKeySucceeds()
{
    KeyStore store;
    const auto result = removeKey(store, u"mistral"_s);
    QVERIFY(result);
    QVERIFY(result->isOk());
}

void TestKeyStore::trimsAndKeepsUnicode_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("stored");

    QTest::newRow("terminal paste with newline") << u"sk-abcdef0123456789XYZ\n"_s << u"sk-abcdef0123456789XYZ"_s;
    QTest::newRow("windows line end") << u"gsk_0123456789abcdefABCDEF\r\n"_s << u"gsk_0123456789abcdefABCDEF"_s;
    QTest::newRow("spaces and tabs around")
        << u" \t xai-KeyWithBlanksAround0123 \t "_s << u"xai-KeyWithBlanksAround0123"_s;
    QTest::newRow("no-break spaces around")
        << u"\u00a0AIzaSyNoBreakSpaces0123456789\u00a0"_s << u"AIzaSyNoBreakSpaces0123456789"_s;
    QTest::newRow("inner space kept") << u"token with inner spaces 42"_s << u"token with inner spaces 42"_s;
    QTest::newRow("accents") << u"clé-privée-ÄÖÜ-ßçñ-0123"_s << u"clé-privée-ÄÖÜ-ßçñ-0123"_s;
    QTest::newRow("cyrillic and cjk") << u"ключ-密钥-キー-0123456789"_s << u"ключ-密钥-キー-0123456789"_s;
    QTest::newRow("outside the BMP") << u"  key-🔑-𝔘𝔫𝔦𝔠𝔬𝔡𝔢-😀\n"_s << u"key-🔑-𝔘𝔫𝔦𝔠𝔬𝔡𝔢-😀"_s;
}

void TestKeyStore::trimsAndKeepsUnicode()
{
    QFETCH(QString, written);
    QFETCH(QString, stored);
    m_usedKeys << stored;

    KeyStore store;
    auto result = writeKey(store, u"custom"_s, written);
    QVERIFY(result && result->isOk());
    // Read through a second store: what comes back is what the keychain holds, not a cache.
    KeyStore reader;
    result = readKey(reader, u"custom"_s);
    QVERIFY(result && result->isOk());
    QCOMPARE(result->key, stored);
}

void TestKeyStore::rejectsKeysThatCannotBeSent_data()
{
    QTest::addColumn<QString>("written");

    QTest::newRow("empty") << QString();
    QTest::newRow("only whitespace") << u" \t\r\n "_s;
    QTest::newRow("line break inside") << u"sk-first-half\nsecond-half-0123"_s;
    QTest::newRow("header injection") << u"sk-abc\r\nX-Evil: 1"_s;
    QTest::newRow("bell character") << u"sk-abc\u0007def0123456789"_s;
    QTest::newRow("unicode line separator") << u"sk-abc\u2028def0123456789"_s;
}

void TestKeyStore::rejectsKeysThatCannotBeSent()
{
    QFETCH(QString, written);

    KeyStore store;
    m_usedKeys << OpenAiKey;
    auto result = writeKey(store, u"openai"_s, OpenAiKey);
    QVERIFY(result && result->isOk());

    result = writeKey(store, u"openai"_s, written);
    QVERIFY(result);
    QVERIFY(!result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::InvalidKey);
    QVERIFY(!result->error->message.isEmpty());
    if (!written.trimmed().isEmpty()) {
        QVERIFY(!result->error->message.contains(written.trimmed()));
    }

    // The earlier key is untouched.
    result = readKey(store, u"openai"_s);
    QVERIFY(result && result->isOk());
    QCOMPARE(result->key, OpenAiKey);
}

void TestKeyStore::keepsOneEntryPerPreset()
{
    KeyStore store;
    QStringList presets = BuiltInPresets;
    presets << u"my-vllm-box"_s << u"team.gateway_2"_s;
    for (const QString &preset : std::as_const(presets)) {
        const QString key = u"key-for-"_s + preset + u"-0123456789"_s;
        m_usedKeys << key;
        const auto result = writeKey(store, preset, key);
        QVERIFY2(result && result->isOk(), qPrintable(preset));
    }
    KeyStore reader;
    for (const QString &preset : std::as_const(presets)) {
        const auto result = readKey(reader, preset);
        QVERIFY2(result && result->isOk(), qPrintable(preset));
        QCOMPARE(result->key, u"key-for-"_s + preset + u"-0123456789"_s);
    }
}

void TestKeyStore::storesInTheSecretService()
{
    const QString key = u"gsk_StoredInGnomeKeyring0123456789abcdef"_s;
    m_usedKeys << key;
    KeyStore store;
    const auto result = writeKey(store, u"groq"_s, key);
    QVERIFY(result && result->isOk());

    const QString found = secretToolSearch();
    QVERIFY2(found.contains(u"attribute.server = juxta"_s), "secret-tool found no Juxta entry");
    QVERIFY(found.contains(u"attribute.user = groq"_s));
    QVERIFY2(found.contains(u"secret = "_s + key), "the entry does not hold the key that was written");
}

void TestKeyStore::finishesAJobAfterTheStoreIsGone()
{
    const QString key = u"sk-WrittenWhileTheStoreWasDeleted0123456789"_s;
    m_usedKeys << key;
    {
        auto *store = new KeyStore;
        QSignalSpy destroyed(store, &QObject::destroyed);
        store->write(u"deepseek"_s, key);
        store->read(u"deepseek"_s);
        delete store;
        QCOMPARE(destroyed.size(), 1);
    }
    // The jobs carry on without their store: no crash, and the write lands.
    KeyStore reader;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto result = readKey(reader, u"deepseek"_s);
            return result && result->isOk() && result->key == key;
        }(),
        SecretsTest::TimeoutMs);
}

void TestKeyStore::resolvesTheKeychainBeforeTheEnvironment()
{
    const QString stored = u"xai-FromTheKeychain0123456789abcdefghij"_s;
    const QString fromEnvironment = u"xai-FromTheEnvironment0123456789abcdefgh"_s;
    m_usedKeys << stored << fromEnvironment;
    qputenv("JUXTA_TEST_XAI_API_KEY", fromEnvironment.toUtf8());

    KeyStore store;
    ApiKeys keys(&store);
    QSignalSpy resolved(&keys, &ApiKeys::resolved);

    keys.resolve(u"xai"_s, u"JUXTA_TEST_XAI_API_KEY"_s);
    QVERIFY(resolved.wait(SecretsTest::TimeoutMs));
    auto resolution = resolved.takeFirst().at(1).value<Juxta::ResolvedKey>();
    QCOMPARE(resolution.source, KeySource::Environment);
    QCOMPARE(resolution.key, fromEnvironment);
    QVERIFY(!resolution.keychainError);

    const auto result = writeKey(store, u"xai"_s, stored);
    QVERIFY(result && result->isOk());
    keys.resolve(u"xai"_s, u"JUXTA_TEST_XAI_API_KEY"_s);
    QVERIFY(resolved.wait(SecretsTest::TimeoutMs));
    resolution = resolved.takeFirst().at(1).value<Juxta::ResolvedKey>();
    QCOMPARE(resolution.source, KeySource::Keychain);
    QCOMPARE(resolution.key, stored);
    QCOMPARE(resolution.redacted(), u"xai-\u2026ghij"_s);

    // Read, never written: the environment is as it was.
    QCOMPARE(qEnvironmentVariable("JUXTA_TEST_XAI_API_KEY"), fromEnvironment);
    qunsetenv("JUXTA_TEST_XAI_API_KEY");
}

void TestKeyStore::neverLogsAKey()
{
    // Runs last: everything the earlier cases made the classes log is in the capture.
    QVERIFY(!LogCapture::messages().isEmpty());
    QVERIFY(LogCapture::find(u"openai"_s).has_value());
    for (const QString &key : std::as_const(m_usedKeys)) {
        const auto leaked = LogCapture::find(key);
        QVERIFY2(!leaked, qPrintable(u"a key was logged: "_s + ApiKeys::redact(key)));
    }
}

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
