// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

namespace Juxta::Providers {

/** How the embedded engine loads a model and sizes its context. */
struct LocalEngineSettings
{
    /** Tokens the context holds; 0 takes the length the model was trained with. */
    int contextLength = 4096;
    /**
     * Layers offloaded to a GPU. Negative offloads them all to whichever GPU backend libllama
     * found at run time (Metal, CUDA, Vulkan…), which on a machine without one is none, so the
     * model stays on the CPU; 0 always keeps it on the CPU.
     */
    int gpuLayers = -1;
    /** Threads for decoding and prompt processing; 0 picks the machine's core count. */
    int threads = 0;
    /** Tokens evaluated per llama_decode() call while processing a prompt. */
    int batchSize = 512;
    /** Unset lets the backend decide (on where it is supported). */
    std::optional<bool> flashAttention;
    /**
     * Map the file instead of reading it. Unset lets libllama choose, as llama.cpp's own tools
     * do, so juxta-cli bench compares the engine with llama-bench loading the same way.
     */
    std::optional<bool> useMmap;
    /** Keep the weights in RAM (never swapped out). */
    bool useMlock = false;

    bool operator==(const LocalEngineSettings &) const = default;
};

} // namespace Juxta::Providers
