// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/promptscommand.h"

#include "app/cli/clistorage.h"
#include "app/prompts/prompttemplate.h"
#include "app/prompts/textdiff.h"
#include "app/storage/promptexchange.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

constexpr auto Usage = R"(Usage: juxta-cli prompts COMMAND

  list [--tag T] [--folder F] [--favourites] [--json]
  search WORDS... [--tag T] [--folder F] [--favourites] [--json]
  show NAME[@VERSION] [--versions] [--diff OTHER_VERSION] [--json]
  add NAME (--user TEXT | --file FILE) [--system TEXT] [--description D] [--tag T]... [--folder F]
      [--var NAME=DEFAULT]... [--model PRESET:MODEL]... [--note N]
                      a new prompt, or a new version of an existing one
  import FILE...      .json bundles, .md or .prompty files (all or nothing)
  export [NAME...] -o PATH [--format json|markdown|prompty]
)";

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
}

int fail(const QString &message)
{
    print(stderr, u"juxta-cli prompts: %1\n"_s.arg(message));
    return 1;
}

QJsonObject promptJson(const Prompt &prompt)
{
    return QJsonObject {
        {u"id"_s, prompt.id},
        {u"name"_s, prompt.name},
        {u"description"_s, prompt.description},
        {u"folder"_s, prompt.folder},
        {u"tags"_s, QJsonArray::fromStringList(prompt.tags)},
        {u"favourite"_s, prompt.favourite},
        {u"latest_version"_s, prompt.latestVersion},
        {u"updated_at"_s, prompt.updatedAt.toString(Qt::ISODateWithMs)},
    };
}

} // namespace

PromptsCommand::PromptsCommand(CliStorage &storage)
    : m_storage(storage)
{ }

int PromptsCommand::run(const QStringList &arguments)
{
    const QString sub = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (sub == "list"_L1) {
        return list(rest, false);
    }
    if (sub == "search"_L1) {
        return list(rest, true);
    }
    if (sub == "show"_L1) {
        return show(rest);
    }
    if (sub == "add"_L1) {
        return add(rest);
    }
    if (sub == "import"_L1) {
        return import(rest);
    }
    if (sub == "export"_L1) {
        return exportPrompts(rest);
    }
    const bool help = sub.isEmpty() || sub == "--help"_L1;
    print(help ? stdout : stderr, QString::fromUtf8(Usage));
    return help ? 0 : 1;
}

