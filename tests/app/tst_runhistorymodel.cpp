// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/runs/runhistorymodel.h"
#include "app/storage/database.h"
#include "app/storage/runstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

class TestRunHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsFiltersAndDeletes();
};

void TestRunHistoryModel::listsFiltersAndDeletes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database database(u"history-model"_s);
    QVERIFY2(database.openAndMigrate(dir.filePath(u"juxta.sqlite"_s)), qPrintable(database.errorString()));
    RunStore store(database.connection());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 5; ++i) {
        RunRecord run;
        run.createdAt = now.addSecs(i);
        run.promptText = u"prompt number %1"_s.arg(i);
        if (i == 4) {
            run.promptName = u"Named"_s;
            run.promptVersionNumber = 2;
        }
        RunPane pane;
        pane.presetId = i % 2 ? u"anthropic"_s : u"openai"_s;
        pane.modelRequested = u"model-%1"_s.arg(i % 2);
        pane.output = i == 3 ? u"the needle"_s : u"hay"_s;
        pane.metrics.costUsd = 0.5;
        RunPane failing = pane;
        failing.paneIndex = 1;
        failing.errorKind = u"timeout"_s;
        run.panes = {pane, failing};
        QVERIFY(store.save(run));
    }

    RunHistoryModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 5);
    const QModelIndex newest = model.index(0);
    QCOMPARE(newest.data().toString(), u"Named"_s);
    QCOMPARE(newest.data(RunHistoryModel::PromptVersionRole).toInt(), 2);
    QCOMPARE(newest.data(RunHistoryModel::PaneCountRole).toInt(), 2);
    QCOMPARE(newest.data(RunHistoryModel::FailedPaneCountRole).toInt(), 1);
    QCOMPARE(newest.data(RunHistoryModel::TotalCostRole).toDouble(), 1.0);
    QCOMPARE(newest.data(RunHistoryModel::ModelsRole).toStringList().first(), u"openai:model-0"_s);
    QCOMPARE(model.index(1).data().toString(), u"prompt number 3"_s);
    QCOMPARE(model.roleNames().value(RunHistoryModel::IdRole), QByteArray("runId"));

    model.setFilter({.presetId = u"anthropic"_s});
    QCOMPARE(model.rowCount(), 2);
    model.setFilter({.text = u"needle"_s});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(RunHistoryModel::PromptTextRole).toString(), u"prompt number 3"_s);

    model.setFilter({});
    const qint64 id = model.runId(1);
    QVERIFY(model.removeRun(1));
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!store.run(id));
    QVERIFY(!model.removeRun(10));
    model.refresh();
    QCOMPARE(model.rowCount(), 4);
}

QTEST_GUILESS_MAIN(TestRunHistoryModel)
#include "tst_runhistorymodel.moc"
