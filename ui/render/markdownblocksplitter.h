// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace Juxta::Ui {

/**
 * Cuts Markdown that grows at its end into top-level blocks (paragraphs, headings, list
 * items, tables, quotes, fenced code), so a streaming answer can lay out each block once.
 *
 * Only complete lines decide anything: a line is classified when its newline arrives, so a
 * fence or a table split anywhere by the network ends up the same as one received whole.
 * A block is closed once a later line proves it cannot grow any more; closed blocks never
 * change again. Everything from the last closed block on is the open block, re-rendered as
 * text arrives. Work per update is proportional to the new text, never to the whole answer.
 *
 * Fenced code inside a list item becomes a code block of its own with the item's indent
 * recorded, so it is highlighted like any other code; CRLF line ends are accepted.
 */
class MarkdownBlockSplitter
{
public:
    enum class Kind { Paragraph, Heading, ThematicBreak, ListItem, Table, Quote, Code };

    struct Block
    {
        Kind kind = Kind::Paragraph;
        /** Offsets in the text, [start, end): the source of the block, fences included. */
        qsizetype start = 0;
        qsizetype end = 0;
        /** Code: the fence's info string ("cpp title=x"), trimmed. */
        QString info;
        /** Code: offsets of the code lines, between the fences. */
        qsizetype contentStart = 0;
        qsizetype contentEnd = 0;
        /** Columns of indentation stripped from each line (code and continuations in a list item). */
        int indent = 0;

        bool operator==(const Block &) const = default;
    };

    /**
     * Takes in @p text, which must begin with everything given before. Returns how many blocks
     * this call closed; they are the last ones of closedBlocks().
     */
    qsizetype update(QStringView text);
    /** The text is complete: the open block, if any, is closed too. */
    qsizetype finish(QStringView text);
    void reset();

    const QList<Block> &closedBlocks() const { return m_closed; }
    /**
     * The block still growing at the end of @p text (the same text last given to update()),
     * or a block with start == end when nothing but blank lines follows the closed blocks.
     * Its kind is Code only once the opening fence line is complete.
     */
    Block openBlock(QStringView text) const;
    /** The code lines of a Code block, indentation and CR stripped; the incomplete last one included. */
    static QStringList codeLines(QStringView text, const Block &block);
    /** The source of a non-code block with its indentation stripped, ready for a Markdown renderer. */
    static QString markdownSource(QStringView text, const Block &block);

private:
    enum class State { Between, InBlock };
    struct Line;

    void takeLine(QStringView text, qsizetype start, qsizetype end);
    void startBlock(const Line &line, QStringView text);
    void closeAt(qsizetype end);

    QList<Block> m_closed;
    /** The next line not taken yet starts here. */
    qsizetype m_position = 0;
    State m_state = State::Between;
    Block m_current;
    int m_lines = 0;
    /** The current list item's content column; continuation lines indented this far belong to it. */
    int m_listContent = 0;
    /** Offset of the first blank line after the current block's last non-blank line, or -1. */
    qsizetype m_blankAt = -1;
    /** Fence opened: its character, length, and indentation. */
    QChar m_fenceChar;
    int m_fenceLength = 0;
};

} // namespace Juxta::Ui