int PromptsCommand::list(const QStringList &arguments, bool searching)
{
    QCommandLineParser parser;
    parser.addOptions({
        {u"tag"_s, u"Only prompts with this tag."_s, u"T"_s},
        {u"folder"_s, u"Only prompts in this folder."_s, u"F"_s},
        {u"favourites"_s, u"Only favourites."_s},
        {u"json"_s, u"JSON output."_s},
    });
    if (!parser.parse(QStringList {u"prompts"_s} + arguments)) {
        return fail(parser.errorText());
    }
    PromptFilter filter;
    filter.tag = parser.value(u"tag"_s);
    filter.folder = parser.value(u"folder"_s);
    filter.favouritesOnly = parser.isSet(u"favourites"_s);
    filter.limit = 0;
    if (searching) {
        filter.text = parser.positionalArguments().join(u' ');
        if (filter.text.trimmed().isEmpty()) {
            return fail(tr("search for what? (juxta-cli prompts search WORDS)"));
        }
        filter.limit = 50;
    }
    const auto prompts = m_storage.prompts().find(filter);
    if (!prompts) {
        return fail(prompts.error().message);
    }
    if (parser.isSet(u"json"_s)) {
        QJsonArray array;
        for (const Prompt &prompt : *prompts) {
            array.append(promptJson(prompt));
        }
        print(stdout, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return 0;
    }
    for (const Prompt &prompt : *prompts) {
        print(stdout,
            u"%1 %2 v%3  %4%5\n"_s.arg(prompt.favourite ? u"★"_s : u" "_s,
                prompt.name.leftJustified(32),
                QString::number(prompt.latestVersion).leftJustified(3),
                prompt.folder.isEmpty() ? QString() : prompt.folder + u"  "_s,
                prompt.tags.isEmpty() ? QString() : u'#' + prompt.tags.join(u" #"_s)));
    }
    return 0;
}

int PromptsCommand::show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {u"versions"_s, u"List the versions."_s},
        {u"diff"_s, u"Compare with another version."_s, u"N"_s},
        {u"json"_s, u"JSON output."_s},
    });
    if (!parser.parse(QStringList {u"prompts"_s} + arguments) || parser.positionalArguments().size() != 1) {
        return fail(parser.errorText().isEmpty() ? tr("show NAME[@VERSION]") : parser.errorText());
    }
    const auto version = m_storage.prompts().resolve(parser.positionalArguments().first());
    if (!version) {
        return fail(version.error().message);
    }
    const Prompt prompt = *m_storage.prompts().prompt(version->promptId);
    if (parser.isSet(u"versions"_s)) {
        for (const PromptVersion &v : m_storage.prompts().versions(prompt.id)) {
            print(stdout,
                u"v%1  %2  %3\n"_s.arg(v.number).arg(v.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s),
                    v.note));
        }
        return 0;
    }
    if (parser.isSet(u"diff"_s)) {
        const auto other = m_storage.prompts().version(prompt.id, parser.value(u"diff"_s).toInt());
        if (!other || parser.value(u"diff"_s).toInt() <= 0) {
            return fail(tr("\"%1\" has no version %2").arg(prompt.name, parser.value(u"diff"_s)));
        }
        print(stdout, u"--- v%1\n+++ v%2\n"_s.arg(other->number).arg(version->number));
        if (other->systemText != version->systemText) {
            print(stdout, u"[system]\n"_s + TextDiff::unified(other->systemText, version->systemText));
        }
        print(stdout, u"[user]\n"_s + TextDiff::unified(other->userText, version->userText));
        return 0;
    }
    if (parser.isSet(u"json"_s)) {
        QJsonObject json = promptJson(prompt);
        json.insert(u"version"_s,
            QJsonObject {
                {u"number"_s, version->number},
                {u"system"_s, version->systemText},
                {u"user"_s, version->userText},
                {u"variables"_s, version->variables},
                {u"placeholders"_s,
                    QJsonArray::fromStringList(
                        PromptTemplate::placeholders(version->systemText + u'\n' + version->userText))},
                {u"parameters"_s, version->parameters},
                {u"models"_s, QJsonArray::fromStringList(version->models)},
                {u"note"_s, version->note},
                {u"created_at"_s, version->createdAt.toString(Qt::ISODateWithMs)},
            });
        print(stdout, QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
        return 0;
    }
    QString text = u"%1 (version %2 of %3)\n"_s.arg(prompt.name).arg(version->number).arg(prompt.latestVersion);
    if (!prompt.description.isEmpty()) {
        text += prompt.description + u'\n';
    }
    const QStringList variables = PromptTemplate::placeholders(version->systemText + u'\n' + version->userText);
    if (!variables.isEmpty()) {
        text += tr("Variables: %1\n").arg(variables.join(u", "_s));
    }
    if (!version->systemText.isEmpty()) {
        text += u"\n[system]\n"_s + version->systemText + u'\n';
    }
    text += u"\n[user]\n"_s + version->userText + u'\n';
    print(stdout, text);
    return 0;
}

