// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/conversation/renderedmessage.h"
#include "ui/render/codehighlighter.h"
#include "ui/render/renderedblock.h"
#include "ui/render/renderedmarkdown.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace Qt::StringLiterals;
using Juxta::Providers::FinishReason;
using Juxta::Providers::ProviderError;
using Juxta::Ui::CodeHighlighter;
using Juxta::Ui::ConversationModel;
using Juxta::Ui::ConversationView;
using Juxta::Ui::RenderedBlock;
using Juxta::Ui::RenderedMessage;

namespace {

const QString CodeAnswer =
    u"Here is the function:\n\n```cpp\nint answer()\n{\n    return 42; // the answer\n}\n```\n\nDone."_s;

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    palette.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    palette.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x28));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
    palette.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    return palette;
}

qsizetype firstCodeBlock(const RenderedMessage &message)
{
    for (qsizetype i = 0; i < message.answer().blockCount(); ++i) {
        if (message.answer().block(i).kind() == RenderedBlock::Kind::Code) {
            return i;
        }
    }
    return -1;
}

// Per block: its kind, then what its document holds, written back as Markdown (headings,
// emphasis, links, list numbers, tables) or, for code, the lines and how many are coloured.
QString dump(const RenderedMessage &message)
{
    QString text;
    for (qsizetype i = 0; i < message.answer().blockCount(); ++i) {
        const RenderedBlock &block = message.answer().block(i);
        if (block.kind() == RenderedBlock::Kind::Code) {
            int coloured = 0;
            for (QTextBlock line = block.document().begin(); line.isValid(); line = line.next()) {
                QSet<QRgb> colours;
                for (auto it = line.begin(); !it.atEnd(); ++it) {
                    colours.insert(it.fragment().charFormat().foreground().color().rgb());
                }
                coloured += colours.size() > 1 ? 1 : 0;
            }
            text += u"[code %1, %2 of %3 lines highlighted]\n"_s.arg(block.language())
                        .arg(coloured)
                        .arg(block.document().blockCount());
            text += block.plainText() + u'\n';
        } else {
            text += u"[markdown]\n"_s + block.document().toMarkdown().trimmed() + u'\n';
        }
    }
    return text;
}

} // namespace

class TestConversationView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void closedBlocksAreLaidOutOnce();
    void closedBlocksAreNotRenderedAgain();
    void rendersAtMostEveryTick();
    void codeUsesTheThemeBackground();
    void themeFollowsThePalette();
    void copyButtonCopiesTheCode();
    void collapsingReasoningChangesTheSizeHint();
    void retryButtonEmitsRetryRequested();
    void enterOnAFailedAnswerRetries();
    void toolCallsAreStructuredBlocks();
    void followsTheEndUntilScrolledUp();
    void ctrlCCopiesTheMessageAsMarkdown();
    void draggingSelectsTextThatCtrlCCopies();
    void matchesTheGoldenRendering();
    void writesScreenshots();

private:
    std::unique_ptr<ConversationModel> m_model;
    std::unique_ptr<ConversationView> m_view;
};

