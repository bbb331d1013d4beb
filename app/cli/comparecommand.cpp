// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/comparecommand.h"

#include "app/catalog/presetcatalog.h"
#include "app/cli/clistorage.h"
#include "app/cli/comparereport.h"
#include "app/compare/comparesession.h"
#include "app/metrics/responserecorder.h"
#include "app/models/modellibrary.h"
#include "app/prompts/prompttemplate.h"
#include "app/runs/parameterjson.h"
#include "app/runs/runcapture.h"
#include "app/runs/runreopen.h"
#include "providers/local/localllamaprovider.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

template<typename T>
bool parseNumber(const QCommandLineParser &parser, const QString &name, std::optional<T> &out, QString *problem)
{
    if (!parser.isSet(name)) {
        return true;
    }
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok) {
        *problem = u"--%1 takes a number, not \"%2\""_s.arg(name, parser.value(name));
        return false;
    }
    out = T(value);
    return true;
}

} // namespace

CompareCommand::CompareCommand(PresetCatalog &catalog, QNetworkAccessManager &network, KeyLookup keys, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_network(network)
    , m_keys(std::move(keys))
{ }

CompareCommand::~CompareCommand() = default;

void CompareCommand::run(const QStringList &arguments, std::function<void(int)> done)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Send one prompt to several models at once and compare their answers."));
    parser.addHelpOption();
    parser.addOptions({
        {{u"p"_s, u"pane"_s}, tr("A pane: a provider preset and a model (repeat for more panes)."), u"PRESET:MODEL"_s},
        {{u"s"_s, u"system"_s}, tr("The system prompt."), u"TEXT"_s},
        {u"temperature"_s, tr("Sampling temperature."), u"T"_s},
        {u"top-p"_s, tr("Nucleus sampling probability."), u"P"_s},
        {u"max-tokens"_s, tr("The longest answer, in tokens."), u"N"_s},
        {u"seed"_s, tr("Sampling seed, where the provider honours one."), u"N"_s},
        {u"reasoning-effort"_s, tr("none, minimal, low, medium, high or xhigh."), u"EFFORT"_s},
        {u"thinking-budget"_s, tr("Tokens a model may spend thinking (Anthropic, Gemini)."), u"N"_s},
        {u"base-url"_s, tr("Send a preset's requests to another base URL for this run."), u"PRESET=URL"_s},
        {u"top-k"_s, tr("Sample from the K likeliest tokens (local and llama.cpp servers)."), u"K"_s},
        {u"min-p"_s, tr("Drop tokens less likely than P times the likeliest (local, llama.cpp)."), u"P"_s},
        {u"repeat-penalty"_s, tr("Penalise recently repeated tokens (local, llama.cpp)."), u"X"_s},
        {u"stop"_s, tr("End the answer before this text (repeat for more)."), u"TEXT"_s},
        {u"ctx"_s, tr("Local panes: the context length in tokens (0: the model's own)."), u"N"_s},
        {u"threads"_s, tr("Local panes: CPU threads (default: all cores)."), u"N"_s},
        {u"gpu-layers"_s,
            tr("Local panes: layers to offload to a GPU (default: all, when libllama found one; 0 keeps the CPU)."),
            u"N"_s},
        {u"json"_s, tr("Print one JSON document with everything instead of text.")},
        {u"prompt"_s, tr("Send a prompt from the library (newest version unless @VERSION)."), u"NAME[@VERSION]"_s},
        {u"var"_s, tr("A value for one of the prompt's {{variables}} (repeat for more)."), u"NAME=VALUE"_s},
        {u"no-history"_s, tr("Do not record this run in the history.")},
    });
    parser.addPositionalArgument(u"prompt"_s, tr("The prompt; read from standard input when absent."));
    if (!parser.parse(QStringList {u"juxta-cli compare"_s} + arguments)) {
        print(stderr, u"juxta-cli compare: %1\n"_s.arg(parser.errorText()));
        return done(1);
    }
    if (parser.isSet(u"help"_s)) {
        print(stdout, parser.helpText());
        return done(0);
    }
    const auto usageError = [&done](const QString &message) {
        print(stderr, u"juxta-cli compare: %1\n"_s.arg(message));
        done(1);
    };

    for (const QString &redirect : parser.values(u"base-url"_s)) {
        const qsizetype equals = redirect.indexOf(u'=');
        if (equals <= 0 || !m_catalog.overrideBaseUrl(redirect.left(equals), QUrl(redirect.mid(equals + 1)))) {
            return usageError(
                tr("--base-url wants PRESET=URL with a known preset and an http(s) URL, not \"%1\"").arg(redirect));
        }
    }

    Providers::GenerationParams params;
    QString problem;
    std::optional<int> maxTokens;
    std::optional<qint64> seed;
    std::optional<int> thinkingBudget;
    if (!parseNumber(parser, u"temperature"_s, params.temperature, &problem)
        || !parseNumber(parser, u"top-p"_s, params.topP, &problem)
        || !parseNumber(parser, u"max-tokens"_s, maxTokens, &problem) || !parseNumber(parser, u"seed"_s, seed, &problem)
        || !parseNumber(parser, u"thinking-budget"_s, thinkingBudget, &problem)) {
        return usageError(problem);
    }
    std::optional<int> topK;
    std::optional<int> contextLength;
    std::optional<int> threads;
    std::optional<int> gpuLayers;
    if (!parseNumber(parser, u"top-k"_s, topK, &problem) || !parseNumber(parser, u"min-p"_s, params.minP, &problem)
        || !parseNumber(parser, u"repeat-penalty"_s, params.repeatPenalty, &problem)
        || !parseNumber(parser, u"ctx"_s, contextLength, &problem)
        || !parseNumber(parser, u"threads"_s, threads, &problem)
        || !parseNumber(parser, u"gpu-layers"_s, gpuLayers, &problem)) {
        return usageError(problem);
    }
    params.topK = topK;
    params.stop = parser.values(u"stop"_s);
    Providers::LocalEngineSettings engineSettings;
    engineSettings.contextLength = contextLength.value_or(engineSettings.contextLength);
    engineSettings.threads = threads.value_or(engineSettings.threads);
    engineSettings.gpuLayers = gpuLayers.value_or(engineSettings.gpuLayers);
    params.maxTokens = maxTokens;
    params.seed = seed;
    params.thinkingBudget = thinkingBudget;
    params.reasoningEffort = parser.value(u"reasoning-effort"_s);

    // What the history records about where the prompt came from.
    RunRecord provenance;
    QString prompt = parser.positionalArguments().join(u' ');
    QString system = parser.value(u"system"_s);
    QStringList paneSpecs = parser.values(u"pane"_s);
    if (parser.isSet(u"prompt"_s)) {
        if (!prompt.isEmpty()) {
            return usageError(tr("give either a prompt text or --prompt, not both"));
        }
        if (!openStorage(&problem)) {
            return usageError(problem);
        }
        const auto version = m_storage->prompts().resolve(parser.value(u"prompt"_s));
        if (!version) {
            return usageError(version.error().message);
        }
        // The version's default values fill what --var leaves out.
        QHash<QString, QString> values;
        for (auto it = version->variables.constBegin(); it != version->variables.constEnd(); ++it) {
            values.insert(it.key(), it.value().toString());
        }
        for (const QString &assignment : parser.values(u"var"_s)) {
            const qsizetype equals = assignment.indexOf(u'=');
            if (equals <= 0) {
                return usageError(tr("--var wants NAME=VALUE, not \"%1\"").arg(assignment));
            }
            values.insert(assignment.left(equals), assignment.mid(equals + 1));
        }
        QStringList missing;
        QStringList missingInSystem;
        const auto user = PromptTemplate::render(version->userText, values, &missing);
        const auto renderedSystem = PromptTemplate::render(version->systemText, values, &missingInSystem);
        for (const QString &name : std::as_const(missingInSystem)) {
            if (!missing.contains(name)) {
                missing.append(name);
            }
        }
        if (!user || !renderedSystem) {
            return usageError(
                tr("the prompt needs values for: %1 (give them with --var NAME=VALUE)").arg(missing.join(u", "_s)));
        }
        prompt = *user;
        provenance.promptVersionId = version->id;
        provenance.promptName = m_storage->prompts().prompt(version->promptId)->name;
        provenance.promptVersionNumber = version->number;
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            provenance.variables.insert(it.key(), it.value());
        }
        if (!parser.isSet(u"system"_s)) {
            system = *renderedSystem;
        }
        // The version's suggestions apply where the command line says nothing.
        if (paneSpecs.isEmpty()) {
            paneSpecs = version->models;
            if (paneSpecs.isEmpty()) {
                return usageError(tr("the prompt suggests no models: name at least one pane with -p PRESET:MODEL"));
            }
        }
        QStringList ignored;
        ParameterJson::fillUnset(params, ParameterJson::read(version->parameters, &ignored));
        if (!ignored.isEmpty()) {
            print(stderr,
                tr("The prompt's suggested parameters Juxta cannot use were left out: %1\n")
                    .arg(ignored.join(u", "_s)));
        }
    } else if (parser.isSet(u"var"_s)) {
        return usageError(tr("--var fills the variables of a --prompt from the library"));
    }
    if (paneSpecs.isEmpty()) {
        return usageError(tr("name at least one pane with -p PRESET:MODEL"));
    }
    QList<PaneConfig> panes;
    for (const QString &spec : std::as_const(paneSpecs)) {
        auto pane = paneFromSpec(spec, &problem);
        if (!pane) {
            return usageError(problem);
        }
        pane->systemPrompt = system;
        pane->params = params;
        panes.append(*pane);
    }
    if (prompt.isEmpty()) {
        QFile input;
        if (input.open(stdin, QIODevice::ReadOnly)) {
            prompt = QString::fromUtf8(input.readAll()).trimmed();
        }
    }
    if (prompt.isEmpty()) {
        return usageError(tr("no prompt: give it as an argument or on standard input"));
    }
    provenance.promptText = prompt;
    provenance.systemText = system;
    execute(panes,
        prompt,
        provenance,
        engineSettings,
        parser.isSet(u"json"_s),
        !parser.isSet(u"no-history"_s) && !m_dataDirectory.isEmpty(),
        std::move(done));
}

