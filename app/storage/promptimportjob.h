// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/storage/promptexchange.h"
#include "app/storage/storageerror.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace Juxta {

/**
 * Imports prompt files off the GUI thread: a worker thread with its own database connection
 * reads, validates and writes them in one transaction, reporting progress as it goes.
 */
class PromptImportJob : public QObject
{
    Q_OBJECT

public:
    /** @p databasePath is the library's file; the worker opens its own connection to it. */
    explicit PromptImportJob(const QString &databasePath, QObject *parent = nullptr);
    ~PromptImportJob() override;
    Q_DISABLE_COPY_MOVE(PromptImportJob)

    /** Starts importing @p paths; false when an import is still running. */
    bool start(const QStringList &paths);
    bool isRunning() const;

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(const Juxta::PromptExchange::Report &report);
    void failed(const Juxta::StorageError &error);

private:
    QString m_databasePath;
    QThread *m_thread = nullptr;
};

} // namespace Juxta
