// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>

namespace Juxta::Ui {

class CodeHighlighter;

/** What rendered text looks like: fonts and colours from the view, code colours from the highlighter's theme. */
struct RenderStyle
{
    QFont font;
    QFont codeFont;
    QPalette palette;
    /** The text colour of this part (muted for reasoning). */
    QColor textColor;
    CodeHighlighter *highlighter = nullptr;
};

} // namespace Juxta::Ui
