// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/promptbundle.h"

namespace Juxta {

/**
 * Prompts as a Markdown document people can read and edit: one "# name" section per prompt,
 * "## Version N" per version, the texts in fenced blocks. parse() reads back what write()
 * writes, so a library survives a round trip through a text editor or a wiki.
 */
class PromptMarkdown
{
public:
    static QString write(const QList<PromptBundle::Entry> &entries);
    static StorageResult<QList<PromptBundle::Entry>> parse(const QByteArray &data);
};

} // namespace Juxta
