// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/markdownblocksplitter.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int TabColumns = 4;

bool isBlank(QStringView line)
{
    for (const QChar c : line) {
        if (c != u' ' && c != u'\t') {
            return false;
        }
    }
    return true;
}

// Columns of leading whitespace, and how many characters they take.
std::pair<int, qsizetype> indentation(QStringView line)
{
    int columns = 0;
    qsizetype chars = 0;
    for (; chars < line.size(); ++chars) {
        if (line[chars] == u' ') {
            ++columns;
        } else if (line[chars] == u'\t') {
            columns += TabColumns - columns % TabColumns;
        } else {
            break;
        }
    }
    return {columns, chars};
}

// Drops up to @p columns columns of leading whitespace.
QStringView dedented(QStringView line, int columns)
{
    int seen = 0;
    qsizetype at = 0;
    while (at < line.size() && seen < columns) {
        if (line[at] == u' ') {
            ++seen;
        } else if (line[at] == u'\t') {
            seen += TabColumns - seen % TabColumns;
        } else {
            break;
        }
        ++at;
    }
    return line.sliced(at);
}

qsizetype runOf(QStringView text, QChar c)
{
    qsizetype n = 0;
    while (n < text.size() && text[n] == c) {
        ++n;
    }
    return n;
}

bool isAtxHeading(QStringView rest)
{
    const qsizetype hashes = runOf(rest, u'#');
    return hashes >= 1 && hashes <= 6 && (hashes == rest.size() || rest[hashes] == u' ' || rest[hashes] == u'\t');
}

bool isThematicBreak(QStringView rest)
{
    if (rest.isEmpty() || (rest[0] != u'-' && rest[0] != u'*' && rest[0] != u'_')) {
        return false;
    }
    int count = 0;
    for (const QChar c : rest) {
        if (c == rest[0]) {
            ++count;
        } else if (c != u' ' && c != u'\t') {
            return false;
        }
    }
    return count >= 3;
}

bool isSetextUnderline(QStringView rest)
{
    if (rest.isEmpty() || (rest[0] != u'=' && rest[0] != u'-')) {
        return false;
    }
    const qsizetype run = runOf(rest, rest[0]);
    return isBlank(rest.sliced(run));
}

// The width of a list marker and the spaces after it (where the item's content starts), or 0.
int listMarkerWidth(QStringView rest)
{
    qsizetype marker = 0;
    if (!rest.isEmpty() && (rest[0] == u'-' || rest[0] == u'*' || rest[0] == u'+')) {
        marker = 1;
    } else {
        while (marker < rest.size() && marker < 9 && rest[marker].isDigit()) {
            ++marker;
        }
        if (marker == 0 || marker >= rest.size() || (rest[marker] != u'.' && rest[marker] != u')')) {
            return 0;
        }
        ++marker;
    }
    if (marker == rest.size()) {
        return int(marker) + 1;
    }
    if (rest[marker] != u' ' && rest[marker] != u'\t') {
        return 0;
    }
    const qsizetype spaces = runOf(rest.sliced(marker), u' ');
    // Five or more spaces mean indented code inside the item: the content starts after one.
    return int(marker + (spaces >= 1 && spaces <= 4 ? spaces : 1));
}

bool isFenceOpening(QStringView rest, QChar *fenceChar, int *fenceLength, QString *info)
{
    if (rest.isEmpty() || (rest[0] != u'`' && rest[0] != u'~')) {
        return false;
    }
    const qsizetype run = runOf(rest, rest[0]);
    if (run < 3) {
        return false;
    }
    const QStringView tail = rest.sliced(run);
    if (rest[0] == u'`' && tail.contains(u'`')) {
        return false;
    }
    *fenceChar = rest[0];
    *fenceLength = int(run);
    *info = tail.trimmed().toString();
    return true;
}

bool isDelimiterRow(QStringView rest)
{
    bool dash = false;
    for (const QChar c : rest) {
        if (c == u'-') {
            dash = true;
        } else if (c != u'|' && c != u':' && c != u' ' && c != u'\t') {
            return false;
        }
    }
    return dash;
}

} // namespace

