// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta::Providers {

/** What a finished load reports: the model as libllama sees it and what it cost. */
struct LlamaLoadInfo
{
    QString path;
    /** libllama's one-line description, e.g. "llama ?B F16". */
    QString description;
    qint64 loadMs = 0;
    qint64 parameterCount = 0;
    qint64 weightsBytes = 0;
    /** The size of the KV cache the context allocated for its full length. */
    qint64 kvCacheBytes = 0;
    /** The most the saved states of conversations not in the context may take (see LlamaEngine). */
    qint64 conversationCacheBytes = 0;
    int contextLength = 0;
    int trainedContextLength = 0;
    int threads = 0;
    /** The model's own chat template is one libllama applies; otherwise ChatML is used. */
    bool templateSupported = false;
};

} // namespace Juxta::Providers
