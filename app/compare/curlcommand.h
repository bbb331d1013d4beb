// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Juxta {

struct RawExchange;

/** Writes a pane's request as a curl command line a user can paste into a POSIX shell. */
class CurlCommand
{
public:
    /**
     * The request of @p exchange as `curl …`. Every argument is single-quoted, except those
     * holding the key placeholder, which are double-quoted so the shell fills the variable in.
     */
    static QString fromExchange(const RawExchange &exchange);
};

} // namespace Juxta
