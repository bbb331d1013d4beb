// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/storage/storageerror.h"

#include <utility>
#include <variant>

namespace Juxta {

/** Either a value or the StorageError that prevented it. */
template<typename T>
class StorageResult
{
public:
    StorageResult(T value)
        : m_state(std::move(value))
    { }
    StorageResult(StorageError error)
        : m_state(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_state); }
    T &value() { return std::get<T>(m_state); }
    const T &operator*() const { return value(); }
    const T *operator->() const { return &value(); }
    const StorageError &error() const { return std::get<StorageError>(m_state); }

private:
    std::variant<T, StorageError> m_state;
};

/** For operations that return nothing but can fail. */
struct Done
{ };

} // namespace Juxta
