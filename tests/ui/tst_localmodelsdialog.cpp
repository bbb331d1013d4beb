// SPDX-License-Identifier: GPL-3.0-or-later
// The Local models dialog on a real library folder, the generated tiny GGUF, downloads from a
// loopback HTTP server and the real embedded engine.
#include "app/loopback/scriptedhttpserver.h"
#include "app/models/modeldownload.h"
#include "app/models/modellibrary.h"
#include "app/models/startermodels.h"
#include "app/settings/appsettings.h"
#include "providers/local/llamamodelhost.h"
#include "providers/local/llamaruntime.h"
#include "providers/local/localllamaprovider.h"
#include "ui/dialogs/downloadrow.h"
#include "ui/dialogs/localmodelsdialog.h"

#include "widgettesthelpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace Juxta;
using Juxta::Loopback::Framing;
using Juxta::Loopback::RecordedRequest;
using Juxta::Loopback::ScriptedHttpServer;
using Juxta::Loopback::ScriptedResponse;
using Juxta::Ui::DownloadRow;
using Juxta::Ui::LocalModelsDialog;
using WidgetTest::child;

namespace {

constexpr int TimeoutMs = 60'000;

QByteArray tinyModel()
{
    QFile file(QStringLiteral(JUXTA_TINY_GGUF));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QTreeWidgetItem *row(LocalModelsDialog &dialog, const QString &name)
{
    const auto found = dialog.modelList()->findItems(name, Qt::MatchExactly, LocalModelsDialog::NameColumn);
    return found.isEmpty() ? nullptr : found.constFirst();
}

/** Serves @p body with Range support, slowly enough (pieces of @p pieceBytes every 5 ms) to pause. */
ScriptedResponse serveFile(const QByteArray &body, const RecordedRequest &request, int pieceBytes)
{
    const QByteArray range = request.header("range");
    qsizetype start = 0;
    if (range.startsWith("bytes=")) {
        start = range.mid(6, range.indexOf('-') - 6).toLongLong();
    }
    ScriptedResponse response =
        ScriptedResponse::text(start > 0 ? 206 : 200, body.mid(start), "application/octet-stream")
            .withFraming(Framing::ContentLength);
    if (start > 0) {
        response = response.withHeader("Content-Range",
            "bytes " + QByteArray::number(start) + '-' + QByteArray::number(body.size() - 1) + '/'
                + QByteArray::number(body.size()));
    }
    return pieceBytes > 0 ? response.rechunked(pieceBytes).withPieceDelay(5) : response;
}

} // namespace

class TestLocalModelsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void addsAFileWithItsMetadata();
    void refusesAFileThatIsNotAModel();
    void referencesAFileWhereItIs();
    void downloadsPausesAndResumes();
    void cancelDeletesThePartialFile();
    void aWrongChecksumKeepsNothing();
    void downloadsAStarterModel();
    void loadsAndUnloadsInTheEngine();
    void keepsTheEngineSettings();
    void aModelCanHaveSettingsOfItsOwn();
    void everyControlIsNamed();

private:
    QString modelsFolder() const { return m_dir->filePath(u"models"_s); }

    /** Loads libllama's backends for the whole test, as the application does at start-up. */
    Providers::LlamaRuntime m_runtime;
    QByteArray m_model;
    QNetworkAccessManager m_network;
    ScriptedHttpServer m_server;
    int m_pieceBytes = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ModelLibrary> m_library;
};

void TestLocalModelsDialog::initTestCase()
{
    m_model = tinyModel();
    QVERIFY(m_model.size() > 100'000);
    QVERIFY(m_server.listen());
    m_server.setHandler([this](const RecordedRequest &request) {
        return serveFile(m_model, request, m_pieceBytes);
    });
}

void TestLocalModelsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(u"juxta.ini"_s));
    m_library = std::make_unique<ModelLibrary>(modelsFolder());
    m_pieceBytes = 0;
    m_server.clearRequests();
}

