// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/appinfo.h"
#include "app/compare/comparesession.h"
#include "providers/local/llamaruntime.h"
#include "ui/comparisonview.h"
#include "ui/composer.h"
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/mainwindow.h"
#include "ui/panewidget.h"
#include "workspacetesthelpers.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPalette>
#include <QSet>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Juxta;
using namespace Juxta::Loopback;
using namespace Juxta::Testing;
using Juxta::Ui::MainWindow;

namespace {

QString answerFor(const QString &model)
{
    if (model == "writer"_L1) {
        return uR"(## Three ways to read a file

1. **Buffered**: read it in pieces, which keeps memory *flat*.
2. **Mapped**: let the kernel page it in.
3. **Whole**: simplest, for small files only.

| Way | Memory | Speed |
|-----|--------|-------|
| Buffered | low | good |
| Mapped | shared | best |
| Whole | high | fine |

See [the manual](https://example.org/manual) for details, or use `std::ifstream`.
)"_s;
    }
    if (model == "coder"_L1) {
        return uR"(Here is a small C++ function:

```cpp
#include <fstream>
#include <string>

// Reads a whole file into a string.
std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}
```

And the same in Python:

```python
def read_all(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()
```
)"_s;
    }
    return uR"(### Short answer

> Prefer the buffered way unless profiling says otherwise.

- It works on pipes and sockets too.
- It bounds memory use.
- ~~Mapping is always faster~~ — not on network file systems.

Done.
)"_s;
}

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    palette.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    palette.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x30));
    palette.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    palette.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
    palette.setColor(QPalette::ButtonText, QColor(0xdf, 0xe1, 0xe5));
    palette.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    palette.setColor(QPalette::ToolTipText, QColor(0xdf, 0xe1, 0xe5));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, QColor(0x6f, 0x73, 0x7a));
    }
    return palette;
}

double meanLightness(const QImage &image)
{
    double sum = 0;
    int samples = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            sum += QColor(image.pixel(x, y)).lightnessF();
            ++samples;
        }
    }
    return samples > 0 ? sum / samples : 0;
}

// Lays out what the panes' render timers would within the next ~50 ms, so the grab shows it.
void renderNow(MainWindow &window)
{
    for (int i = 0; i < window.comparisonView()->paneCount(); ++i) {
        window.comparisonView()->pane(i)->view()->renderPending();
    }
    QCoreApplication::processEvents();
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            colours.insert(image.pixel(x, y));
        }
    }
    return int(colours.size());
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindow_data();
    void mainWindow();
    void darkIsDarkerThanLight();

private:
    Providers::LlamaRuntime m_runtime;
    AppInfo m_appInfo {m_runtime};
    QHash<QString, double> m_lightness;
};

void TestScreenshots::initTestCase()
{
    QVERIFY(QDir().mkpath(QStringLiteral(JUXTA_SCREENSHOT_DIR)));
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
}

void TestScreenshots::mainWindow_data()
{
    QTest::addColumn<QString>("theme");
    QTest::newRow("light") << u"light"_s;
    QTest::newRow("dark") << u"dark"_s;
}

void TestScreenshots::mainWindow()
{
    QFETCH(QString, theme);
    QApplication::setPalette(theme == "dark"_L1 ? darkPalette() : QApplication::style()->standardPalette());

    Workspace workspace;
    // Fast enough to end, slow enough to catch every pane mid-answer.
    workspace.server.setHandler([](const RecordedRequest &request) {
        return streamedAnswer(answerFor(requestedModel(request)), 25, 2);
    });
    MainWindow window(m_appInfo, workspace.services);
    window.comparisonView()->restoreLayoutState(QJsonArray {
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"writer"_s}},
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"coder"_s}},
        QJsonObject {{u"preset"_s, u"openai"_s}, {u"model"_s, u"brief"_s}},
    });
    window.session().setApiKey(u"openai"_s, u"sk-screenshot"_s);
    window.resize(1500, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.composer()->setPrompt(u"How should I read a file?"_s);
    QSignalSpy ended(&window, &MainWindow::turnEnded);
    QVERIFY(window.sendToAll());

    // Mid-stream: every pane has part of its answer and is still going.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&window] {
            for (int i = 0; i < 3; ++i) {
                if (window.comparisonView()->pane(i)->conversation()->answerText(1).size() < 120) {
                    return false;
                }
            }
            return true;
        }(),
        10000);
    QVERIFY(window.session().isRunning());
    renderNow(window);
    const QImage streaming = window.grab().toImage();
    const QString streamingPath =
        QDir(QStringLiteral(JUXTA_SCREENSHOT_DIR)).filePath(u"mainwindow-%1-streaming.png"_s.arg(theme));
    QVERIFY(streaming.save(streamingPath));

    QVERIFY(ended.wait(20000));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(window.comparisonView()->pane(i)->conversation()->state(1), Ui::ConversationModel::State::Done);
    }
    renderNow(window);
    const QImage done = window.grab().toImage();
    const QString donePath = QDir(QStringLiteral(JUXTA_SCREENSHOT_DIR)).filePath(u"mainwindow-%1.png"_s.arg(theme));
    QVERIFY(done.save(donePath));
    QVERIFY(!done.isNull());
    QVERIFY2(distinctColours(done) > 20, "the window looks blank"); // text, code colours, widgets
    QVERIFY(done != streaming);
    m_lightness.insert(theme, meanLightness(done));
    qInfo("%s: %s (mean lightness %.2f)", qPrintable(theme), qPrintable(donePath), meanLightness(done));
}

void TestScreenshots::darkIsDarkerThanLight()
{
    QVERIFY(m_lightness.contains(u"light"_s) && m_lightness.contains(u"dark"_s));
    QVERIFY2(m_lightness.value(u"dark"_s) + 0.3 < m_lightness.value(u"light"_s),
        qPrintable(u"dark %1, light %2"_s.arg(m_lightness.value(u"dark"_s)).arg(m_lightness.value(u"light"_s))));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
