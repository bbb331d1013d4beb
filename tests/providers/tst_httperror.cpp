// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/http/httperror.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta::Providers;
using Kind = ProviderError::Kind;

class TestHttpError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsResponses_data();
    void mapsResponses();
    void readsRetryAfterAsAnHttpDate();
    void preciseRetryHeaderWins();
    void namesEveryKindStably();
};

void TestHttpError::mapsResponses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("serverMessage");
    QTest::addColumn<QString>("code");
    QTest::addColumn<double>("waitSeconds"); // -1: none

    const auto row = [](const char *name,
                         int status,
                         const QByteArray &body,
                         const QByteArray &retryAfter,
                         Kind kind,
                         const QString &message,
                         const QString &code,
                         double wait) {
        QTest::newRow(name) << status << body << retryAfter << int(kind) << message << code << wait;
    };
    row("openai bad request",
        400,
        R"({"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error","param":"temperature","code":null}})",
        {},
        Kind::BadRequest,
        u"Invalid value for 'temperature'"_s,
        u"invalid_request_error"_s,
        -1);
    row("openai bad key",
        401,
        R"({"error":{"message":"Incorrect API key provided: sk-…abcd.","type":"invalid_request_error","code":"invalid_api_key"}})",
        {},
        Kind::Auth,
        u"Incorrect API key provided: sk-…abcd."_s,
        u"invalid_api_key"_s,
        -1);
    row("forbidden",
        403,
        R"({"error":{"message":"Project does not have access"}})",
        {},
        Kind::Auth,
        u"Project does not have access"_s,
        {},
        -1);
    row("openai model not found",
        404,
        R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}})",
        {},
        Kind::NotFound,
        u"The model `gpt-9` does not exist"_s,
        u"model_not_found"_s,
        -1);
    row("azure deployment not found",
        404,
        R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}})",
        {},
        Kind::NotFound,
        u"The API deployment for this resource does not exist."_s,
        u"DeploymentNotFound"_s,
        -1);
    row("request timeout",
        408,
        R"({"error":{"message":"Request timed out"}})",
        {},
        Kind::Timeout,
        u"Request timed out"_s,
        {},
        -1);
    row("too large",
        413,
        R"({"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum size"}})",
        {},
        Kind::TooLarge,
        u"Request exceeds the maximum size"_s,
        u"request_too_large"_s,
        -1);
    row("rate limited with seconds",
        429,
        R"({"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}})",
        "20",
        Kind::RateLimited,
        u"Rate limit reached for requests"_s,
        u"rate_limit_exceeded"_s,
        20);
    row("quota is billing, not a wait",
        429,
        R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}})",
        {},
        Kind::Billing,
        u"You exceeded your current quota"_s,
        u"insufficient_quota"_s,
        -1);
    row("server error",
        500,
        R"({"error":{"message":"The server had an error"}})",
        {},
        Kind::Server,
        u"The server had an error"_s,
        {},
        -1);
    row("bad gateway html",
        502,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        {},
        Kind::Server,
        u"502 Bad Gateway"_s,
        {},
        -1);
    row("service unavailable",
        503,
        R"({"error":{"message":"Service Unavailable"}})",
        "3",
        Kind::Overloaded,
        u"Service Unavailable"_s,
        {},
        3);
    row("gateway timeout",
        504,
        R"({"type":"error","error":{"type":"timeout_error","message":"Request timed out"}})",
        {},
        Kind::Server,
        u"Request timed out"_s,
        u"timeout_error"_s,
        -1);
    row("anthropic overloaded",
        529,
        R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})",
        {},
        Kind::Overloaded,
        u"Overloaded"_s,
        u"overloaded_error"_s,
        -1);
    row("anthropic bad key",
        401,
        R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
        {},
        Kind::Auth,
        u"invalid x-api-key"_s,
        u"authentication_error"_s,
        -1);
    row("xai bad key is a 400",
        400,
        R"({"code":"Client specified an invalid argument","error":"Incorrect API key provided: xa***. You can obtain an API key from https://console.x.ai."})",
        {},
        Kind::Auth,
        u"Incorrect API key provided: xa***. You can obtain an API key from https://console.x.ai."_s,
        u"Client specified an invalid argument"_s,
        -1);
    row("gemini bad key is a 400",
        400,
        R"({
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]
  }
})",
        {},
        Kind::Auth,
        u"API key not valid. Please pass a valid API key."_s,
        u"API_KEY_INVALID"_s,
        -1);
    row("gemini rate limit with retry info",
        429,
        R"([{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}])",
        {},
        Kind::RateLimited,
        u"Resource has been exhausted"_s,
        u"RESOURCE_EXHAUSTED"_s,
        37);
    row("azure prompt filtered",
        400,
        R"({"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter","status":400}})",
        {},
        Kind::ContentFilter,
        u"The response was filtered"_s,
        u"content_filter"_s,
        -1);
    row("mistral validation",
        422,
        R"({"object":"error","message":"Input should be a valid integer","type":"invalid_request_error","param":null,"code":null})",
        {},
        Kind::BadRequest,
        u"Input should be a valid integer"_s,
        u"invalid_request_error"_s,
        -1);
    row("ollama missing model",
        404,
        R"({"error":"model \"llama9\" not found, try pulling it first"})",
        {},
        Kind::NotFound,
        u"model \"llama9\" not found, try pulling it first"_s,
        {},
        -1);
    row("deepseek no balance",
        402,
        R"({"error":{"message":"Insufficient Balance","type":"unknown_error"}})",
        {},
        Kind::Billing,
        u"Insufficient Balance"_s,
        u"unknown_error"_s,
        -1);
    row("vllm detail",
        400,
        R"({"detail":"max_tokens must be at least 1"})",
        {},
        Kind::BadRequest,
        u"max_tokens must be at least 1"_s,
        {},
        -1);
    row("leading blank lines", 500, "\n\n  {\"error\":{\"message\":\"boom\"}}", {}, Kind::Server, u"boom"_s, {}, -1);
    row("empty body", 503, {}, {}, Kind::Overloaded, {}, {}, -1);
}