void TestConversationView::init()
{
    m_view = std::make_unique<ConversationView>();
    m_model = std::make_unique<ConversationModel>();
    m_view->setConversation(m_model.get());
    m_view->resize(640, 480);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestConversationView::closedBlocksAreLaidOutOnce()
{
    const int row = m_model->beginAnswer();
    const QStringList deltas {u"# Title\n\nFirst para"_s,
        u"graph goes on.\n\n- item"_s,
        u" one\n- item two\n\n```py"_s,
        u"thon\nprint(1)\n"_s,
        u"print(2)\n```\n\n| a | b |\n|---|---|\n"_s,
        u"| 1 | 2 |\n\nLast words"_s,
        u" keep coming"_s};
    // Each closed block: its document and the layout count it had when it closed.
    QList<std::pair<const QTextDocument *, int>> atClose;
    int openLayouts = 0;
    for (const QString &delta : deltas) {
        m_model->appendText(row, delta);
        m_view->renderPending();
        const RenderedMessage *message = m_view->renderedMessage(row);
        QVERIFY(message);
        const auto &answer = message->answer();
        for (qsizetype i = atClose.size(); i < answer.closedCount(); ++i) {
            atClose.append({&answer.block(i).document(), answer.block(i).layoutCount()});
        }
        for (qsizetype i = 0; i < atClose.size(); ++i) {
            QCOMPARE(&answer.block(i).document(), atClose[i].first);
            QCOMPARE(answer.block(i).layoutCount(), atClose[i].second);
        }
        if (answer.blockCount() > answer.closedCount()) {
            openLayouts = answer.block(answer.blockCount() - 1).layoutCount();
        }
    }
    QCOMPARE(atClose.size(), 6); // heading, paragraph, two items, code, table; "Last words…" is open
    // The last paragraph was laid out again for each of the two deltas that grew it.
    QCOMPARE(openLayouts, 2);
    for (const auto &[document, layouts] : std::as_const(atClose)) {
        QVERIFY2(layouts <= 3, qPrintable(QString::number(layouts)));
    }
    // Blocks that arrived closed in one delta were laid out exactly once.
    QCOMPARE(atClose[0].second, 1);

    m_model->endAnswer(row, FinishReason::Stop);
    const auto &answer = m_view->renderedMessage(row)->answer();
    QCOMPARE(answer.closedCount(), answer.blockCount());
    for (qsizetype i = 0; i < atClose.size(); ++i) {
        QCOMPARE(answer.block(i).layoutCount(), atClose[i].second);
    }
}

void TestConversationView::closedBlocksAreNotRenderedAgain()
{
    // A long answer, far taller than the view, streamed and painted as it grows.
    const int row = m_model->beginAnswer();
    const auto stream = [this, row](int from, int to) {
        for (int i = from; i < to; ++i) {
            m_model->appendText(row, u"Paragraph %1 with a [link](https://example.org/%1) in it.\n\n"_s.arg(i));
            if (i % 3 == 0) {
                m_model->appendText(row, u"```cpp\nint x = %1; // a comment\n```\n\n"_s.arg(i));
            }
            m_view->renderPending();
            m_view->viewport()->repaint();
        }
    };
    stream(0, 60);
    const RenderedMessage *message = m_view->renderedMessage(row);
    const auto &answer = message->answer();
    QVERIFY(answer.closedCount() > 70);
    QVERIFY(answer.height() > 4 * m_view->viewport()->height());
    QList<int> renders;
    for (qsizetype i = 0; i < answer.closedCount(); ++i) {
        renders.append(answer.block(i).renderCount());
        QVERIFY2(renders.last() <= 2, qPrintable(QString::number(i)));
    }

    // More text, rendered and painted: no closed block is built again, neither by rendering
    // nor by painting (painting draws what is on screen, not the whole answer).
    stream(60, 70);
    for (qsizetype i = 0; i < renders.size(); ++i) {
        QVERIFY2(answer.block(i).renderCount() == renders[i], qPrintable(QString::number(i)));
    }

    // Only blocks on screen are painted, so once blocks that scrolled away were not painted
    // for a while, only the pixels of those on screen are kept.
    for (int i = 0; i < 10; ++i) {
        m_view->viewport()->repaint();
    }
    const int shown = m_view->viewport()->height();
    qsizetype onScreen = 0;
    const QPoint top = message->answerOrigin() + m_view->visualRect(m_model->index(row)).topLeft();
    for (qsizetype i = 0; i < answer.blockCount(); ++i) {
        const QRect rect = answer.blockRect(i).translated(top);
        onScreen += rect.bottom() >= 0 && rect.top() < shown ? 1 : 0;
    }
    QVERIFY(onScreen > 0);
    QVERIFY2(message->cachedBlockCount() <= onScreen,
        qPrintable(u"%1 kept, %2 on screen"_s.arg(message->cachedBlockCount()).arg(onScreen)));

    // Closed blocks keep no document, except the last few: memory follows the screen.
    qsizetype withDocuments = 0;
    for (qsizetype i = 0; i < answer.closedCount(); ++i) {
        withDocuments += answer.block(i).hasDocument() ? 1 : 0;
    }
    QVERIFY2(withDocuments <= 8, qPrintable(QString::number(withDocuments)));

    // A released block comes back as it was when asked for, built once more.
    QVERIFY(!answer.block(0).hasDocument());
    QCOMPARE(answer.block(0).plainText(), u"Paragraph 0 with a link in it."_s);
    QCOMPARE(answer.block(0).renderCount(), renders[0] + 1);
    const RenderedBlock &code = answer.block(1);
    QCOMPARE(code.kind(), RenderedBlock::Kind::Code);
    QCOMPARE(code.code(), u"int x = 0; // a comment"_s);
    QSet<QRgb> colours;
    for (QTextBlock line = code.document().begin(); line.isValid(); line = line.next()) {
        for (auto it = line.begin(); !it.atEnd(); ++it) {
            colours.insert(it.fragment().charFormat().foreground().color().rgb());
        }
    }
    QVERIFY2(colours.size() >= 2, qPrintable(QString::number(colours.size())));
}

void TestConversationView::rendersAtMostEveryTick()
{
    const int row = m_model->beginAnswer();
    m_view->renderPending();
    const int before = m_view->renderedMessage(row)->layoutCount();
    for (int i = 0; i < 200; ++i) {
        m_model->appendText(row, u"word "_s);
    }
    // Nothing is rendered per token: the model has the text, the view waits for its tick.
    QCOMPARE(m_view->renderedMessage(row)->layoutCount(), before);
    QTRY_VERIFY_WITH_TIMEOUT(m_view->renderedMessage(row)->layoutCount() > before, 2000);
    QCOMPARE(m_view->renderedMessage(row)->answer().block(0).plainText().size(), 5 * 200 - 1);
}

void TestConversationView::codeUsesTheThemeBackground()
{
    // A light palette whose base is tinted, so the theme's white is told apart from it.
    QPalette tinted = m_view->palette();
    tinted.setColor(QPalette::Base, QColor(0xee, 0xf2, 0xf8));
    m_view->setPalette(tinted);
    const int row = m_model->appendAnswer(CodeAnswer, {}, FinishReason::Stop);
    m_view->renderPending();
    const RenderedMessage *message = m_view->renderedMessage(row);
    const qsizetype code = firstCodeBlock(*message);
    QVERIFY(code >= 0);
    const RenderedBlock &block = message->answer().block(code);
    QCOMPARE(block.language(), u"cpp"_s);
    QCOMPARE(block.code(), u"int answer()\n{\n    return 42; // the answer\n}"_s);

    // Highlighted: "return" and the comment are coloured differently from plain code.
    CodeHighlighter highlighter;
    highlighter.setPalette(m_view->palette());
    QSet<QRgb> colours;
    for (QTextBlock line = block.document().begin(); line.isValid(); line = line.next()) {
        for (auto it = line.begin(); !it.atEnd(); ++it) {
            colours.insert(it.fragment().charFormat().foreground().color().rgb());
        }
    }
    QVERIFY2(colours.size() >= 3, qPrintable(QString::number(colours.size())));

    // The frame is painted in the theme's background, not the view's base colour.
    const QImage image = m_view->viewport()->grab().toImage();
    const QRect frame = message->answer().blockRect(code).translated(
        message->answerOrigin() + m_view->visualRect(m_model->index(row)).topLeft());
    const QPoint inside(frame.center().x(), frame.bottom() - 3);
    QCOMPARE(QColor(image.pixel(inside * image.devicePixelRatio())).rgb(), highlighter.backgroundColor().rgb());
    QVERIFY(highlighter.backgroundColor() != m_view->palette().color(QPalette::Base));
}

void TestConversationView::themeFollowsThePalette()
{
    const int row = m_model->appendAnswer(CodeAnswer, {}, FinishReason::Stop);
    m_view->renderPending();
    CodeHighlighter light;
    light.setPalette(m_view->palette());
    CodeHighlighter dark;
    dark.setPalette(darkPalette());
    QVERIFY(light.backgroundColor().lightnessF() > 0.5);
    QVERIFY(dark.backgroundColor().lightnessF() < 0.5);

    m_view->setPalette(darkPalette());
    QTRY_VERIFY(m_view->renderedMessage(row));
    const RenderedMessage *message = m_view->renderedMessage(row);
    const qsizetype code = firstCodeBlock(*message);
    const QImage image = m_view->viewport()->grab().toImage();
    const QRect frame = message->answer().blockRect(code).translated(
        message->answerOrigin() + m_view->visualRect(m_model->index(row)).topLeft());
    const QPoint inside(frame.center().x(), frame.bottom() - 3);
    QCOMPARE(QColor(image.pixel(inside * image.devicePixelRatio())).rgb(), dark.backgroundColor().rgb());
}

void TestConversationView::copyButtonCopiesTheCode()
{
    const int row = m_model->appendAnswer(CodeAnswer, {}, FinishReason::Stop);
    m_view->renderPending();
    QGuiApplication::clipboard()->setText(u"something else"_s);
    const RenderedMessage *message = m_view->renderedMessage(row);
    const QRect button =
        message->copyButton(firstCodeBlock(*message)).translated(m_view->visualRect(m_model->index(row)).topLeft());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, button.center());
    QCOMPARE(QGuiApplication::clipboard()->text(), u"int answer()\n{\n    return 42; // the answer\n}"_s);

    QGuiApplication::clipboard()->clear();
    QVERIFY(m_view->copyCodeBlock(row, 0));
    QCOMPARE(QGuiApplication::clipboard()->text(), u"int answer()\n{\n    return 42; // the answer\n}"_s);
    QVERIFY(!m_view->copyCodeBlock(row, 1));
}

