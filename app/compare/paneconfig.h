// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/generationparams.h"

#include <QString>

namespace Juxta {

/** What one pane of a comparison asks: which preset and model, with which system prompt and parameters. */
struct PaneConfig
{
    QString presetId;
    QString model;
    QString systemPrompt;
    Providers::GenerationParams params;
};

} // namespace Juxta
