// SPDX-License-Identifier: GPL-3.0-or-later
// KeyStore when no keychain is reachable: the session bus address points nowhere, so neither a
// Secret Service nor KWallet can answer.
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"

#include "secretstesthelpers.h"

#include <QDir>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::ApiKeys;
using Juxta::KeySource;
using Juxta::KeyStore;
using Juxta::KeyStoreError;
using SecretsTest::LogCapture;
using SecretsTest::readKey;
using SecretsTest::removeKey;
using SecretsTest::writeKey;

namespace {
const QString AnthropicKey = u"sk-ant-api03-SessionOnlyT3stK3yAbCdEfGhIjKlMn-5678"_s;
}

class TestKeyStoreSessionOnly : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void fallsBackToSessionMemoryAndSaysSo();
    void keepsWorkingInMemory();
    void resolvesSessionKeysAndTheEnvironment();
    void writesNoFile();
    void neverLogsAKey();

private:
    QTemporaryDir m_home;
};

void TestKeyStoreSessionOnly::initTestCase()
{
    // Before anything touches D-Bus: no bus, no X11 autolaunch, and a home whose every file we see.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/juxta-test-no-bus");
    qunsetenv("DISPLAY");
    QVERIFY(m_home.isValid());
    qputenv("HOME", QFile::encodeName(m_home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(u".config"_s)));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(u".local/share"_s)));
    LogCapture::install();
}

void TestKeyStoreSessionOnly::cleanupTestCase()
{
    qunsetenv("JUXTA_TEST_OPENAI_API_KEY");
}

void TestKeyStoreSessionOnly::fallsBackToSessionMemoryAndSaysSo()
{
    KeyStore store;
    QVERIFY(!store.isSessionOnly());
    QSignalSpy unavailable(&store, &KeyStore::keychainUnavailable);

    const auto result = writeKey(store, u"anthropic"_s, u"  "_s + AnthropicKey + u"\n"_s);
    QVERIFY2(result && result->isOk(), SecretsTest::failureText(result).constData());
    QVERIFY(result->sessionOnly);
    QVERIFY(store.isSessionOnly());

    QCOMPARE(unavailable.size(), 1);
    const QString message = unavailable.at(0).at(0).toString();
    qInfo() << "keychainUnavailable:" << message;
    QVERIFY(message.contains(u"No keychain is reachable"_s));
    QVERIFY(message.contains(u"this session only"_s));
    QVERIFY(!message.contains(AnthropicKey));

    const auto read = readKey(store, u"anthropic"_s);
    QVERIFY(read && read->isOk());
    QCOMPARE(read->key, AnthropicKey);
    QVERIFY(read->sessionOnly);

    // Said once, not on every operation.
    QCOMPARE(unavailable.size(), 1);
}

void TestKeyStoreSessionOnly::keepsWorkingInMemory()
{
    KeyStore store;
    QSignalSpy unavailable(&store, &KeyStore::keychainUnavailable);

    // The first operation is the one that finds out; a read of nothing is still a plain NotFound.
    auto result = readKey(store, u"gemini"_s);
    QVERIFY(result && !result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::NotFound);
    QVERIFY(result->sessionOnly);
    QVERIFY(store.isSessionOnly());
    QCOMPARE(unavailable.size(), 1);

    const QString first = u"AIzaSyFirstSessionKey0123456789abcdef"_s;
    const QString second = u"AIzaSySecondSessionKey0123456789ghijk"_s;
    result = writeKey(store, u"gemini"_s, first);
    QVERIFY(result && result->isOk() && result->sessionOnly);
    result = writeKey(store, u"gemini"_s, second);
    QVERIFY(result && result->isOk());
    result = readKey(store, u"gemini"_s);
    QVERIFY(result && result->isOk());
    QCOMPARE(result->key, second);

    result = writeKey(store, u"gemini"_s, u"first\nsecond"_s);
    QVERIFY(result && !result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::InvalidKey);

    result = removeKey(store, u"gemini"_s);
    QVERIFY(result && result->isOk() && result->sessionOnly);
    result = readKey(store, u"gemini"_s);
    QVERIFY(result && !result->isOk());
    QCOMPARE(result->error->kind, KeyStoreError::Kind::NotFound);
    QCOMPARE(unavailable.size(), 1);
}

