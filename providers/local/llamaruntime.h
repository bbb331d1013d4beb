// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace Juxta::Providers {

/**
 * The process's libllama backend: loads the ggml compute backends and frees them again.
 *
 * Create exactly one, in main(), before anything touches libllama, and pass it to whatever
 * needs to know what the engine can do. ggml's backend registry is process-wide, so a second
 * instance would be a programmer error.
 */
class LlamaRuntime
{
public:
    LlamaRuntime();
    ~LlamaRuntime();
    Q_DISABLE_COPY_MOVE(LlamaRuntime)

    /** llama.cpp's version and build number, as the library reports it. */
    QString llamaVersion() const;
    /** The ggml tensor library's version. */
    QString ggmlVersion() const;
    /** CPU features the loaded CPU backend uses (AVX2, FMA, …). */
    QStringList cpuFeatures() const;
    /** Compute devices ggml found, e.g. "CPU (AMD EPYC 7B13)". */
    QStringList devices() const;
    /** The devices among them that layers can be offloaded to (discrete or integrated GPUs). */
    QStringList gpuDevices() const;
};

} // namespace Juxta::Providers
