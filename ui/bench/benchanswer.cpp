// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/bench/benchanswer.h"

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

// {N} is replaced by the section's number.
const auto Section = uR"(## Part {N}: measuring a *streaming* renderer

The renderer keeps **closed blocks** as they are and only lays out the `open` block again; see
[the design notes](https://example.org/design#rendering) for why. A long answer must stay as
cheap at the end as at the start, so every step below is *linear* in the new text.

1. Split the text into blocks at blank lines and fences.
2. Render each closed block **once**, then keep its layout.
3. Re-render the last block at most every `50 ms`:
   - paragraphs with `setMarkdown()`,
   - code line by line with the highlighter's state.

| Step | Cost per token | Notes |
|------|---------------:|-------|
| split | O(1) | only new lines |
| render | O(block) | open block only |
| paint | O(visible) | clipped |

> A quote, because answers have them: *measure, don't guess*.

```cpp
// Appends a delta without copying what came before.
void Conversation::append(int row, const QString &delta)
{
    auto &message = m_messages[row];
    message.text += delta;
    for (int i = 0; i < 3; ++i) {
        std::printf("%d\n", i);
    }
    emit changed(row);
}
```

Some Python for contrast:

```python
def tokens(text: str) -> list[str]:
    """Split text roughly the way a model streams it."""
    out = []
    for word in text.split(" "):
        out.append(word + " ")
    return out
```

And the settings as JSON:

```json
{"interval_ms": 50, "panes": 4, "rate": 1000, "themes": ["light", "dark"]}
```

)"_s;

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'\'';
}

} // namespace

BenchAnswer::BenchAnswer()
{
    // A word with the space after it, a run of spaces, or a single mark, as tokenizers cut text.
    const QString text = Section;
    qsizetype at = 0;
    while (at < text.size()) {
        qsizetype end = at + 1;
        if (text.sliced(at).startsWith(u"{N}"_s)) {
            m_numberToken = m_tokens.size();
            end = at + 3;
        } else if (isWordChar(text[at])) {
            while (end < text.size() && isWordChar(text[end])) {
                ++end;
            }
            if (end < text.size() && text[end] == u' ') {
                ++end;
            }
        } else if (text[at] == u' ') {
            while (end < text.size() && text[end] == u' ') {
                ++end;
            }
        }
        m_tokens.append(text.mid(at, end - at));
        at = end;
    }
}

QString BenchAnswer::token(qint64 index) const
{
    const qint64 section = index / m_tokens.size();
    const qsizetype within = qsizetype(index % m_tokens.size());
    return within == m_numberToken ? QString::number(section + 1) : m_tokens[within];
}

} // namespace Juxta::Ui