std::optional<PaneConfig> CompareCommand::paneFromSpec(const QString &spec, QString *problem) const
{
    // Model ids may hold colons themselves (ollama's llama3.2:3b), so only the first one splits.
    const qsizetype colon = spec.indexOf(u':');
    PaneConfig pane;
    pane.presetId = colon < 0 ? spec : spec.left(colon);
    const Providers::ProviderPreset *preset = m_catalog.find(pane.presetId);
    if (!preset) {
        *problem = tr("there is no provider preset \"%1\" (juxta-cli providers lists them)").arg(pane.presetId);
        return std::nullopt;
    }
    pane.model = colon < 0 ? preset->defaultModel : spec.mid(colon + 1);
    if (preset->family == Providers::WireFamily::Local && pane.model.isEmpty()) {
        *problem = tr("a local pane needs a model: -p local:PATH.gguf or -p local:NAME");
        return std::nullopt;
    }
    return pane;
}

bool CompareCommand::openStorage(QString *problem)
{
    if (m_storage) {
        return true;
    }
    if (m_dataDirectory.isEmpty()) {
        *problem = tr("there is no data directory for the prompt library and the history");
        return false;
    }
    m_storage = std::make_unique<CliStorage>(m_dataDirectory);
    if (!m_storage->open(problem)) {
        m_storage.reset();
        return false;
    }
    return true;
}