void TestLocalModelsDialog::addsAFileWithItsMetadata()
{
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    QCOMPARE(dialog.modelList()->topLevelItemCount(), 0);
    QSignalSpy changed(&dialog, &LocalModelsDialog::libraryChanged);
    QVERIFY2(dialog.addFile(QStringLiteral(JUXTA_TINY_GGUF), false), qPrintable(dialog.messageText()));
    QCOMPARE(changed.size(), 1);
    QTreeWidgetItem *item = row(dialog, u"tiny-llama"_s);
    QVERIFY(item);
    QCOMPARE(item->text(LocalModelsDialog::ArchitectureColumn), u"llama"_s);
    QVERIFY(!item->text(LocalModelsDialog::ContextColumn).isEmpty());
    QVERIFY(!item->text(LocalModelsDialog::SizeColumn).isEmpty());
    QVERIFY(!item->text(LocalModelsDialog::QuantisationColumn).isEmpty());
    QCOMPARE(item->text(LocalModelsDialog::StateColumn), u"Not loaded"_s);
    QCOMPARE(dialog.modelList()->currentItem(), item);
    QVERIFY(QFileInfo::exists(modelsFolder() + u"/tiny-llama.gguf"_s));
    // Without an engine there is nothing to load into.
    const auto buttons = dialog.findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->accessibleName() == u"Load the selected model"_s) {
            QVERIFY(button->isHidden());
        }
    }
}

void TestLocalModelsDialog::refusesAFileThatIsNotAModel()
{
    const QString path = m_dir->filePath(u"notes.gguf"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are not weights");
    file.close();
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    QVERIFY(!dialog.addFile(path, false));
    QVERIFY(dialog.messageText().contains(u"notes.gguf"_s));
    QCOMPARE(dialog.modelList()->topLevelItemCount(), 0);
}

void TestLocalModelsDialog::referencesAFileWhereItIs()
{
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    QVERIFY(dialog.addFile(QStringLiteral(JUXTA_TINY_GGUF), true));
    QVERIFY(row(dialog, u"tiny-llama"_s));
    QVERIFY(!QFileInfo::exists(modelsFolder() + u"/tiny-llama.gguf"_s));
    QCOMPARE(m_library->resolve(u"tiny-llama"_s), QFileInfo(QStringLiteral(JUXTA_TINY_GGUF)).absoluteFilePath());
}

void TestLocalModelsDialog::downloadsPausesAndResumes()
{
    m_pieceBytes = 8 * 1024;
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    const QByteArray sha = QCryptographicHash::hash(m_model, QCryptographicHash::Sha256).toHex();
    DownloadRow *download = dialog.startDownload(m_server.url(u"/files/tiny-download.gguf"_s), sha);
    QVERIFY2(download, qPrintable(dialog.messageText()));
    QSignalSpy progress(download->download(), &ModelDownload::progress);
    QSignalSpy paused(download->download(), &ModelDownload::paused);
    QSignalSpy finished(download, &DownloadRow::finished);
    QVERIFY(progress.wait(TimeoutMs));
    download->pauseOrResume();
    QTRY_COMPARE_WITH_TIMEOUT(paused.size(), 1, TimeoutMs);
    QVERIFY(download->statusText().startsWith(u"Paused"_s));
    const qint64 kept = QFileInfo(download->download()->partPath()).size();
    QVERIFY(kept > 0 && kept < m_model.size());
    QVERIFY(!row(dialog, u"tiny-download"_s));

    download->pauseOrResume();
    QVERIFY(finished.wait(TimeoutMs));
    QCOMPARE(m_server.requests().constLast().header("range"), "bytes=" + QByteArray::number(kept) + '-');
    QTreeWidgetItem *item = row(dialog, u"tiny-download"_s);
    QVERIFY(item);
    QCOMPARE(item->text(LocalModelsDialog::ArchitectureColumn), u"llama"_s);
    QCOMPARE(download->statusText(), u"Done"_s);
}

void TestLocalModelsDialog::cancelDeletesThePartialFile()
{
    m_pieceBytes = 2 * 1024;
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    QPointer<DownloadRow> download = dialog.startDownload(m_server.url(u"/files/cancelled.gguf"_s));
    QVERIFY(download);
    QSignalSpy progress(download->download(), &ModelDownload::progress);
    QVERIFY(progress.wait(TimeoutMs));
    const QString part = download->download()->partPath();
    QVERIFY(QFileInfo::exists(part));
    download->cancel();
    QVERIFY(!QFileInfo::exists(part));
    QTRY_VERIFY_WITH_TIMEOUT(!download, TimeoutMs);
    QVERIFY(!QFileInfo::exists(modelsFolder() + u"/cancelled.gguf"_s));
    dialog.refresh();
    QCOMPARE(dialog.modelList()->topLevelItemCount(), 0);
}

void TestLocalModelsDialog::aWrongChecksumKeepsNothing()
{
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    QVERIFY(!dialog.startDownload(m_server.url(u"/files/x.gguf"_s), "abc"));
    QVERIFY(dialog.messageText().contains(u"SHA-256"_s));
    QVERIFY(!dialog.startDownload(QUrl(u"ftp://example.org/x.gguf"_s)));

    DownloadRow *download = dialog.startDownload(m_server.url(u"/files/corrupt.gguf"_s), QByteArray(64, 'a'));
    QVERIFY(download);
    QSignalSpy failed(download->download(), &ModelDownload::failed);
    QVERIFY(failed.wait(TimeoutMs));
    QCOMPARE(download->statusText(), failed.constFirst().at(0).toString());
    QVERIFY(!QFileInfo::exists(modelsFolder() + u"/corrupt.gguf"_s));
    QVERIFY(!row(dialog, u"corrupt"_s));
}

void TestLocalModelsDialog::downloadsAStarterModel()
{
    // The starters' downloads go to a mirror that keeps Hugging Face's paths: here, loopback.
    qputenv(StarterModels::BaseUrlVariable, m_server.url(u"/mirror"_s).toString().toUtf8());
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, nullptr);
    qunsetenv(StarterModels::BaseUrlVariable);
    const StarterModels starters = StarterModels::builtIn(QProcessEnvironment());
    QVERIFY(!starters.models().isEmpty());
    const StarterModel &first = starters.models().constFirst();
    QComboBox *list = nullptr;
    const auto combos = dialog.findChildren<QComboBox *>();
    for (QComboBox *combo : combos) {
        if (combo->accessibleName() == u"Starter models"_s) {
            list = combo;
        }
    }
    QVERIFY(list);
    QCOMPARE(list->count(), starters.models().size());
    QVERIFY(list->itemText(0).contains(first.name));
    QVERIFY(!dialog.downloadStarter(u"no-such-model"_s));

    DownloadRow *download = dialog.downloadStarter(first.id);
    QVERIFY2(download, qPrintable(dialog.messageText()));
    QCOMPARE(QFileInfo(download->download()->targetPath()).fileName(), first.fileName());
    QTRY_VERIFY_WITH_TIMEOUT(!m_server.requests().isEmpty(), TimeoutMs);
    QCOMPARE(m_server.requests().constFirst().path, "/mirror" + first.url.path().toUtf8());
}

