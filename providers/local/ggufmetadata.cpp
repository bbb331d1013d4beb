// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/ggufmetadata.h"

#include <ggml.h>
#include <gguf.h>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <memory>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

namespace {

struct GgufDeleter
{
    void operator()(gguf_context *context) const { gguf_free(context); }
};

QString tr(const char *text)
{
    return QCoreApplication::translate("Juxta::GgufMetadata", text);
}

// llama_ftype's values, as converters write them to general.file_type.
QString fileTypeName(quint32 type)
{
    static const QHash<quint32, QString> names {
        {0, u"F32"_s},
        {1, u"F16"_s},
        {2, u"Q4_0"_s},
        {3, u"Q4_1"_s},
        {7, u"Q8_0"_s},
        {8, u"Q5_0"_s},
        {9, u"Q5_1"_s},
        {10, u"Q2_K"_s},
        {11, u"Q3_K_S"_s},
        {12, u"Q3_K_M"_s},
        {13, u"Q3_K_L"_s},
        {14, u"Q4_K_S"_s},
        {15, u"Q4_K_M"_s},
        {16, u"Q5_K_S"_s},
        {17, u"Q5_K_M"_s},
        {18, u"Q6_K"_s},
        {19, u"IQ2_XXS"_s},
        {20, u"IQ2_XS"_s},
        {21, u"Q2_K_S"_s},
        {22, u"IQ3_XS"_s},
        {23, u"IQ3_XXS"_s},
        {24, u"IQ1_S"_s},
        {25, u"IQ4_NL"_s},
        {26, u"IQ3_S"_s},
        {27, u"IQ3_M"_s},
        {28, u"IQ2_S"_s},
        {29, u"IQ2_M"_s},
        {30, u"IQ4_XS"_s},
        {31, u"IQ1_M"_s},
        {32, u"BF16"_s},
        {36, u"TQ1_0"_s},
        {37, u"TQ2_0"_s},
        {38, u"MXFP4_MOE"_s},
    };
    return names.value(type);
}

QString stringValue(const gguf_context *context, const char *key)
{
    const int64_t id = gguf_find_key(context, key);
    if (id < 0 || gguf_get_kv_type(context, id) != GGUF_TYPE_STRING) {
        return {};
    }
    return QString::fromUtf8(gguf_get_val_str(context, id));
}

std::optional<qint64> integerValue(const gguf_context *context, const QByteArray &key)
{
    const int64_t id = gguf_find_key(context, key.constData());
    if (id < 0) {
        return std::nullopt;
    }
    switch (gguf_get_kv_type(context, id)) {
    case GGUF_TYPE_UINT32:
        return gguf_get_val_u32(context, id);
    case GGUF_TYPE_INT32:
        return gguf_get_val_i32(context, id);
    case GGUF_TYPE_UINT64:
        return qint64(gguf_get_val_u64(context, id));
    case GGUF_TYPE_INT64:
        return gguf_get_val_i64(context, id);
    case GGUF_TYPE_UINT16:
        return gguf_get_val_u16(context, id);
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<GgufMetadata> GgufMetadata::read(const QString &path, QString *error)
{
    const auto fail = [&](const QString &reason) -> std::optional<GgufMetadata> {
        if (error) {
            *error = tr("%1: %2").arg(QFileInfo(path).fileName(), reason);
        }
        return std::nullopt;
    };
    QFile file(path);
    if (!file.exists()) {
        return fail(tr("there is no such file (%1)").arg(path));
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(tr("cannot be read: %1").arg(file.errorString()));
    }
    const qint64 fileSize = file.size();
    const QByteArray magic = file.read(4);
    file.close();
    if (magic != "GGUF") {
        return fail(fileSize < 4 ? tr("is not a GGUF model: the file is empty or too short")
                                 : tr("is not a GGUF model: it does not start with the GGUF magic"));
    }

    // gguf_init_from_file checks the metadata and tensor infos as it parses them (sizes,
    // types, overflow); with no_alloc it reads no tensor data.
    const gguf_init_params params {true, nullptr};
    const std::unique_ptr<gguf_context, GgufDeleter> context(gguf_init_from_file(QFile::encodeName(path), params));
    if (!context) {
        return fail(tr("the GGUF header is corrupt or cut short (unknown value types, absurd sizes or a "
                       "truncated file)"));
    }

    GgufMetadata metadata;
    metadata.path = path;
    metadata.fileSize = fileSize;
    metadata.version = gguf_get_version(context.get());
    metadata.architecture = stringValue(context.get(), "general.architecture");
    if (metadata.architecture.isEmpty()) {
        return fail(tr("the file names no architecture (general.architecture is missing)"));
    }
    metadata.name = stringValue(context.get(), "general.name");
    metadata.author = stringValue(context.get(), "general.author");
    metadata.license = stringValue(context.get(), "general.license");
    metadata.hasChatTemplate = gguf_find_key(context.get(), "tokenizer.chat_template") >= 0;
    const QByteArray architecture = metadata.architecture.toUtf8();
    metadata.contextLength = integerValue(context.get(), architecture + ".context_length");
    metadata.blockCount = integerValue(context.get(), architecture + ".block_count");
    metadata.embeddingLength = integerValue(context.get(), architecture + ".embedding_length");
    metadata.headCount = integerValue(context.get(), architecture + ".attention.head_count");
    metadata.headCountKv = integerValue(context.get(), architecture + ".attention.head_count_kv");

    const qint64 dataOffset = qint64(gguf_get_data_offset(context.get()));
    metadata.tensorCount = gguf_get_n_tensors(context.get());
    QHash<int, qint64> bytesByType;
    for (int64_t i = 0; i < metadata.tensorCount; ++i) {
        const ggml_type type = gguf_get_tensor_type(context.get(), i);
        const QString tensor = QString::fromUtf8(gguf_get_tensor_name(context.get(), i));
        if (int(type) < 0 || int(type) >= int(GGML_TYPE_COUNT) || ggml_type_size(type) == 0) {
            return fail(tr("tensor %1 has an unsupported type (%2)").arg(tensor).arg(int(type)));
        }
        const qint64 size = qint64(gguf_get_tensor_size(context.get(), i));
        const qint64 end = dataOffset + qint64(gguf_get_tensor_offset(context.get(), i)) + size;
        if (end > fileSize) {
            return fail(tr("the file is truncated: tensor %1 ends at byte %2 but the file has %3 bytes")
                    .arg(tensor)
                    .arg(end)
                    .arg(fileSize));
        }
        const int64_t *shape = gguf_get_tensor_ne(context.get(), i);
        qint64 elements = 1;
        for (int dimension = 0; dimension < GGML_MAX_DIMS; ++dimension) {
            elements *= shape[dimension];
        }
        metadata.parameterCount += elements;
        bytesByType[int(type)] += size;
    }

    if (const auto fileType = integerValue(context.get(), "general.file_type")) {
        metadata.quantisation = fileTypeName(quint32(*fileType));
    }
    if (metadata.quantisation.isEmpty() && !bytesByType.isEmpty()) {
        int dominant = bytesByType.constBegin().key();
        for (auto it = bytesByType.constBegin(); it != bytesByType.constEnd(); ++it) {
            if (it.value() > bytesByType.value(dominant)) {
                dominant = it.key();
            }
        }
        metadata.quantisation = QString::fromUtf8(ggml_type_name(ggml_type(dominant))).toUpper();
    }
    return metadata;
}

std::optional<qint64> GgufMetadata::kvCacheBytes(qint64 contextLength) const
{
    if (!blockCount || !embeddingLength || !headCount || *headCount <= 0 || contextLength <= 0) {
        return std::nullopt;
    }
    const qint64 headDimension = *embeddingLength / *headCount;
    const qint64 kvHeads = headCountKv.value_or(*headCount);
    // Keys and values, two bytes each, per layer and position.
    return contextLength * *blockCount * 2 * headDimension * kvHeads * 2;
}

} // namespace Juxta::Providers