void CompareCommand::rerun(const QStringList &arguments, std::function<void(int)> done)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Send a recorded run's prompt again, to other models or to its own, and record it as a new run."));
    parser.addHelpOption();
    parser.addOptions({
        {{u"p"_s, u"pane"_s},
            tr("A pane: a provider preset and a model (repeat for more; default: the run's own panes)."),
            u"PRESET:MODEL"_s},
        {u"json"_s, tr("Print one JSON document with everything instead of text.")},
        {u"no-history"_s, tr("Do not record this run in the history.")},
    });
    parser.addPositionalArgument(u"id"_s, tr("The run to send again (juxta-cli history list shows them)."));
    if (!parser.parse(QStringList {u"juxta-cli history rerun"_s} + arguments)) {
        print(stderr, u"juxta-cli history rerun: %1\n"_s.arg(parser.errorText()));
        return done(1);
    }
    if (parser.isSet(u"help"_s)) {
        print(stdout, parser.helpText());
        return done(0);
    }
    const auto usageError = [&done](const QString &message) {
        print(stderr, u"juxta-cli history rerun: %1\n"_s.arg(message));
        done(1);
    };
    bool ok = false;
    const qint64 id = parser.positionalArguments().value(0).toLongLong(&ok);
    if (!ok || parser.positionalArguments().size() != 1) {
        return usageError(tr("name one run by its id (juxta-cli history list shows them)"));
    }
    QString problem;
    if (!openStorage(&problem)) {
        return usageError(problem);
    }
    const auto original = m_storage->runs().run(id);
    if (!original) {
        return usageError(tr("there is no run %1").arg(id));
    }
    // The same prompt: the library version and variables it was rendered from, or the raw text.
    RunRecord provenance;
    provenance.promptVersionId = original->promptVersionId;
    provenance.promptName = original->promptName;
    provenance.promptVersionNumber = original->promptVersionNumber;
    provenance.variables = original->variables;
    provenance.systemText = original->systemText;
    provenance.promptText = original->promptText;
    provenance.rerunOf = original->id;

    QList<PaneConfig> panes;
    QStringList ignored;
    const QStringList specs = parser.values(u"pane"_s);
    if (specs.isEmpty()) {
        for (const ReopenedPane &pane : RunReopen::panes(*original)) {
            if (!m_catalog.find(pane.config.presetId)) {
                return usageError(tr("this Juxta has no provider preset \"%1\" for run %2: name panes with -p")
                        .arg(pane.config.presetId)
                        .arg(id));
            }
            panes.append(pane.config);
            ignored += pane.ignoredParameters;
        }
    } else {
        // New panes ask with the run's system prompt and parameters (its first pane's).
        const RunPane first = original->panes.value(0);
        const Providers::GenerationParams params = ParameterJson::read(first.parameters, &ignored);
        for (const QString &spec : specs) {
            auto pane = paneFromSpec(spec, &problem);
            if (!pane) {
                return usageError(problem);
            }
            pane->systemPrompt = original->panes.isEmpty() ? original->systemText : first.systemPrompt;
            pane->params = params;
            panes.append(*pane);
        }
    }
    if (panes.isEmpty()) {
        return usageError(tr("run %1 has no panes: name some with -p PRESET:MODEL").arg(id));
    }
    ignored.removeDuplicates();
    if (!ignored.isEmpty()) {
        print(stderr, tr("Recorded parameters Juxta cannot use were left out: %1\n").arg(ignored.join(u", "_s)));
    }
    execute(panes,
        original->promptText,
        provenance,
        {},
        parser.isSet(u"json"_s),
        !parser.isSet(u"no-history"_s),
        std::move(done));
}

