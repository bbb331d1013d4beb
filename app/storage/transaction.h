// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Juxta {

/**
 * A write transaction that rolls back unless committed. The outermost one begins IMMEDIATE,
 * taking the write lock at once, so two connections never deadlock upgrading a read to a
 * write; the busy timeout then makes the second one wait. A Transaction made while another is
 * active on the same connection becomes a savepoint inside it, so store methods compose: an
 * import of many prompts is one transaction however many store calls it makes.
 */
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase &db);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    bool isActive() const { return m_active; }
    /** Commits; false (and rolled back) when the commit failed, with errorString() saying why. */
    bool commit();
    void rollback();
    QString errorString() const { return m_errorString; }

private:
    QSqlDatabase m_db;
    QString m_savepoint;
    bool m_active = false;
    QString m_errorString;
};

} // namespace Juxta