void TestConversationView::collapsingReasoningChangesTheSizeHint()
{
    const int row = m_model->appendAnswer(u"The answer."_s,
        u"First I consider the question.\n\nThen I weigh two options."_s,
        FinishReason::Stop);
    m_view->renderPending();
    const QModelIndex index = m_model->index(row);
    QVERIFY(!m_view->isReasoningExpanded(row));
    const int collapsed = m_view->sizeHintForIndex(index).height();

    const QRect header =
        m_view->renderedMessage(row)->reasoningHeader().translated(m_view->visualRect(index).topLeft());
    QVERIFY(!header.isNull());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, header.center());
    QVERIFY(m_view->isReasoningExpanded(row));
    const int expanded = m_view->sizeHintForIndex(index).height();
    QVERIFY2(expanded > collapsed + 20, qPrintable(u"%1 vs %2"_s.arg(expanded).arg(collapsed)));
    QCOMPARE(m_view->visualRect(index).height(), expanded);

    m_view->setReasoningExpanded(row, false);
    QCOMPARE(m_view->sizeHintForIndex(index).height(), collapsed);
}

void TestConversationView::retryButtonEmitsRetryRequested()
{
    m_model->appendUserMessage(u"Hello"_s);
    const int row = m_model->beginAnswer();
    m_model->appendText(row, u"Partial answer"_s);
    ProviderError error;
    error.kind = ProviderError::Kind::Overloaded;
    error.message = u"Anthropic is overloaded: Overloaded, try again later"_s;
    error.serverMessage = u"Overloaded, try again later"_s;
    error.serverCode = u"overloaded_error"_s;
    error.httpStatus = 529;
    m_model->failAnswer(row, error);

    const RenderedMessage *message = m_view->renderedMessage(row);
    QVERIFY(message->errorText().contains(u"Overloaded, try again later"_s));
    QVERIFY(message->errorText().contains(u"HTTP 529"_s));
    QVERIFY(message->errorText().contains(u"overloaded_error"_s));
    QSignalSpy retry(m_view.get(), &ConversationView::retryRequested);
    const QRect button = message->retryButton().translated(m_view->visualRect(m_model->index(row)).topLeft());
    QVERIFY(!button.isNull());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, button.center());
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry[0][0].toInt(), row);

    // A click elsewhere on the card does nothing.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, button.topLeft() - QPoint(40, 0));
    QCOMPARE(retry.size(), 1);
}