void CompareCommand::execute(const QList<PaneConfig> &panes,
    const QString &prompt,
    const RunRecord &provenance,
    const Providers::LocalEngineSettings &engineSettings,
    bool json,
    bool record,
    std::function<void(int)> done)
{
    auto *session = new CompareSession(m_catalog, m_network, this);
    for (const PaneConfig &pane : std::as_const(panes)) {
        session->addPane(pane);
        session->setApiKey(pane.presetId, m_keys(pane.presetId));
        const Providers::ProviderPreset *preset = m_catalog.find(pane.presetId);
        // One engine for every local pane: panes naming the same GGUF share its weights.
        if (preset->family == Providers::WireFamily::Local && !m_localProviders.contains(preset->id)) {
            auto *local = new Providers::LocalLlamaProvider(*preset, engineSettings, this);
            const ModelLibrary library(m_modelFolder);
            local->setModelDirectories({library.folder()});
            local->setModelResolver([library](const QString &name) {
                return library.resolve(name);
            });
            m_localProviders.insert(preset->id, local);
            session->setProvider(preset->id, local);
        }
    }
    auto report = std::make_shared<CompareReport>(*session);
    if (!json) {
        connect(session, &CompareSession::paneEnded, this, [report](int pane) {
            print(stdout, report->paneText(pane) + u'\n');
        });
    }
    connect(session, &CompareSession::turnEnded, this, [this, session, report, json, done, record, provenance] {
        if (record) {
            recordRun(*session, provenance);
        }
        if (json) {
            print(stdout, QString::fromUtf8(QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented)));
        } else {
            print(stdout, report->table());
        }
        bool allSucceeded = true;
        for (int i = 0; i < session->paneCount(); ++i) {
            allSucceeded = allSucceeded && session->recorder(i).finishReason().has_value();
        }
        done(allSucceeded ? 0 : 2);
    });
    session->send(prompt);
    // Parameters a provider cannot honour are said, not silently dropped.
    for (int i = 0; i < session->paneCount(); ++i) {
        if (const QStringList ignored = session->unsupportedParameters(i); !ignored.isEmpty()) {
            print(stderr, tr("%1 cannot honour: %2\n").arg(report->paneLabel(i), ignored.join(u", "_s)));
        }
    }
}

void CompareCommand::recordRun(const CompareSession &session, const RunRecord &provenance)
{
    QString problem;
    if (!openStorage(&problem)) {
        print(stderr, tr("The run was not recorded: %1\n").arg(problem));
        return;
    }
    const auto saved = m_storage->runs().save(RunCapture::fromSession(session, m_catalog, provenance));
    if (!saved) {
        print(stderr, tr("The run was not recorded: %1\n").arg(saved.error().message));
        return;
    }
    print(stderr, tr("Recorded as run %1 (juxta-cli history show %1)\n").arg(*saved));
}

} // namespace Juxta
