// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/modelscommand.h"

#include "app/catalog/presetcatalog.h"
#include "app/models/modeldownload.h"
#include "app/models/modellibrary.h"
#include "app/models/startermodels.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace Juxta {

using namespace Providers;

namespace {
void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}

QString modelLine(const ModelInfo &model)
{
    QString line = model.id;
    if (model.contextLength) {
        line += u"  context %1"_s.arg(*model.contextLength);
    }
    if (model.inputPrice && model.outputPrice) {
        line += u"  $%1 / $%2 per M tokens in/out"_s.arg(*model.inputPrice).arg(*model.outputPrice);
    }
    return line + u'\n';
}
QString parameters(qint64 count)
{
    if (count >= 1'000'000'000) {
        return u"%1B"_s.arg(double(count) / 1e9, 0, 'f', 1);
    }
    if (count >= 1'000'000) {
        return u"%1M"_s.arg(double(count) / 1e6, 0, 'f', 1);
    }
    return u"%1K"_s.arg(double(count) / 1e3, 0, 'f', 1);
}

QJsonObject entryJson(const ModelLibrary::Entry &entry)
{
    QJsonObject object {
        {u"name"_s, entry.name},
        {u"path"_s, entry.path},
        {u"referenced"_s, entry.referenced},
    };
    if (!entry.metadata) {
        object.insert(u"error"_s, entry.error);
        return object;
    }
    const GgufMetadata &m = *entry.metadata;
    object.insert(u"architecture"_s, m.architecture);
    object.insert(u"parameters"_s, m.parameterCount);
    object.insert(u"quantisation"_s, m.quantisation);
    object.insert(u"file_size"_s, m.fileSize);
    object.insert(u"context_length"_s, m.contextLength ? QJsonValue(*m.contextLength) : QJsonValue());
    object.insert(u"chat_template"_s, m.hasChatTemplate);
    object.insert(u"model_name"_s, m.name);
    object.insert(u"author"_s, m.author);
    object.insert(u"license"_s, m.license);
    return object;
}

} // namespace

