// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QHash>
#include <QList>
#include <QPalette>
#include <QString>
#include <QTextLayout>

#include <memory>

namespace KSyntaxHighlighting {
class Repository;
class State;
} // namespace KSyntaxHighlighting

namespace Juxta::Ui {

/**
 * The one door to KSyntaxHighlighting, so the rest of the UI never includes it.
 *
 * Lives on the GUI thread. The syntax repository is loaded on first use, because reading its
 * few hundred definitions costs start-up time a window without code blocks should not pay.
 * The theme follows the palette given to setPalette(): light or dark, as the palette is.
 */
class CodeHighlighter
{
public:
    /** The highlighter's state after a line, carried to the next one of the same block. */
    class LineState
    {
    public:
        LineState();
        ~LineState();
        LineState(const LineState &other);
        LineState &operator=(const LineState &other);

    private:
        friend class CodeHighlighter;
        std::unique_ptr<KSyntaxHighlighting::State> m_state;
    };

    CodeHighlighter();
    ~CodeHighlighter();
    Q_DISABLE_COPY_MOVE(CodeHighlighter)

    /**
     * The syntax definition for a Markdown fence's info string ("cpp", "Python title=x",
     * "hpp"…), or an empty string when the code should be shown as plain text.
     */
    QString definitionForFence(const QString &infoString);

    /**
     * Loads the syntax repository and the C++ definition now, so that the first answer with
     * code does not pay for it. Meant for an idle moment after the window is shown.
     */
    void warmUp();

    /** Chooses the theme for @p palette (Repository::themeForPalette); colours follow from now on. */
    void setPalette(const QPalette &palette);
    /** The current theme's name, e.g. "Breeze Light". */
    QString themeName();
    /** The theme's editor background: what code blocks are painted on, never the widget's base. */
    QColor backgroundColor();
    /** The theme's colour for plain code text. */
    QColor textColor();

    /**
     * The formats of one line of code in @p definitionName (from definitionForFence(); empty
     * for plain text). @p state is the state after the previous line and becomes this line's.
     */
    QList<QTextLayout::FormatRange> highlightLine(const QString &definitionName, QStringView line, LineState &state);

private:
    class LineHighlighter;

    KSyntaxHighlighting::Repository &repository();
    LineHighlighter &highlighter();
    QString lookUp(const QString &tag);

    std::unique_ptr<KSyntaxHighlighting::Repository> m_repository;
    std::unique_ptr<LineHighlighter> m_highlighter;
    QHash<QString, QString> m_definitionByTag;
    QPalette m_palette;
    bool m_themeChosen = false;
};

} // namespace Juxta::Ui
