// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/appinfo.h"

#include "providers/local/llamaruntime.h"

#include <QCoreApplication>
#include <QLibraryInfo>

using namespace Qt::StringLiterals;

namespace Juxta {

AppInfo::AppInfo(const Providers::LlamaRuntime &runtime)
    : m_runtime(runtime)
{ }

void AppInfo::registerApplication()
{
    QCoreApplication::setApplicationName(u"Juxta"_s);
    QCoreApplication::setApplicationVersion(version());
    QCoreApplication::setOrganizationName(u"Juxta"_s);
    QCoreApplication::setOrganizationDomain(u"juxta.org"_s);
}

QString AppInfo::version()
{
    return QStringLiteral(JUXTA_VERSION);
}

QString AppInfo::applicationId()
{
    return QStringLiteral(JUXTA_APP_ID);
}

QList<std::pair<QString, QString>> AppInfo::components() const
{
    QString qt = QString::fromLatin1(qVersion());
    if (qt != QLatin1StringView(QT_VERSION_STR)) {
        qt += u" (built with %1)"_s.arg(QLatin1StringView(QT_VERSION_STR));
    }
    const QStringList features = m_runtime.cpuFeatures();
    const QStringList gpus = m_runtime.gpuDevices();
    return {
        {u"Juxta"_s, version()},
        {u"Qt"_s, qt},
        // The CLI does not link KSyntaxHighlighting, so this is the version the build was made with.
        {u"KSyntaxHighlighting"_s, QStringLiteral(JUXTA_KSYNTAXHIGHLIGHTING_VERSION)},
        {u"llama.cpp"_s, m_runtime.llamaVersion()},
        {u"ggml"_s, m_runtime.ggmlVersion()},
        {u"CPU features"_s, features.isEmpty() ? u"none reported"_s : features.join(u' ')},
        {u"Compute devices"_s, computeDevices().join(u", "_s)},
        // Local models go to the first GPU libllama found at run time; without one they stay on the CPU.
        {u"GPU offload"_s, gpus.isEmpty() ? u"none (CPU only)"_s : gpus.join(u", "_s)},
    };
}

QString AppInfo::report() const
{
    const auto items = components();
    qsizetype width = 0;
    for (const auto &[label, value] : items) {
        width = std::max(width, label.size());
    }
    QString text;
    for (const auto &[label, value] : items) {
        text += label + u':' + QString(width + 2 - label.size(), u' ') + value + u'\n';
    }
    return text;
}

QStringList AppInfo::computeDevices() const
{
    return m_runtime.devices();
}

} // namespace Juxta
