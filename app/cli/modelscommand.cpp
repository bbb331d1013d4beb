// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/modelscommand.h"

#include "app/catalog/presetcatalog.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <cstdio>

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
} // namespace

ModelsCommand::ModelsCommand(
    PresetCatalog &catalog, QNetworkAccessManager &network, CompareCommand::KeyLookup keys, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_network(network)
    , m_keys(std::move(keys))
{ }

void ModelsCommand::run(const QStringList &arguments, std::function<void(int)> done)
{
    if (arguments.size() != 1 || arguments.constFirst().startsWith(u'-')) {
        print(stderr, u"usage: juxta-cli models PRESET\n"_s);
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
