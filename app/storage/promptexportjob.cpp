// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/promptexportjob.h"

#include "app/storage/database.h"
#include "app/storage/promptstore.h"

#include <QAtomicInteger>

using namespace Qt::StringLiterals;

namespace Juxta {

PromptExportJob::PromptExportJob(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
{ }

PromptExportJob::~PromptExportJob()
{
    // The worker posts its results to this object: it must end before this object does.
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool PromptExportJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

bool PromptExportJob::start(const QString &path, PromptExchange::Format format, const QStringList &names)
{
    if (isRunning()) {
        return false;
    }
    delete m_thread;
    static QAtomicInteger<quint32> jobs;
    const QString connectionName = u"juxta-export-%1"_s.arg(jobs.fetchAndAddRelaxed(1));
    m_thread = QThread::create([this, path, format, names, connectionName, databasePath = m_databasePath] {
        const auto fail = [this](const StorageError &error) {
            QMetaObject::invokeMethod(
                this,
                [this, error] {
                    Q_EMIT failed(error);
                },
                Qt::QueuedConnection);
        };
        Database database(connectionName);
        if (!database.openAndMigrate(databasePath)) {
            return fail(database.error());
        }
        const PromptStore store(database.connection());
        const auto entries = PromptExchange::collect(store, names);
        if (!entries) {
            return fail(entries.error());
        }
        const qint64 total = entries->size();
        QMetaObject::invokeMethod(
            this,
            [this, total] {
                Q_EMIT progress(0, total);
            },
            Qt::QueuedConnection);
        if (const auto written = PromptExchange::writeFile(path, format, *entries); !written) {
            return fail(written.error());
        }
        QMetaObject::invokeMethod(
            this,
            [this, total] {
                Q_EMIT progress(total, total);
                Q_EMIT finished(total);
            },
            Qt::QueuedConnection);
    });
    m_thread->start();
    return true;
}

} // namespace Juxta