void TestConversationView::enterOnAFailedAnswerRetries()
{
    m_model->appendUserMessage(u"Hello"_s);
    const int row = m_model->beginAnswer();
    m_model->failAnswer(row, ProviderError::make(ProviderError::Kind::Network, u"Connection refused"_s));
    QSignalSpy retry(m_view.get(), &ConversationView::retryRequested);
    m_view->setFocus();
    m_view->setCurrentIndex(m_model->index(0));
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(retry.size(), 0);
    m_view->setCurrentIndex(m_model->index(row));
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry[0][0].toInt(), row);
}

void TestConversationView::toolCallsAreStructuredBlocks()
{
    const int row = m_model->beginAnswer();
    m_model->appendToolCall(row, {0, u"call_1"_s, u"get_weather"_s, u"{\"city\":"_s});
    m_view->renderPending();
    const int partial = m_view->sizeHintForIndex(m_model->index(row)).height();
    m_model->appendToolCall(row, {0, {}, {}, u"\"Oslo\",\"unit\":\"celsius\"}"_s});
    m_model->endAnswer(row, FinishReason::ToolCalls);
    // Complete arguments are shown pretty-printed, one member per line.
    QVERIFY(m_view->sizeHintForIndex(m_model->index(row)).height() > partial);
}

void TestConversationView::followsTheEndUntilScrolledUp()
{
    const int row = m_model->beginAnswer();
    QScrollBar *bar = m_view->verticalScrollBar();
    for (int i = 0; i < 40; ++i) {
        m_model->appendText(row, u"Paragraph %1 of a long answer that keeps on streaming.\n\n"_s.arg(i));
        m_view->renderPending();
    }
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());

    // The reader scrolls up: new text no longer moves the view.
    bar->setValue(bar->maximum() / 2);
    const int reading = bar->value();
    for (int i = 0; i < 10; ++i) {
        m_model->appendText(row, u"More text %1.\n\n"_s.arg(i));
        m_view->renderPending();
    }
    QCOMPARE(bar->value(), reading);
    QVERIFY(bar->maximum() > reading);

    // Back at the end, it follows again.
    bar->setValue(bar->maximum());
    m_model->appendText(row, u"The end.\n\n"_s);
    m_view->renderPending();
    QCOMPARE(bar->value(), bar->maximum());
}

