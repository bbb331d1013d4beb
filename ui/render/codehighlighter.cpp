// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/codehighlighter.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

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

/** Feeds single lines to KSyntaxHighlighting and collects what it reports as Qt formats. */
class CodeHighlighter::LineHighlighter : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    KSyntaxHighlighting::State highlight(QStringView line, const KSyntaxHighlighting::State &state)
    {
        m_ranges.clear();
        return highlightLine(line, state);
    }

    QList<QTextLayout::FormatRange> takeRanges() { return std::exchange(m_ranges, {}); }

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override
    {
        if (length <= 0 || format.isDefaultTextStyle(theme())) {
            return;
        }
        QTextCharFormat charFormat;
        if (format.hasTextColor(theme())) {
            charFormat.setForeground(format.textColor(theme()));
        }
        if (format.hasBackgroundColor(theme())) {
            charFormat.setBackground(format.backgroundColor(theme()));
        }
        if (format.isBold(theme())) {
            charFormat.setFontWeight(QFont::Bold);
        }
        if (format.isItalic(theme())) {
            charFormat.setFontItalic(true);
        }
        if (format.isUnderline(theme())) {
            charFormat.setFontUnderline(true);
        }
        if (format.isStrikeThrough(theme())) {
            charFormat.setFontStrikeOut(true);
        }
        m_ranges.append({offset, length, charFormat});
    }

private:
    QList<QTextLayout::FormatRange> m_ranges;
};

CodeHighlighter::LineState::LineState()
    : m_state(std::make_unique<KSyntaxHighlighting::State>())
{ }

CodeHighlighter::LineState::~LineState() = default;

CodeHighlighter::LineState::LineState(const LineState &other)
    : m_state(std::make_unique<KSyntaxHighlighting::State>(*other.m_state))
{ }

CodeHighlighter::LineState &CodeHighlighter::LineState::operator=(const LineState &other)
{
    *m_state = *other.m_state;
    return *this;
}

CodeHighlighter::CodeHighlighter() = default;

CodeHighlighter::~CodeHighlighter() = default;

void CodeHighlighter::warmUp()
{
    const QString cpp = definitionForFence(u"cpp"_s);
    LineState state;
    highlightLine(cpp, u"int main() { return 0; } // warm"_s, state);
}

void CodeHighlighter::setPalette(const QPalette &palette)
{
    // Every pane sharing this highlighter passes its palette; choosing a theme costs
    // milliseconds, so the same palette keeps the theme already chosen.
    if (m_themeChosen && palette == m_palette) {
        return;
    }
    m_palette = palette;
    m_themeChosen = false;
}

QString CodeHighlighter::themeName()
{
    return highlighter().theme().name();
}

QColor CodeHighlighter::backgroundColor()
{
    return QColor::fromRgba(highlighter().theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor));
}

QColor CodeHighlighter::textColor()
{
    return QColor::fromRgba(highlighter().theme().textColor(KSyntaxHighlighting::Theme::Normal));
}

QList<QTextLayout::FormatRange> CodeHighlighter::highlightLine(
    const QString &definitionName, QStringView line, LineState &state)
{
    if (definitionName.isEmpty()) {
        return {};
    }
    LineHighlighter &lines = highlighter();
    if (lines.definition().name() != definitionName) {
        lines.setDefinition(repository().definitionForName(definitionName));
    }
    *state.m_state = lines.highlight(line, *state.m_state);
    return lines.takeRanges();
}

CodeHighlighter::LineHighlighter &CodeHighlighter::highlighter()
{
    if (!m_highlighter) {
        m_highlighter = std::make_unique<LineHighlighter>();
    }
    if (!m_themeChosen) {
        m_highlighter->setTheme(repository().themeForPalette(m_palette));
        m_themeChosen = true;
    }
    return *m_highlighter;
}

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
