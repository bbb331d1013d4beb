// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Juxta::Providers {

/**
 * What a GGUF file says about itself, read from its header alone: the weights are never
 * loaded, so a library of many large models scans in moments.
 *
 * read() also checks what a header can prove: the magic, that the metadata parses, that every
 * tensor has a known type and lies within the file. A file that fails gets a sentence naming
 * the file and the reason.
 */
struct GgufMetadata
{
    QString path;
    qint64 fileSize = 0;
    quint32 version = 0;
    QString architecture;
    QString name;
    QString author;
    QString license;
    /** Weights in the file, summed over its tensors. */
    qint64 parameterCount = 0;
    /** The file type the converter recorded (Q4_K_M, Q8_0, F16…), or the dominant tensor type. */
    QString quantisation;
    std::optional<qint64> contextLength;
    bool hasChatTemplate = false;
    qint64 tensorCount = 0;
    /** Transformer layers, embedding width and attention heads, when the header says them. */
    std::optional<qint64> blockCount;
    std::optional<qint64> embeddingLength;
    std::optional<qint64> headCount;
    /** Key/value heads (grouped-query attention); unset when the same as headCount or per layer. */
    std::optional<qint64> headCountKv;

    /**
     * What an f16 KV cache of @p contextLength positions takes, from the shape above; nothing
     * when the header does not say enough. An estimate made before loading: libllama's own
     * figure comes with the load.
     */
    std::optional<qint64> kvCacheBytes(qint64 contextLength) const;

    /** Reads @p path's header; on failure returns nothing and sets @p error. */
    static std::optional<GgufMetadata> read(const QString &path, QString *error);
};

} // namespace Juxta::Providers
