// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/prompts/promptlibrarymodel.h"
#include "app/storage/database.h"
#include "app/storage/promptstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;

class TestPromptLibraryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsFiltersAndWritesFavourites();
};

void TestPromptLibraryModel::listsFiltersAndWritesFavourites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database database(u"model"_s);
    QVERIFY2(database.openAndMigrate(dir.filePath(u"juxta.sqlite"_s)), qPrintable(database.errorString()));
    PromptStore store(database.connection());
    QVERIFY(*store.seedStarterPrompts() >= 12);

    PromptLibraryModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int all = model.rowCount();
    QCOMPARE(all, int(store.count()));
    QVERIFY(model.roleNames().value(PromptLibraryModel::FavouriteRole) == "favourite");
    const int review = model.rowOf(store.findByName(u"Code review"_s)->id);
    QVERIFY(review >= 0);
    const QModelIndex index = model.index(review);
    QCOMPARE(index.data().toString(), u"Code review"_s);
    QCOMPARE(index.data(PromptLibraryModel::FolderRole).toString(), u"Code"_s);
    QVERIFY(index.data(PromptLibraryModel::TagsRole).toStringList().contains(u"review"_s));
    QCOMPARE(index.data(PromptLibraryModel::LatestVersionRole).toInt(), 1);

    // Favourite through the model: written to the store, announced with its role only.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(index, true, PromptLibraryModel::FavouriteRole));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int> {PromptLibraryModel::FavouriteRole});
    QVERIFY(store.findByName(u"Code review"_s)->favourite);
    QVERIFY(!model.setData(index, u"x"_s, PromptLibraryModel::NameRole));

    model.setFilter({.favouritesOnly = true});
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.setData(model.index(0), false, PromptLibraryModel::FavouriteRole));
    QCOMPARE(model.rowCount(), 0);

    model.setFilter({.text = u"transl"_s});
    QVERIFY(model.rowCount() >= 1);
    QCOMPARE(model.index(0).data().toString(), u"Translate"_s);

    // A new version refreshes in place: same rows, new data.
    model.setFilter({});
    const qint64 id = store.findByName(u"Translate"_s)->id;
    PromptVersion next = *store.version(id);
    next.userText += u" Keep it short."_s;
    QVERIFY(store.saveVersion(id, next));
    model.refresh();
    QCOMPARE(model.rowCount(), all);
    QCOMPARE(model.index(model.rowOf(id)).data(PromptLibraryModel::LatestVersionRole).toInt(), 2);
    QVERIFY(store.remove(id));
    model.refresh();
    QCOMPARE(model.rowCount(), all - 1);
    QCOMPARE(model.rowOf(id), -1);
}

QTEST_GUILESS_MAIN(TestPromptLibraryModel)
#include "tst_promptlibrarymodel.moc"