void TestLocalModelsDialog::loadsAndUnloadsInTheEngine()
{
    Providers::LocalLlamaProvider engine(Providers::LocalLlamaProvider::defaultPreset());
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, &engine);
    QVERIFY(dialog.addFile(QStringLiteral(JUXTA_TINY_GGUF), true));
    QVERIFY(dialog.selectModel(u"tiny-llama"_s));
    QPushButton *load = nullptr;
    QPushButton *unload = nullptr;
    const auto buttons = dialog.findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->accessibleName() == u"Load the selected model"_s) {
            load = button;
        } else if (button->accessibleName() == u"Unload the selected model"_s) {
            unload = button;
        }
    }
    QVERIFY(load && unload);
    QVERIFY(load->isEnabled());
    QVERIFY(!unload->isEnabled());
    load->click();
    QTreeWidgetItem *item = row(dialog, u"tiny-llama"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item->text(LocalModelsDialog::StateColumn) == u"Loaded"_s
            || item->text(LocalModelsDialog::StateColumn) == u"Failed"_s,
        TimeoutMs);
    QVERIFY2(item->text(LocalModelsDialog::StateColumn) == u"Loaded"_s,
        qPrintable(item->toolTip(LocalModelsDialog::StateColumn)));
    QVERIFY(!load->isEnabled());
    QVERIFY(unload->isEnabled());
    unload->click();
    QCOMPARE(item->text(LocalModelsDialog::StateColumn), u"Not loaded"_s);
    QVERIFY(load->isEnabled());
    QVERIFY(!unload->isEnabled());
}

