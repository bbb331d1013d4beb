// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

namespace Juxta {

/** One model of the recommended starter list. */
struct StarterModel
{
    /** Stable short id, e.g. "qwen2.5-0.5b-instruct": what `models add starter:ID` names. */
    QString id;
    /** The name to show, e.g. "Qwen2.5 0.5B Instruct". */
    QString name;
    /** One sentence for the user choosing between the starters. */
    QString description;
    /** The Hugging Face `https://huggingface.co/<repo>/resolve/main/<file>.gguf` link. */
    QUrl url;
    /**
     * The file's size as the download page rounds it: good for "about 1.1 GB" and for
     * warning about disk space before the download starts, not for checking the file.
     */
    qint64 approximateSizeBytes = 0;
    /** The licence the model is published under, as its card names it. */
    QString license;
    /** Parameters as the model card gives them, rounded. */
    qint64 parameterCount = 0;
    /** The GGUF's quantisation, e.g. "Q4_K_M". */
    QString quantisation;
    /** Lower-case hex SHA-256 of the file; empty when it is not known, and then not checked. */
    QByteArray sha256;

    /** The name the file gets in the model library (the URL's last segment). */
    QString fileName() const { return url.fileName(); }
};

/**
 * The recommended starter models: a handful of small instruct GGUFs with size, licence and
 * download link, shipped as resources/starter-models.json and compiled into the program (like
 * the provider catalog). `juxta-cli models starters` lists them and `juxta-cli models add
 * starter:ID` downloads one; the GUI's first-run screen shows the same list.
 *
 * Nothing here downloads anything. A caller that the user has asked to fetch a starter hands
 * downloadUrl() (and sha256, when set) to a ModelDownload targeting fileName() in the model
 * library, so the transfer is resumable, checked for free space and renamed only when complete.
 *
 * Every entry is validated when the list is read; a list with an incomplete or malformed entry
 * is refused as a whole, with a message naming the entry and the field.
 *
 * $JUXTA_STARTER_MODELS_BASE_URL (see setBaseUrl()) sends every download to another server that
 * keeps Hugging Face's paths: a mirror, a proxy cache, or a loopback server in tests.
 */
class StarterModels
{
public:
    /** The document's "format" value. */
    static constexpr auto Format = "juxta-starter-models";
    /** The newest list version this build reads. */
    static constexpr int Version = 1;
    static constexpr auto BaseUrlVariable = "JUXTA_STARTER_MODELS_BASE_URL";

    /** Parses and validates a starter list; on failure returns nothing and sets @p error. */
    static std::optional<StarterModels> fromJson(const QByteArray &json, QString *error);
    /**
     * The list built into Juxta, with $JUXTA_STARTER_MODELS_BASE_URL from @p environment
     * applied. @p error (when given) receives a message if that variable is not an http(s) URL.
     */
    static StarterModels builtIn(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
        QString *error = nullptr);

    const QList<StarterModel> &models() const { return m_models; }
    /** The starter with @p id, or nullptr. */
    const StarterModel *find(const QString &id) const;

    /**
     * Serves every download from @p base instead of https://huggingface.co: the model's URL
     * path is appended to @p base's path. Returns false (and changes nothing) unless @p base is
     * an http(s) URL with a host.
     */
    bool setBaseUrl(const QUrl &base);
    /** Where @p model downloads from: its own URL, or the same path on the base URL set. */
    QUrl downloadUrl(const StarterModel &model) const;

private:
    QList<StarterModel> m_models;
    QUrl m_baseUrl;
};

} // namespace Juxta
