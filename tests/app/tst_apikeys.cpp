// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Juxta::ApiKeys;
using Juxta::KeySource;
using Juxta::KeyStore;
using Juxta::ResolvedKey;

class TestApiKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void redacts_data();
    void redacts();
    void describesEverySource();
    void readsTheEnvironmentWithoutAStore();
    void answersPendingResolutionsWhenTheStoreGoes();
};

void TestApiKeys::initTestCase()
{
    // No keychain here: KeyStore's own behaviour is tst_keystore's business.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/juxta-test-no-bus");
    qunsetenv("DISPLAY");
}

void TestApiKeys::redacts_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("shown");

    const QString e = u"\u2026"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("only whitespace") << u" \n"_s << QString();
    QTest::newRow("one character") << u"x"_s << e;
    QTest::newRow("four characters") << u"abcd"_s << e;
    QTest::newRow("eleven characters") << u"sk-12345678"_s << e;
    QTest::newRow("twelve, no prefix") << u"abcdefgh1234"_s << e + u"1234"_s;
    QTest::newRow("sk- too short for the prefix") << u"sk-12345678abc"_s << e + u"8abc"_s;
    QTest::newRow("sk- just long enough") << u"sk-12345678abcd"_s << u"sk-"_s + e + u"abcd"_s;
    QTest::newRow("openai project key") << u"sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"_s
                                        << u"sk-"_s + e + u"abcd"_s;
    QTest::newRow("anthropic") << u"sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz-wxyz"_s << u"sk-"_s + e + u"wxyz"_s;
    QTest::newRow("openrouter") << u"sk-or-v1-0123456789abcdef0123456789abcdef0123"_s << u"sk-"_s + e + u"0123"_s;
    QTest::newRow("xai") << u"xai-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"_s << u"xai-"_s + e + u"6789"_s;
    QTest::newRow("groq") << u"gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"_s << u"gsk_"_s + e + u"6789"_s;
    QTest::newRow("gemini") << u"AIzaSyAbCdEfGhIjKlMnOpQrStUvWxYz012345"_s << u"AIza"_s + e + u"2345"_s;
    QTest::newRow("mistral, no prefix") << u"AbCdEfGhIjKlMnOpQrStUvWxYz012345"_s << e + u"2345"_s;
    QTest::newRow("prefix is case sensitive") << u"SK-AbCdEfGhIjKlMnOpQrStUvWxYz"_s << e + u"WxYz"_s;
    QTest::newRow("surrounding whitespace ignored") << u"  sk-AbCdEfGhIjKlMnOp\n"_s << u"sk-"_s + e + u"MnOp"_s;
    QTest::newRow("tail outside the BMP") << u"key-0123456789-🔑🔑😀😀"_s << e + u"🔑🔑😀😀"_s;
    QTest::newRow("short in code points") << u"😀😀😀😀😀😀😀😀😀😀😀"_s << e;
}

void TestApiKeys::redacts()
{
    QFETCH(QString, key);
    QFETCH(QString, shown);
    const QString redacted = ApiKeys::redact(key);
    QCOMPARE(redacted, shown);

    // Whatever the rule, at least eight characters of a non-empty key stay hidden.
    const qsizetype length = key.trimmed().toUcs4().size();
    const qsizetype visible = redacted.toUcs4().size() - (redacted.isEmpty() ? 0 : 1);
    QVERIFY(length == 0 || length - visible >= 8 || redacted == u"\u2026"_s);
}

void TestApiKeys::describesEverySource()
{
    QSet<QString> seen;
    for (KeySource source : {KeySource::None, KeySource::Keychain, KeySource::Environment, KeySource::SessionMemory}) {
        const QString text = ApiKeys::describe(source);
        QVERIFY(!text.isEmpty());
        seen.insert(text);
    }
    QCOMPARE(seen.size(), 4);
}

void TestApiKeys::readsTheEnvironmentWithoutAStore()
{
    qputenv("JUXTA_TEST_GROQ_API_KEY", "gsk_FromEnvironment0123456789\n");
    ApiKeys keys(nullptr);
    QSignalSpy resolved(&keys, &ApiKeys::resolved);
    keys.resolve(u"groq"_s, u"JUXTA_TEST_GROQ_API_KEY"_s);
    QCOMPARE(resolved.size(), 0); // asynchronous even when there is nothing to wait for
    QVERIFY(resolved.wait());
    const auto resolution = resolved.at(0).at(1).value<ResolvedKey>();
    QCOMPARE(resolution.source, KeySource::Environment);
    QCOMPARE(resolution.key, u"gsk_FromEnvironment0123456789"_s);
    qunsetenv("JUXTA_TEST_GROQ_API_KEY");
}

void TestApiKeys::answersPendingResolutionsWhenTheStoreGoes()
{
    qputenv("JUXTA_TEST_MISTRAL_API_KEY", "MistralFromEnvironment0123456789");
    auto *store = new KeyStore;
    ApiKeys keys(store);
    QSignalSpy resolved(&keys, &ApiKeys::resolved);
    keys.resolve(u"mistral"_s, u"JUXTA_TEST_MISTRAL_API_KEY"_s);
    keys.resolve(u"mistral"_s, QString());
    delete store;
    QCOMPARE(resolved.size(), 2);
    QCOMPARE(resolved.at(0).at(1).value<ResolvedKey>().source, KeySource::Environment);
    QCOMPARE(resolved.at(1).at(1).value<ResolvedKey>().source, KeySource::None);

    // Later resolutions still answer, from the environment.
    keys.resolve(u"mistral"_s, u"JUXTA_TEST_MISTRAL_API_KEY"_s);
    QVERIFY(resolved.wait());
    QCOMPARE(resolved.at(2).at(1).value<ResolvedKey>().key, u"MistralFromEnvironment0123456789"_s);
    qunsetenv("JUXTA_TEST_MISTRAL_API_KEY");
}

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