int ModelsCommand::listLocal(const QStringList &arguments)
{
    const bool json = arguments.contains(u"--json"_s);
    const ModelLibrary library;
    const QList<ModelLibrary::Entry> entries = library.scan();
    if (json) {
        QJsonArray list;
        for (const ModelLibrary::Entry &entry : entries) {
            list.append(entryJson(entry));
        }
        const QJsonObject document {{u"folder"_s, library.folder()}, {u"models"_s, list}};
        print(stdout, QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
        return 0;
    }
    print(stdout, tr("Models in %1:\n").arg(library.folder()));
    if (entries.isEmpty()) {
        print(stdout, tr("(none yet: juxta-cli models add PATH)\n"));
    }
    const QLocale locale = QLocale::c();
    for (const ModelLibrary::Entry &entry : entries) {
        if (!entry.metadata) {
            print(stdout, u"%1  error: %2\n"_s.arg(entry.name, entry.error));
            continue;
        }
        const GgufMetadata &m = *entry.metadata;
        QStringList about;
        for (const QString &part : {m.name, m.author, m.license}) {
            if (!part.isEmpty()) {
                about.append(part);
            }
        }
        print(stdout,
            u"%1  %2  %3 params  %4  %5  context %6  %7%8%9\n"_s.arg(entry.name,
                m.architecture,
                parameters(m.parameterCount),
                m.quantisation,
                locale.formattedDataSize(m.fileSize),
                m.contextLength ? QString::number(*m.contextLength) : u"?"_s,
                m.hasChatTemplate ? tr("chat template") : tr("no chat template"),
                about.isEmpty() ? QString() : u"  "_s + about.join(u" · "_s),
                entry.referenced ? tr("  (referenced)") : QString()));
    }
    return 0;
}

int ModelsCommand::addModel(const QStringList &arguments)
{
    QStringList rest = arguments;
    const bool reference = rest.removeAll(u"--reference"_s) > 0;
    if (rest.size() != 1) {
        print(stderr, u"usage: juxta-cli models add PATH [--reference]\n"_s);
        return 1;
    }
    ModelLibrary library;
    QString error;
    const auto entry = library.add(rest.constFirst(),
        reference ? ModelLibrary::AddMode::Reference : ModelLibrary::AddMode::Copy,
        &error);
    if (!entry) {
        print(stderr, u"juxta-cli models add: %1\n"_s.arg(error));
        return 2;
    }
    print(stdout,
        reference ? tr("Added %1 (referenced at %2).\n").arg(entry->name, entry->path)
                  : tr("Added %1 (copied to %2).\n").arg(entry->name, entry->path));
    return 0;
}

void ModelsCommand::downloadModel(const QStringList &arguments, std::function<void(int)> done)
{
    QStringList rest = arguments;
    QByteArray sha256;
    if (const qsizetype at = rest.indexOf(u"--sha256"_s); at >= 0 && at + 1 < rest.size()) {
        sha256 = rest.at(at + 1).toLatin1();
        rest.remove(at, 2);
    }
    const QUrl url(rest.value(0), QUrl::StrictMode);
    const QString fileName = url.fileName();
    if (rest.size() != 1 || !url.isValid() || !fileName.endsWith(".gguf"_L1, Qt::CaseInsensitive)) {
        print(stderr, u"usage: juxta-cli models add URL [--sha256 HEX]   (the URL names a .gguf file)\n"_s);
        return done(1);
    }
    download(url, sha256, std::move(done));
}

int ModelsCommand::listStarters(const QStringList &arguments)
{
    const bool json = arguments.contains(u"--json"_s);
    if (arguments.size() != (json ? 1 : 0)) {
        print(stderr, u"usage: juxta-cli models starters [--json]\n"_s);
        return 1;
    }
    QString problem;
    const StarterModels starters = StarterModels::builtIn(QProcessEnvironment::systemEnvironment(), &problem);
    if (!problem.isEmpty()) {
        print(stderr, u"juxta-cli models: %1\n"_s.arg(problem));
        return 1;
    }
    const ModelLibrary library;
    const auto inLibrary = [&library](const StarterModel &model) {
        return QFileInfo::exists(QDir(library.folder()).filePath(model.fileName()));
    };
    if (json) {
        QJsonArray list;
        for (const StarterModel &model : starters.models()) {
            QJsonObject object {
                {u"id"_s, model.id},
                {u"name"_s, model.name},
                {u"description"_s, model.description},
                {u"url"_s, model.url.toString()},
                {u"download_url"_s, starters.downloadUrl(model).toString()},
                {u"file"_s, model.fileName()},
                {u"approximate_size_bytes"_s, model.approximateSizeBytes},
                {u"license"_s, model.license},
                {u"parameter_count"_s, model.parameterCount},
                {u"quantisation"_s, model.quantisation},
                {u"sha256"_s, model.sha256.isEmpty() ? QJsonValue() : QJsonValue(QString::fromLatin1(model.sha256))},
                {u"in_library"_s, inLibrary(model)},
            };
            list.append(object);
        }
        print(stdout,
            QString::fromUtf8(QJsonDocument(QJsonObject {{u"models"_s, list}}).toJson(QJsonDocument::Indented)));
        return 0;
    }
    print(stdout, tr("Recommended starter models (download one with: juxta-cli models add starter:ID):\n"));
    const QLocale locale = QLocale::c();
    for (const StarterModel &model : starters.models()) {
        print(stdout,
            u"%1  %2  %3 params  %4  about %5  %6%7\n    %8\n"_s.arg(model.id,
                model.name,
                parameters(model.parameterCount),
                model.quantisation,
                locale.formattedDataSize(model.approximateSizeBytes, 1, QLocale::DataSizeSIFormat),
                model.license,
                inLibrary(model) ? tr("  (in the library)") : QString(),
                model.description));
    }
    return 0;
}

void ModelsCommand::addStarter(const QString &id, const QStringList &arguments, std::function<void(int)> done)
{
    if (!arguments.isEmpty()) {
        print(stderr, u"usage: juxta-cli models add starter:ID   (juxta-cli models starters lists the ids)\n"_s);
        return done(1);
    }
    QString problem;
    const StarterModels starters = StarterModels::builtIn(QProcessEnvironment::systemEnvironment(), &problem);
    if (!problem.isEmpty()) {
        print(stderr, u"juxta-cli models add: %1\n"_s.arg(problem));
        return done(1);
    }
    const StarterModel *model = starters.find(id);
    if (!model) {
        QStringList ids;
        for (const StarterModel &starter : starters.models()) {
            ids.append(starter.id);
        }
        print(stderr,
            u"juxta-cli models add: there is no starter model \"%1\" (there are: %2)\n"_s.arg(id, ids.join(u", "_s)));
        return done(1);
    }
    print(stderr,
        tr("Downloading %1 (about %2, %3) from %4\n")
            .arg(model->name,
                QLocale::c().formattedDataSize(model->approximateSizeBytes, 1, QLocale::DataSizeSIFormat),
                model->license,
                starters.downloadUrl(*model).toString()));
    download(starters.downloadUrl(*model), model->sha256, std::move(done));
}

void ModelsCommand::download(const QUrl &url, const QByteArray &sha256, std::function<void(int)> done)
{
    const QString fileName = url.fileName();
    const ModelLibrary library;
    const QString target = QDir(library.folder()).filePath(fileName);
    if (QFileInfo::exists(target)) {
        print(stderr, u"juxta-cli models add: the library already has %1\n"_s.arg(target));
        return done(2);
    }
    auto *transfer = new ModelDownload(m_network, url, target, this);
    transfer->setExpectedSha256(sha256);
    auto lastReport = std::make_shared<QElapsedTimer>();
    lastReport->start();
    connect(transfer,
        &ModelDownload::progress,
        this,
        [lastReport](qint64 received, qint64 total, double rate, double eta) {
            if (lastReport->elapsed() < 500 && received != total) {
                return;
            }
            lastReport->restart();
            const QLocale locale = QLocale::c();
            print(stderr,
                u"%1 of %2, %3/s%4\n"_s.arg(locale.formattedDataSize(received),
                    total >= 0 ? locale.formattedDataSize(total) : u"?"_s,
                    locale.formattedDataSize(qint64(rate)),
                    eta >= 0 ? u", %1 s left"_s.arg(qint64(eta)) : QString()));
        });
    connect(transfer, &ModelDownload::finished, this, [done](const QString &path) {
        QString problem;
        if (!GgufMetadata::read(path, &problem)) {
            QFile::remove(path);
            print(stderr, u"juxta-cli models add: the download is not a usable model: %1\n"_s.arg(problem));
            return done(2);
        }
        print(stdout, tr("Added %1 (downloaded to %2).\n").arg(QFileInfo(path).completeBaseName(), path));
        done(0);
    });
    connect(transfer, &ModelDownload::failed, this, [done](const QString &message, bool resumable) {
        print(stderr,
            u"juxta-cli models add: %1%2\n"_s.arg(message,
                resumable ? u" (run the same command again to resume)"_s : QString()));
        done(2);
    });
    transfer->start();
}

ModelsCommand::ModelsCommand(
    PresetCatalog &catalog, QNetworkAccessManager &network, CompareCommand::KeyLookup keys, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_network(network)
    , m_keys(std::move(keys))
{ }

void ModelsCommand::run(const QStringList &arguments, std::function<void(int)> done)
{
    if (!arguments.isEmpty() && arguments.constFirst() == "local"_L1) {
        return done(listLocal(arguments.mid(1)));
    }
    if (!arguments.isEmpty() && arguments.constFirst() == "starters"_L1) {
        return done(listStarters(arguments.mid(1)));
    }
    if (!arguments.isEmpty() && arguments.constFirst() == "add"_L1) {
        const QStringList rest = arguments.mid(1);
        if (!rest.isEmpty() && rest.constFirst().startsWith("starter:"_L1)) {
            return addStarter(rest.constFirst().mid(8), rest.mid(1), done);
        }
        if (!rest.isEmpty()
            && (rest.constFirst().startsWith("http://"_L1) || rest.constFirst().startsWith("https://"_L1))) {
            return downloadModel(rest, done);
        }
        return done(addModel(rest));
    }
    if (arguments.size() != 1 || arguments.constFirst().startsWith(u'-')) {
        print(stderr,
            u"usage: juxta-cli models PRESET | local [--json] | starters [--json] | add PATH [--reference] | add URL "
            "[--sha256 HEX] | add starter:ID\n"_s);
        return done(1);
    }
    const ProviderPreset *preset = m_catalog.find(arguments.constFirst());
    if (!preset) {
        print(stderr, u"juxta-cli models: there is no provider preset \"%1\"\n"_s.arg(arguments.constFirst()));
        return done(1);
    }
    std::shared_ptr<Provider> provider = ProviderFactory::create(*preset, m_network, m_keys(preset->id));
    ModelListing *listing = provider->listModels();
    listing->setParent(this);
    const ProviderPreset catalogEntry = *preset;
    connect(listing, &ModelListing::finished, this, [provider, catalogEntry, done](const QList<ModelInfo> &models) {
        for (const ModelInfo &model : models) {
            // The catalog knows prices the listing does not.
            const ModelInfo *known = catalogEntry.findModel(model.id);
            print(stdout, modelLine(known ? *known : model));
        }
        done(0);
    });
    connect(listing, &ModelListing::failed, this, [provider, catalogEntry, done](const ProviderError &error) {
        print(stderr, u"juxta-cli models: %1\n"_s.arg(error.message));
        if (!catalogEntry.models.isEmpty()) {
            print(stderr,
                u"Models Juxta's catalog knows for %1 (a typed model id always works):\n"_s.arg(
                    catalogEntry.displayName));
            for (const ModelInfo &model : catalogEntry.models) {
                print(stdout, modelLine(model));
            }
        }
        done(2);
    });
}

} // namespace Juxta