void TestKeyStoreSessionOnly::resolvesSessionKeysAndTheEnvironment()
{
    const QString fromEnvironment = u"sk-FromTheEnvironmentOnly0123456789wxyz"_s;
    qputenv("JUXTA_TEST_OPENAI_API_KEY", (u"  "_s + fromEnvironment + u"\n"_s).toUtf8());

    KeyStore store;
    ApiKeys keys(&store);
    QSignalSpy resolved(&keys, &ApiKeys::resolved);

    keys.resolve(u"openai"_s, u"JUXTA_TEST_OPENAI_API_KEY"_s);
    keys.resolve(u"ollama"_s, QString());
    keys.resolve(u"mistral"_s, u"JUXTA_TEST_UNSET_VARIABLE"_s);
    QTRY_COMPARE_WITH_TIMEOUT(resolved.size(), 3, SecretsTest::TimeoutMs);

    QCOMPARE(resolved.at(0).at(0).toString(), u"openai"_s);
    auto resolution = resolved.at(0).at(1).value<Juxta::ResolvedKey>();
    QCOMPARE(resolution.source, KeySource::Environment);
    QCOMPARE(resolution.key, fromEnvironment);
    QVERIFY(!resolution.keychainError);
    QCOMPARE(resolution.redacted(), u"sk-\u2026wxyz"_s);

    for (int i : {1, 2}) {
        resolution = resolved.at(i).at(1).value<Juxta::ResolvedKey>();
        QCOMPARE(resolution.source, KeySource::None);
        QVERIFY(resolution.key.isEmpty());
        // An unreachable keychain is not an error to show per key: keychainUnavailable said it.
        QVERIFY(!resolution.keychainError);
    }
    resolved.clear();

    // A key entered this session wins over the environment and says where it lives.
    const QString entered = u"sk-EnteredThisSession0123456789abcd"_s;
    const auto written = writeKey(store, u"openai"_s, entered);
    QVERIFY(written && written->isOk() && written->sessionOnly);
    keys.resolve(u"openai"_s, u"JUXTA_TEST_OPENAI_API_KEY"_s);
    QVERIFY(resolved.wait(SecretsTest::TimeoutMs));
    resolution = resolved.at(0).at(1).value<Juxta::ResolvedKey>();
    QCOMPARE(resolution.source, KeySource::SessionMemory);
    QCOMPARE(resolution.key, entered);

    QCOMPARE(qEnvironmentVariable("JUXTA_TEST_OPENAI_API_KEY").trimmed(), fromEnvironment);
}

void TestKeyStoreSessionOnly::writesNoFile()
{
    // QtKeychain's plain-text fallback would leave a settings file under the home folder.
    QStringList files;
    QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        files << it.next();
    }
    QVERIFY2(files.isEmpty(), qPrintable(files.join(u", "_s)));
}

void TestKeyStoreSessionOnly::neverLogsAKey()
{
    QVERIFY(LogCapture::find(u"no keychain is reachable"_s).has_value());
    for (const QString &key : {AnthropicKey,
             u"AIzaSyFirstSessionKey0123456789abcdef"_s,
             u"AIzaSySecondSessionKey0123456789ghijk"_s,
             u"sk-FromTheEnvironmentOnly0123456789wxyz"_s,
             u"sk-EnteredThisSession0123456789abcd"_s}) {
        QVERIFY2(!LogCapture::find(key), qPrintable(u"a key was logged: "_s + ApiKeys::redact(key)));
    }
}

QTEST_GUILESS_MAIN(TestKeyStoreSessionOnly)
#include "tst_keystoresessiononly.moc"