struct MarkdownBlockSplitter::Line
{
    qsizetype start = 0;
    qsizetype end = 0;
    /** Without the line end (LF or CRLF). */
    QStringView content;
    int indent = 0;
    /** After the indentation. */
    QStringView rest;
    bool blank = false;

    Line(QStringView text, qsizetype from, qsizetype to)
        : start(from)
        , end(to)
    {
        content = text.sliced(from, to - from);
        if (content.endsWith(u'\n')) {
            content.chop(1);
        }
        if (content.endsWith(u'\r')) {
            content.chop(1);
        }
        const auto [columns, chars] = indentation(content);
        indent = columns;
        rest = content.sliced(chars);
        blank = rest.isEmpty();
    }
};

qsizetype MarkdownBlockSplitter::update(QStringView text)
{
    const qsizetype before = m_closed.size();
    for (;;) {
        const qsizetype newline = text.indexOf(u'\n', m_position);
        if (newline < 0) {
            break;
        }
        takeLine(text, m_position, newline + 1);
        m_position = newline + 1;
    }
    return m_closed.size() - before;
}

qsizetype MarkdownBlockSplitter::finish(QStringView text)
{
    const qsizetype before = m_closed.size();
    update(text);
    if (m_position < text.size()) {
        takeLine(text, m_position, text.size());
        m_position = text.size();
    }
    if (m_state == State::InBlock) {
        if (m_current.kind == Kind::Code) {
            m_current.contentEnd = text.size();
            closeAt(text.size());
        } else {
            closeAt(m_blankAt >= 0 ? m_blankAt : text.size());
        }
    }
    return m_closed.size() - before;
}

void MarkdownBlockSplitter::reset()
{
    *this = MarkdownBlockSplitter();
}

MarkdownBlockSplitter::Block MarkdownBlockSplitter::openBlock(QStringView text) const
{
    if (m_state == State::InBlock) {
        Block block = m_current;
        block.end = text.size();
        if (block.kind == Kind::Code) {
            block.contentEnd = text.size();
        }
        return block;
    }
    Block block;
    block.start = std::min(m_position, text.size());
    const QStringView partial = text.sliced(block.start);
    block.end = isBlank(partial) ? block.start : text.size();
    if (m_listContent > 0 && indentation(partial).first >= m_listContent) {
        block.indent = m_listContent;
    }
    return block;
}

QStringList MarkdownBlockSplitter::codeLines(QStringView text, const Block &block)
{
    QStringList lines;
    if (block.contentEnd <= block.contentStart) {
        return lines;
    }
    const QStringView content = text.sliced(block.contentStart, block.contentEnd - block.contentStart);
    qsizetype from = 0;
    while (from < content.size()) {
        qsizetype newline = content.indexOf(u'\n', from);
        const qsizetype to = newline < 0 ? content.size() : newline;
        QStringView line = content.sliced(from, to - from);
        if (line.endsWith(u'\r')) {
            line.chop(1);
        }
        lines.append(dedented(line, block.indent).toString());
        from = to + 1;
    }
    return lines;
}

QString MarkdownBlockSplitter::markdownSource(QStringView text, const Block &block)
{
    const QStringView source = text.sliced(block.start, block.end - block.start);
    QString result;
    if (block.indent == 0) {
        result = source.toString();
    } else {
        result.reserve(source.size());
        for (const QStringView line : source.split(u'\n')) {
            result += dedented(line, block.indent);
            result += u'\n';
        }
    }
    while (!result.isEmpty() && result.back().isSpace()) {
        result.chop(1);
    }
    return result;
}