void TestLocalModelsDialog::keepsTheEngineSettings()
{
    Providers::LocalLlamaProvider engine(Providers::LocalLlamaProvider::defaultPreset());
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, &engine);
    const auto boxes = dialog.findChildren<QSpinBox *>();
    for (QSpinBox *box : boxes) {
        if (box->accessibleName() == u"Context length"_s) {
            box->setValue(2048);
        } else if (box->accessibleName() == u"Threads"_s) {
            box->setValue(2);
        }
    }
    QCOMPARE(engine.settings().contextLength, 2048);
    QCOMPARE(engine.settings().threads, 2);
    const AppSettings reread(m_dir->filePath(u"juxta.ini"_s));
    QCOMPARE(reread.localEngineSettings().contextLength, 2048);
    QCOMPARE(reread.localEngineSettings().threads, 2);
}

void TestLocalModelsDialog::aModelCanHaveSettingsOfItsOwn()
{
    Providers::LocalLlamaProvider engine(Providers::LocalLlamaProvider::defaultPreset());
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, &engine);
    auto *own = child<QCheckBox>(&dialog, u"Settings of its own for the selected model"_s);
    QVERIFY(own);
    QVERIFY(!own->isEnabled()); // nothing selected: the fields are the shared settings
    QVERIFY(dialog.addFile(QStringLiteral(JUXTA_TINY_GGUF), true));
    QVERIFY(dialog.selectModel(u"tiny-llama"_s));
    const QString path = m_library->resolve(u"tiny-llama"_s);
    QVERIFY(own->isEnabled());
    QVERIFY(!own->isChecked());

    own->click();
    auto *context = child<QSpinBox>(&dialog, u"Context length"_s);
    QCOMPARE(context->value(), Providers::LocalEngineSettings {}.contextLength);
    context->setValue(256);
    child<QSpinBox>(&dialog, u"Batch size"_s)->setValue(64);
    child<QComboBox>(&dialog, u"Flash attention"_s)->setCurrentIndex(2); // Off
    child<QCheckBox>(&dialog, u"Keep the weights in RAM"_s)->setChecked(false);

    {
        const AppSettings reread(m_dir->filePath(u"juxta.ini"_s));
        const auto stored = reread.modelEngineSettings(path);
        QVERIFY(stored);
        QCOMPARE(stored->contextLength, 256);
        QCOMPARE(stored->batchSize, 64);
        QCOMPARE(stored->flashAttention, std::optional(false));
        QCOMPARE(reread.localEngineSettings(), Providers::LocalEngineSettings {});
    }
    QCOMPARE(engine.settingsFor(path).contextLength, 256);
    QCOMPARE(engine.settings().contextLength, Providers::LocalEngineSettings {}.contextLength);

    // Loaded with its own settings.
    dialog.loadSelected();
    QTreeWidgetItem *item = row(dialog, u"tiny-llama"_s);
    QTRY_VERIFY_WITH_TIMEOUT(item->text(LocalModelsDialog::StateColumn) != u"Loading…"_s, TimeoutMs);
    QCOMPARE(item->text(LocalModelsDialog::StateColumn), u"Loaded"_s);
    QCOMPARE(engine.host(path)->settings().contextLength, 256);
    QCOMPARE(engine.host(path)->settings().batchSize, 64);
    dialog.unloadSelected();

    // Unticked, it follows the shared settings again.
    own->click();
    QVERIFY(!AppSettings(m_dir->filePath(u"juxta.ini"_s)).modelEngineSettings(path));
    QCOMPARE(engine.settingsFor(path), engine.settings());
    QCOMPARE(context->value(), Providers::LocalEngineSettings {}.contextLength);
    QCOMPARE(m_settings->localEngineSettings(), Providers::LocalEngineSettings {});
}

void TestLocalModelsDialog::everyControlIsNamed()
{
    Providers::LocalLlamaProvider engine(Providers::LocalLlamaProvider::defaultPreset());
    LocalModelsDialog dialog(*m_library, m_network, *m_settings, &engine);
    const QStringList unnamed = WidgetTest::controlsWithoutAccessibleName(&dialog);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
}

QTEST_MAIN(TestLocalModelsDialog)
#include "tst_localmodelsdialog.moc"
