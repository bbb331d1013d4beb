// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/storage/promptexchange.h"
#include "app/storage/storageerror.h"

#include <QObject>
#include <QThread>

namespace Juxta {

/**
 * Exports prompts off the GUI thread: a worker thread with its own database connection
 * collects them and writes the file, reporting progress as it goes.
 */
class PromptExportJob : public QObject
{
    Q_OBJECT

public:
    /** @p databasePath is the library's file; the worker opens its own connection to it. */
    explicit PromptExportJob(const QString &databasePath, QObject *parent = nullptr);
    ~PromptExportJob() override;
    Q_DISABLE_COPY_MOVE(PromptExportJob)

    /** Exports the named prompts (all when empty) to @p path; false while an export runs. */
    bool start(const QString &path, PromptExchange::Format format, const QStringList &names = {});
    bool isRunning() const;

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    /** The file is written; @p count prompts are in it. */
    void finished(qint64 count);
    void failed(const Juxta::StorageError &error);

private:
    QString m_databasePath;
    QThread *m_thread = nullptr;
};

} // namespace Juxta
