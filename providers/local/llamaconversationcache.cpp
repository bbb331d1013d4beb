// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamaconversationcache.h"

#include <algorithm>

namespace Juxta::Providers {

int LlamaConversationCache::sharedPrefix(const std::vector<int> &a, const std::vector<int> &b)
{
    return int(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
}

void LlamaConversationCache::setLimitBytes(qint64 bytes)
{
    m_limitBytes = bytes;
    trim();
}

qint64 LlamaConversationCache::bytes() const
{
    qint64 total = 0;
    for (const State &state : m_states) {
        total += state.data.size();
    }
    return total;
}

bool LlamaConversationCache::store(State state)
{
    if (state.data.isEmpty() || state.data.size() > m_limitBytes) {
        return false;
    }
    std::erase_if(m_states, [&state](const State &kept) {
        return kept.tokens == state.tokens;
    });
    m_states.push_back(std::move(state));
    trim();
    return true;
}

int LlamaConversationCache::bestMatch(const std::vector<int> &prompt, int *shared) const
{
    int best = -1;
    int bestShared = 0;
    // Newest first, so that of two equally good states the fresher one wins.
    for (int i = int(m_states.size()) - 1; i >= 0; --i) {
        const int length = sharedPrefix(m_states[size_t(i)].tokens, prompt);
        if (length > bestShared) {
            best = i;
            bestShared = length;
        }
    }
    if (shared) {
        *shared = bestShared;
    }
    return best;
}

LlamaConversationCache::State LlamaConversationCache::take(int index)
{
    State state = std::move(m_states[size_t(index)]);
    m_states.erase(m_states.begin() + index);
    return state;
}

void LlamaConversationCache::trim()
{
    while (!m_states.empty() && bytes() > m_limitBytes) {
        m_states.erase(m_states.begin());
    }
}

} // namespace Juxta::Providers
