// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

/** How the store classes write values SQLite has no type for. Internal to app/storage. */
namespace Juxta::SqlValues {

/** Text columns are NOT NULL: a null QString would bind as NULL, so it becomes empty text. */
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

/** Times are UTC ISO 8601 text with milliseconds: sortable as text, readable in the sqlite3 shell. */
inline QString fromTime(const QDateTime &time)
{
    return (time.isValid() ? time : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODateWithMs);
}

inline QDateTime toTime(const QVariant &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid()) {
        time = QDateTime::fromString(value.toString(), Qt::ISODate);
    }
    return time.toUTC();
}

inline QString fromJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline QString fromJson(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

inline QJsonObject toObject(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

inline QJsonArray toArray(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).array();
}

/** A NULL for an unset optional, so "not reported" stays distinct from zero. */
template<typename T>
QVariant fromOptional(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

template<typename T>
std::optional<T> toOptional(const QVariant &value)
{
    if (value.isNull()) {
        return std::nullopt;
    }
    return value.value<T>();
}

} // namespace Juxta::SqlValues
