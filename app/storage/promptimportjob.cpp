// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/storage/promptimportjob.h"

#include "app/storage/database.h"
#include "app/storage/promptstore.h"

#include <QAtomicInteger>

using namespace Qt::StringLiterals;

namespace Juxta {

PromptImportJob::PromptImportJob(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
{ }

PromptImportJob::~PromptImportJob()
{
    // The worker posts its results to this object: it must end before this object does.
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool PromptImportJob::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

bool PromptImportJob::start(const QStringList &paths)
{
    if (isRunning()) {
        return false;
    }
    if (m_thread) {
        delete m_thread;
    }
    static QAtomicInteger<quint32> jobs;
    const QString connectionName = u"juxta-import-%1"_s.arg(jobs.fetchAndAddRelaxed(1));
    m_thread = QThread::create([this, paths, connectionName, path = m_databasePath] {
        Database database(connectionName);
        if (!database.openAndMigrate(path)) {
            const StorageError error = database.error();
            QMetaObject::invokeMethod(
                this,
                [this, error] {
                    Q_EMIT failed(error);
                },
                Qt::QueuedConnection);
            return;
        }
        PromptStore store(database.connection());
        const auto report = PromptExchange::importFiles(store, paths, [this](qsizetype done, qsizetype total) {
            QMetaObject::invokeMethod(
                this,
                [this, done, total] {
                    Q_EMIT progress(done, total);
                },
                Qt::QueuedConnection);
        });
        if (report) {
            const PromptExchange::Report value = *report;
            QMetaObject::invokeMethod(
                this,
                [this, value] {
                    Q_EMIT finished(value);
                },
                Qt::QueuedConnection);
        } else {
            const StorageError error = report.error();
            QMetaObject::invokeMethod(
                this,
                [this, error] {
                    Q_EMIT failed(error);
                },
                Qt::QueuedConnection);
        }
    });
    m_thread->start();
    return true;
}

} // namespace Juxta
