// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamaruntime.h"

#include <ggml-backend.h>
#include <ggml.h>
#include <llama.h>

#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

// libllama is chatty at info level (it dumps every model's metadata), so only its warnings
// show unless QT_LOGGING_RULES asks for more.
Q_LOGGING_CATEGORY(lcLlama, "juxta.llama", QtWarningMsg)

namespace Juxta::Providers {

namespace {

void logLine(ggml_log_level level, QByteArrayView line)
{
    const QString text = QString::fromUtf8(line);
    switch (level) {
    case GGML_LOG_LEVEL_ERROR:
        qCCritical(lcLlama).noquote() << text;
        break;
    case GGML_LOG_LEVEL_WARN:
        qCWarning(lcLlama).noquote() << text;
        break;
    case GGML_LOG_LEVEL_INFO:
        qCInfo(lcLlama).noquote() << text;
        break;
    default:
        qCDebug(lcLlama).noquote() << text;
        break;
    }
}

// libllama logs in fragments (progress dots, continuations) from whichever thread is working,
// so whole lines are assembled per thread before they reach Qt's logging.
void forwardLog(ggml_log_level level, const char *text, void *)
{
    thread_local QByteArray pending;
    thread_local ggml_log_level pendingLevel = GGML_LOG_LEVEL_INFO;
    if (level != GGML_LOG_LEVEL_CONT) {
        if (!pending.isEmpty()) {
            logLine(pendingLevel, pending);
            pending.clear();
        }
        pendingLevel = level;
    }
    pending += text;
    qsizetype newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
        logLine(pendingLevel, QByteArrayView(pending).first(newline));
        pending.remove(0, newline + 1);
    }
}

} // namespace

LlamaRuntime::LlamaRuntime()
{
    ggml_log_set(forwardLog, nullptr);
    llama_log_set(forwardLog, nullptr);
    // Distribution builds ship each backend (and each CPU variant) as a plugin; nothing can
    // run until they are loaded, and the best CPU variant is chosen while loading.
    ggml_backend_load_all();
    llama_backend_init();
}

LlamaRuntime::~LlamaRuntime()
{
    llama_backend_free();
}

QString LlamaRuntime::llamaVersion() const
{
    const QString version = QString::fromUtf8(llama_version());
    const QString build = QStringLiteral(JUXTA_LLAMA_BUILD_NUMBER);
    return build.isEmpty() ? version : u"%1 (build %2)"_s.arg(version, build);
}

QString LlamaRuntime::ggmlVersion() const
{
    return QString::fromUtf8(ggml_version());
}

QStringList LlamaRuntime::cpuFeatures() const
{
    // libllama reports its features as one line, "CPU : SSE3 = 1 | AVX = 1 | … |", with a
    // section per backend; the CPU section is the one that says what this machine can use.
    const QString info = QString::fromUtf8(llama_print_system_info());
    QStringList features;
    static const QRegularExpression section(u"CPU\\s*:([^:]*)"_s);
    const QRegularExpressionMatch cpu = section.match(info);
    if (!cpu.hasMatch()) {
        return features;
    }
    static const QRegularExpression enabled(u"([A-Za-z0-9_]+)\\s*=\\s*1\\b"_s);
    auto matches = enabled.globalMatch(cpu.captured(1));
    while (matches.hasNext()) {
        features.append(matches.next().captured(1));
    }
    return features;
}

namespace {

QString deviceName(ggml_backend_dev_t device)
{
    return u"%1 (%2)"_s.arg(QString::fromUtf8(ggml_backend_dev_name(device)),
        QString::fromUtf8(ggml_backend_dev_description(device)).simplified());
}

} // namespace

QStringList LlamaRuntime::devices() const
{
    QStringList names;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        names.append(deviceName(ggml_backend_dev_get(i)));
    }
    return names;
}

QStringList LlamaRuntime::gpuDevices() const
{
    QStringList names;
    for (size_t i = 0; i < ggml_backend_dev_count(); ++i) {
        ggml_backend_dev_t device = ggml_backend_dev_get(i);
        const auto type = ggml_backend_dev_type(device);
        if (type == GGML_BACKEND_DEVICE_TYPE_GPU || type == GGML_BACKEND_DEVICE_TYPE_IGPU) {
            names.append(deviceName(device));
        }
    }
    return names;
}

} // namespace Juxta::Providers