void MarkdownBlockSplitter::takeLine(QStringView text, qsizetype start, qsizetype end)
{
    const Line line(text, start, end);
    if (m_state == State::Between) {
        if (!line.blank) {
            startBlock(line, text);
        }
        return;
    }
    const bool mayInterrupt = line.indent < m_current.indent + 4;
    QChar fenceChar;
    int fenceLength = 0;
    QString info;
    const bool interrupts = mayInterrupt
        && (isFenceOpening(line.rest, &fenceChar, &fenceLength, &info) || isAtxHeading(line.rest)
            || isThematicBreak(line.rest) || line.rest.startsWith(u'>') || listMarkerWidth(line.rest) > 0);

    switch (m_current.kind) {
    case Kind::Code:
        if (line.indent < m_current.indent + 4 && runOf(line.rest, m_fenceChar) >= m_fenceLength
            && isBlank(line.rest.sliced(runOf(line.rest, m_fenceChar)))) {
            m_current.contentEnd = start;
            closeAt(end);
        }
        return;
    case Kind::Paragraph:
        if (line.blank) {
            closeAt(start);
        } else if (m_lines == 1 && isDelimiterRow(line.rest)
            && (line.rest.contains(u'|') || text.sliced(m_current.start, start - m_current.start).contains(u'|'))
            && !isSetextUnderline(line.rest)) {
            m_current.kind = Kind::Table;
            ++m_lines;
        } else if (mayInterrupt && isSetextUnderline(line.rest)) {
            m_current.kind = Kind::Heading;
            closeAt(end);
        } else if (interrupts) {
            closeAt(start);
            startBlock(line, text);
        } else {
            ++m_lines;
        }
        return;
    case Kind::Table:
        if (line.blank) {
            closeAt(start);
        } else if (interrupts || !line.rest.contains(u'|')) {
            closeAt(start);
            startBlock(line, text);
        } else {
            ++m_lines;
        }
        return;
    case Kind::Quote:
        if (line.blank) {
            closeAt(start);
        } else if (!line.rest.startsWith(u'>') && interrupts) {
            closeAt(start);
            startBlock(line, text);
        } else {
            ++m_lines;
        }
        return;
    case Kind::ListItem:
        if (line.blank) {
            if (m_blankAt < 0) {
                m_blankAt = start;
            }
            return;
        }
        if (line.indent >= m_listContent) {
            if (isFenceOpening(line.rest, &fenceChar, &fenceLength, &info)) {
                // Code in an item becomes a block of its own, to be highlighted like any other.
                closeAt(m_blankAt >= 0 ? m_blankAt : start);
                startBlock(line, text);
                return;
            }
            m_blankAt = -1;
            ++m_lines;
            return;
        }
        if (m_blankAt >= 0 || interrupts) {
            closeAt(m_blankAt >= 0 ? m_blankAt : start);
            startBlock(line, text);
            return;
        }
        ++m_lines; // a lazy continuation of the item's paragraph
        return;
    case Kind::Heading:
    case Kind::ThematicBreak:
        // Closed on their own line; never current.
        return;
    }
}

void MarkdownBlockSplitter::startBlock(const Line &line, QStringView text)
{
    Q_UNUSED(text)
    const bool continuesItem = m_listContent > 0 && line.indent >= m_listContent;
    const int base = continuesItem ? m_listContent : 0;
    if (!continuesItem) {
        m_listContent = 0;
    }
    m_current = Block();
    m_current.start = line.start;
    m_current.indent = base;
    m_lines = 1;
    m_blankAt = -1;
    m_state = State::InBlock;

    QString info;
    if (line.indent < base + 4 && isFenceOpening(line.rest, &m_fenceChar, &m_fenceLength, &info)) {
        m_current.kind = Kind::Code;
        m_current.info = info;
        m_current.indent = line.indent;
        m_current.contentStart = line.end;
        m_current.contentEnd = line.end;
        return;
    }
    if (line.indent < base + 4 && isAtxHeading(line.rest)) {
        m_current.kind = Kind::Heading;
        closeAt(line.end);
        return;
    }
    if (line.indent < base + 4 && isThematicBreak(line.rest)) {
        m_current.kind = Kind::ThematicBreak;
        closeAt(line.end);
        return;
    }
    if (const int marker = listMarkerWidth(line.rest); marker > 0 && line.indent < base + 4) {
        m_current.kind = Kind::ListItem;
        m_current.indent = line.indent;
        m_listContent = line.indent + marker;
        return;
    }
    if (line.indent < base + 4 && line.rest.startsWith(u'>')) {
        m_current.kind = Kind::Quote;
        return;
    }
    m_current.kind = Kind::Paragraph;
}

void MarkdownBlockSplitter::closeAt(qsizetype end)
{
    m_current.end = end;
    m_closed.append(m_current);
    m_state = State::Between;
    m_blankAt = -1;
}

} // namespace Juxta::Ui
