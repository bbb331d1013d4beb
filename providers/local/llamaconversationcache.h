// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include <vector>

namespace Juxta::Providers {

/**
 * The KV-cache states of conversations that are not in the context right now, so panes taking
 * turns on one model each continue from what they evaluated instead of evaluating it again.
 *
 * The context keeps one sequence (several live sequences would make every decode step attend
 * over all of them). When a turn of another conversation comes, LlamaEngine saves the live
 * sequence here (libllama's llama_state_seq_get_data) and, when a saved one shares more of the
 * new prompt, puts that back in its place. Pure bookkeeping: the engine does the copying. The
 * states together never take more than the limit; the least recently saved go first.
 */
class LlamaConversationCache
{
public:
    struct State
    {
        /** The tokens the state holds, in position order. */
        std::vector<int> tokens;
        /** Tokens of the last prompt the conversation was given. */
        int promptLength = 0;
        QByteArray data;
    };

    explicit LlamaConversationCache(qint64 limitBytes = 0)
        : m_limitBytes(limitBytes)
    { }

    qint64 limitBytes() const { return m_limitBytes; }
    void setLimitBytes(qint64 bytes);
    qint64 bytes() const;
    int size() const { return int(m_states.size()); }

    /** Keeps @p state (replacing one that holds the same tokens); false when it alone is over the limit. */
    bool store(State state);
    /** The index of the state sharing the longest prefix with @p prompt and that length; -1 and 0 when none shares any.
     */
    int bestMatch(const std::vector<int> &prompt, int *shared) const;
    /** Removes the state at @p index and hands it over. */
    State take(int index);
    void clear() { m_states.clear(); }

    /** How many leading tokens @p a and @p b have in common. */
    static int sharedPrefix(const std::vector<int> &a, const std::vector<int> &b);

private:
    void trim();

    qint64 m_limitBytes = 0;
    /** Oldest first. */
    std::vector<State> m_states;
};

} // namespace Juxta::Providers
