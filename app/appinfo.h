// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Juxta {

namespace Providers {
class LlamaRuntime;
}

/**
 * Who Juxta is and what it runs on: the application identity both executables register, and
 * the version report shown by `--version` and the About box.
 */
class AppInfo
{
public:
    explicit AppInfo(const Providers::LlamaRuntime &runtime);

    /** Sets the application name, version, organisation and desktop file name on the running app. */
    static void registerApplication();
    static QString version();
    /** The reverse-DNS id used for the desktop file, AppStream, icons and bundles. */
    static QString applicationId();

    /** Label/value pairs: Juxta, Qt, KSyntaxHighlighting, llama.cpp, ggml, CPU features, devices, GPUs. */
    QList<std::pair<QString, QString>> components() const;
    /** components() as aligned plain-text lines, for `--version`. */
    QString report() const;
    /** Where the local engine can run: the compute devices libllama found. */
    QStringList computeDevices() const;

private:
    const Providers::LlamaRuntime &m_runtime;
};

} // namespace Juxta