void TestConversationView::ctrlCCopiesTheMessageAsMarkdown()
{
    m_model->appendUserMessage(u"Question"_s);
    const int row = m_model->appendAnswer(u"**Bold** answer"_s, {}, FinishReason::Stop);
    m_view->setFocus();
    m_view->setCurrentIndex(m_model->index(row));
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"**Bold** answer"_s);
}

void TestConversationView::draggingSelectsTextThatCtrlCCopies()
{
    const int row = m_model->appendAnswer(
        u"First paragraph here.\n\nSecond paragraph, **longer**.\n\n- one\n- two\n\n```cpp\nint x = 1;\n```\n"_s,
        {},
        FinishReason::Stop);
    m_view->renderPending();
    const RenderedMessage *message = m_view->renderedMessage(row);
    const auto &answer = message->answer();
    QCOMPARE(answer.blockCount(), 5);
    const QPoint origin = m_view->visualRect(m_model->index(row)).topLeft() + message->answerOrigin();
    // From the first paragraph's first character to past the end of the second list item.
    const QPoint from = origin + answer.textOrigin(0) + QPoint(1, 4);
    const QPoint to = origin + QPoint(answer.blockRect(3).right() - 2, answer.blockRect(3).center().y());
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, from);
    for (const QPoint &at : {from + QPoint(30, 0), (from + to) / 2, to}) {
        QMouseEvent move(QEvent::MouseMove,
            at,
            m_view->viewport()->mapToGlobal(at),
            Qt::NoButton,
            Qt::LeftButton,
            Qt::NoModifier);
        QApplication::sendEvent(m_view->viewport(), &move);
    }
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, to);
    QVERIFY(message->hasSelection());
    QCOMPARE(message->selectedText(), u"First paragraph here.\n\nSecond paragraph, longer.\n\none\ntwo"_s);

    // The selection is drawn in the palette's highlight colour.
    const QImage image = m_view->viewport()->grab().toImage();
    const QColor highlight = m_view->palette().color(QPalette::Highlight);
    int highlighted = 0;
    const QRect first = answer.blockRect(0).translated(origin);
    for (int y = first.top(); y <= first.bottom(); ++y) {
        for (int x = first.left(); x < first.left() + 40; ++x) {
            highlighted += QColor(image.pixel(QPoint(x, y) * image.devicePixelRatio())) == highlight ? 1 : 0;
        }
    }
    QVERIFY2(highlighted > 20, qPrintable(QString::number(highlighted)));

    m_view->setFocus();
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), message->selectedText());

    // A click without dragging clears it: Ctrl+C copies the message as Markdown again.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, from);
    QVERIFY(!message->hasSelection());
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), m_model->markdown(row));

    // Copy buttons still work while text could be selected.
    const QRect button = message->copyButton(4).translated(m_view->visualRect(m_model->index(row)).topLeft());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, button.center());
    QCOMPARE(QGuiApplication::clipboard()->text(), u"int x = 1;"_s);
}

