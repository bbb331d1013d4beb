// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/transaction.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Juxta {

namespace {

// Connections belong to one thread, so the nesting depth of each is per thread too.
int &depth(const QString &connectionName)
{
    thread_local QHash<QString, int> depths;
    return depths[connectionName];
}

} // namespace

Transaction::Transaction(const QSqlDatabase &db)
    : m_db(db)
{
    int &level = depth(m_db.connectionName());
    QSqlQuery query(m_db);
    if (level > 0) {
        m_savepoint = u"juxta_savepoint_%1"_s.arg(level);
    }
    m_active = query.exec(m_savepoint.isEmpty() ? u"BEGIN IMMEDIATE"_s : u"SAVEPOINT "_s + m_savepoint);
    if (m_active) {
        ++level;
    } else {
        m_errorString = query.lastError().text();
    }
}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::commit()
{
    if (!m_active) {
        return false;
    }
    QSqlQuery query(m_db);
    if (!query.exec(m_savepoint.isEmpty() ? u"COMMIT"_s : u"RELEASE "_s + m_savepoint)) {
        m_errorString = query.lastError().text();
        rollback();
        return false;
    }
    m_active = false;
    --depth(m_db.connectionName());
    return true;
}

void Transaction::rollback()
{
    if (!m_active) {
        return;
    }
    QSqlQuery query(m_db);
    if (m_savepoint.isEmpty()) {
        query.exec(u"ROLLBACK"_s);
    } else {
        query.exec(u"ROLLBACK TO "_s + m_savepoint);
        query.exec(u"RELEASE "_s + m_savepoint);
    }
    m_active = false;
    --depth(m_db.connectionName());
}

} // namespace Juxta
