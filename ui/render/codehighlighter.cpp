// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/codehighlighter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

// Fence tags that models write but that match neither a definition's name, its alternative
// names nor a file extension.
struct Alias
{
    QLatin1StringView tag;
    QLatin1StringView definition;
};
constexpr Alias Aliases[] = {
    {"c++"_L1, "C++"_L1},
    {"shell"_L1, "Bash"_L1},
    {"console"_L1, "Bash"_L1},
    {"shellsession"_L1, "Bash"_L1},
    {"golang"_L1, "Go"_L1},
    {"csharp"_L1, "C#"_L1},
    {"objc"_L1, "Objective-C"_L1},
    {"dockerfile"_L1, "Dockerfile"_L1},
    {"docker"_L1, "Dockerfile"_L1},
    {"jsonc"_L1, "JSON"_L1},
    {"patch"_L1, "Diff"_L1},
    {"ps"_L1, "PowerShell"_L1},
    {"vb"_L1, "Visual Basic"_L1},
};

// Tags that explicitly ask for no highlighting.
constexpr QLatin1StringView PlainTags[] = {"text"_L1, "plain"_L1, "plaintext"_L1, "txt"_L1, "output"_L1};

} // namespace

CodeHighlighter::CodeHighlighter() = default;
CodeHighlighter::~CodeHighlighter() = default;

QString CodeHighlighter::definitionForFence(const QString &infoString)
{
    const QString tag = infoString.section(u' ', 0, 0, QString::SectionSkipEmpty).toLower();
    if (tag.isEmpty()) {
        return {};
    }
    const auto cached = m_definitionByTag.constFind(tag);
    if (cached != m_definitionByTag.constEnd()) {
        return *cached;
    }
    const QString name = lookUp(tag);
    m_definitionByTag.insert(tag, name);
    return name;
}

KSyntaxHighlighting::Repository &CodeHighlighter::repository()
{
    if (!m_repository) {
        m_repository = std::make_unique<KSyntaxHighlighting::Repository>();
    }
    return *m_repository;
}

QString CodeHighlighter::lookUp(const QString &tag)
{
    for (const QLatin1StringView plain : PlainTags) {
        if (tag == plain) {
            return {};
        }
    }
    // definitionForName() is case-insensitive and, from KF 6.1, knows alternative names (py, js, yml).
    KSyntaxHighlighting::Definition definition = repository().definitionForName(tag);
    if (!definition.isValid()) {
        definition = repository().definitionForFileName(u"snippet."_s + tag);
    }
    if (!definition.isValid()) {
        for (const Alias &alias : Aliases) {
            if (tag == alias.tag) {
                definition = repository().definitionForName(alias.definition);
                break;
            }
        }
    }
    return definition.isValid() ? definition.name() : QString();
}

} // namespace Juxta::Ui