void TestConversationView::matchesTheGoldenRendering()
{
    QFile source(QStringLiteral(JUXTA_TEST_DATA "/render/sample-answer.md"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString markdown = QString::fromUtf8(source.readAll());

    // Streamed in random pieces, rendered between them, as a real answer arrives.
    const int row = m_model->beginAnswer();
    QRandomGenerator random(7);
    for (qsizetype at = 0; at < markdown.size();) {
        const qsizetype length = 1 + random.bounded(12);
        m_model->appendText(row, markdown.mid(at, length));
        at += length;
        if (random.bounded(3) == 0) {
            m_view->renderPending();
        }
    }
    m_model->endAnswer(row, FinishReason::Stop);
    const QString streamed = dump(*m_view->renderedMessage(row));

    // The same text given whole renders the same.
    const int whole = m_model->appendAnswer(markdown, {}, FinishReason::Stop);
    m_view->renderPending();
    QCOMPARE(dump(*m_view->renderedMessage(whole)), streamed);

    const QString goldenPath = QStringLiteral(JUXTA_TEST_DATA "/render/sample-answer.golden.txt");
    if (qEnvironmentVariableIsSet("JUXTA_UPDATE_GOLDEN")) {
        QFile golden(goldenPath);
        QVERIFY(golden.open(QIODevice::WriteOnly | QIODevice::Truncate));
        golden.write(streamed.toUtf8());
        QSKIP("golden file written");
    }
    QFile golden(goldenPath);
    QVERIFY2(golden.open(QIODevice::ReadOnly), "run with JUXTA_UPDATE_GOLDEN=1 to create it");
    QCOMPARE(streamed, QString::fromUtf8(golden.readAll()));
}

void TestConversationView::writesScreenshots()
{
    // PNGs to look at, in the build tree: a whole conversation in light and dark.
    QFile source(QStringLiteral(JUXTA_TEST_DATA "/render/sample-answer.md"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    m_model->appendUserMessage(u"How do I read a whole file in C++? Show an example."_s);
    const int answer = m_model->beginAnswer();
    m_model->appendReasoning(answer,
        u"The user wants to read a file. I should show **ifstream** and mention binary mode."_s);
    m_model->appendText(answer, QString::fromUtf8(source.readAll()));
    m_model->appendToolCall(answer, {0, u"c1"_s, u"search_docs"_s, u"{\"query\":\"ifstream\",\"limit\":3}"_s});
    m_model->endAnswer(answer, FinishReason::Length);
    m_view->setReasoningExpanded(answer, true);
    m_model->appendUserMessage(u"And in Rust?"_s);
    const int failed = m_model->beginAnswer();
    ProviderError error;
    error.kind = ProviderError::Kind::RateLimited;
    error.message = u"Rate limited by the provider: Rate limit reached for requests"_s;
    error.serverMessage = u"Rate limit reached for requests"_s;
    error.serverCode = u"rate_limit_exceeded"_s;
    error.httpStatus = 429;
    m_model->failAnswer(failed, error);
    m_view->resize(720, 2600);
    m_view->renderPending();
    QVERIFY(m_view->grab().save(u"conversation-light.png"_s));
    m_view->setPalette(darkPalette());
    m_view->renderPending();
    QVERIFY(m_view->grab().save(u"conversation-dark.png"_s));
}

QTEST_MAIN(TestConversationView)
#include "tst_conversationview.moc"