void TestHttpError::mapsResponses()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, kind);
    QFETCH(QString, serverMessage);
    QFETCH(QString, code);
    QFETCH(double, waitSeconds);

    RawHeaders headers {{"Content-Type", "application/json"}};
    if (!retryAfter.isEmpty()) {
        headers.append({"Retry-After", retryAfter});
    }
    const ProviderError error = errorFromHttpResponse(status, body, headers);
    QCOMPARE(ProviderError::kindName(error.kind), ProviderError::kindName(Kind(kind)));
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.serverMessage, serverMessage);
    QCOMPARE(error.serverCode, code);
    if (waitSeconds < 0) {
        QVERIFY(!error.retryAfterSeconds);
    } else {
        QVERIFY(error.retryAfterSeconds);
        QCOMPARE(*error.retryAfterSeconds, waitSeconds);
        QVERIFY2(error.message.contains(u"Retry in %1 s"_s.arg(waitSeconds)), qPrintable(error.message));
    }
    // The user's sentence names the status and carries the server's own words.
    QVERIFY2(error.message.contains(u"HTTP %1"_s.arg(status)), qPrintable(error.message));
    QVERIFY2(error.message.contains(serverMessage), qPrintable(error.message));
}

void TestHttpError::readsRetryAfterAsAnHttpDate()
{
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(120);
    const RawHeaders headers {{"retry-after", later.toString(Qt::RFC2822Date).toLatin1()}};
    const auto wait = retryAfterFromHeaders(headers);
    QVERIFY(wait);
    QVERIFY2(*wait > 100 && *wait <= 120, qPrintable(QString::number(*wait)));
}

void TestHttpError::preciseRetryHeaderWins()
{
    const RawHeaders headers {{"retry-after", "2"}, {"retry-after-ms", "1500"}};
    QCOMPARE(retryAfterFromHeaders(headers), std::optional<double>(1.5));
}

void TestHttpError::namesEveryKindStably()
{
    QSet<QString> names;
    for (int kind = int(Kind::BadRequest); kind <= int(Kind::Truncated); ++kind) {
        const QString name = ProviderError::kindName(Kind(kind));
        QVERIFY(!names.contains(name));
        names.insert(name);
        QVERIFY(!ProviderError::describe(Kind(kind), 0, {}, std::nullopt).isEmpty());
    }
    QCOMPARE(names.size(), 15);
}

QTEST_GUILESS_MAIN(TestHttpError)
#include "tst_httperror.moc"