int PromptsCommand::add(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {u"user"_s, u"The user text."_s, u"TEXT"_s},
        {u"file"_s, u"Read the user text from FILE."_s, u"FILE"_s},
        {u"system"_s, u"The system text."_s, u"TEXT"_s},
        {u"description"_s, u"What the prompt is for."_s, u"D"_s},
        {u"tag"_s, u"A tag (repeat for more)."_s, u"T"_s},
        {u"folder"_s, u"A folder."_s, u"F"_s},
        {u"var"_s, u"A variable's default value."_s, u"NAME=VALUE"_s},
        {u"model"_s, u"A suggested model."_s, u"PRESET:MODEL"_s},
        {u"note"_s, u"A note on this version."_s, u"N"_s},
    });
    if (!parser.parse(QStringList {u"prompts"_s} + arguments) || parser.positionalArguments().size() != 1) {
        return fail(parser.errorText().isEmpty() ? tr("add NAME --user TEXT") : parser.errorText());
    }
    PromptVersion version;
    version.userText = parser.value(u"user"_s);
    if (parser.isSet(u"file"_s)) {
        QFile file(parser.value(u"file"_s));
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(tr("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        }
        version.userText = QString::fromUtf8(file.readAll());
    }
    if (version.userText.isEmpty()) {
        return fail(tr("the prompt needs a text: --user TEXT or --file FILE"));
    }
    version.systemText = parser.value(u"system"_s);
    version.note = parser.value(u"note"_s);
    version.models = parser.values(u"model"_s);
    for (const QString &assignment : parser.values(u"var"_s)) {
        const qsizetype equals = assignment.indexOf(u'=');
        if (equals <= 0) {
            return fail(tr("--var wants NAME=VALUE, not \"%1\"").arg(assignment));
        }
        version.variables.insert(assignment.left(equals), assignment.mid(equals + 1));
    }
    const QString name = parser.positionalArguments().first();
    PromptStore &store = m_storage.prompts();
    if (const auto existing = store.findByName(name)) {
        const auto saved = store.saveVersion(existing->id, version);
        if (!saved) {
            return fail(saved.error().message);
        }
        print(stdout, tr("%1: version %2\n").arg(name).arg(saved->number));
        return 0;
    }
    Prompt prompt;
    prompt.name = name;
    prompt.description = parser.value(u"description"_s);
    prompt.tags = parser.values(u"tag"_s);
    prompt.folder = parser.value(u"folder"_s);
    const auto created = store.create(prompt, version);
    if (!created) {
        return fail(created.error().message);
    }
    print(stdout, tr("%1: version 1\n").arg(name));
    return 0;
}

int PromptsCommand::import(const QStringList &arguments)
{
    if (arguments.isEmpty()) {
        return fail(tr("import FILE... (.json, .md or .prompty)"));
    }
    const auto report = PromptExchange::importFiles(m_storage.prompts(), arguments);
    if (!report) {
        return fail(report.error().message + u'\n' + tr("Nothing was imported."));
    }
    print(stdout,
        tr("Imported %1 new prompt(s) and %2 new version(s); %3 version(s) were already there.\n")
            .arg(report->created)
            .arg(report->newVersions)
            .arg(report->unchanged));
    for (const QString &conflict : report->conflicts) {
        print(stdout, u"  "_s + conflict + u'\n');
    }
    return 0;
}

int PromptsCommand::exportPrompts(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        {{u"o"_s, u"output"_s}, u"Where to write."_s, u"PATH"_s},
        {u"format"_s, u"json, markdown or prompty (default: from the file name)."_s, u"FORMAT"_s},
    });
    if (!parser.parse(QStringList {u"prompts"_s} + arguments)) {
        return fail(parser.errorText());
    }
    const QString path = parser.value(u"output"_s);
    if (path.isEmpty()) {
        return fail(tr("export needs -o PATH"));
    }
    std::optional<PromptExchange::Format> format = PromptExchange::formatFor(path);
    const QString named = parser.value(u"format"_s).toLower();
    if (named == "json"_L1) {
        format = PromptExchange::Format::Bundle;
    } else if (named == "markdown"_L1 || named == "md"_L1) {
        format = PromptExchange::Format::Markdown;
    } else if (named == "prompty"_L1) {
        format = PromptExchange::Format::Prompty;
    } else if (!named.isEmpty()) {
        return fail(tr("--format is json, markdown or prompty, not \"%1\"").arg(named));
    }
    if (!format) {
        return fail(tr("say --format: the file name does not tell"));
    }
    const auto entries = PromptExchange::collect(m_storage.prompts(), parser.positionalArguments());
    if (!entries) {
        return fail(entries.error().message);
    }
    if (const auto written = PromptExchange::writeFile(path, *format, *entries); !written) {
        return fail(written.error().message);
    }
    print(stderr, tr("Exported %1 prompt(s).\n").arg(entries->size()));
    return 0;
}

} // namespace Juxta
