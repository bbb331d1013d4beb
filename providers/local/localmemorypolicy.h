// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace Juxta::Providers {

/**
 * When LocalLlamaProvider frees loaded models by itself. Every limit is off at 0, which keeps
 * each model loaded until the provider ends or unload() is called.
 *
 * Loading a model that would break a limit first unloads other models that are idle, least
 * recently used first. A model with a generation queued or running is never unloaded under its
 * stream: if only busy models are left, the new one loads anyway and the limit is restored as
 * they become idle. The most recently used model is never unloaded for the budget or the
 * count, so a budget smaller than one model means "one model at a time".
 */
struct LocalMemoryPolicy
{
    /**
     * Bytes that all loaded models may take together: weights, KV cache and the room each
     * keeps for saved conversation states (as much as its KV cache; see LlamaEngine).
     */
    qint64 budgetBytes = 0;
    /** Models loaded at once. */
    int maxLoadedModels = 0;
    /** A model that has been idle this long is unloaded (milliseconds). */
    int idleUnloadMs = 0;

    bool operator==(const LocalMemoryPolicy &) const = default;
};

} // namespace Juxta::Providers
