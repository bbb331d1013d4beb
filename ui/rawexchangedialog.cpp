// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rawexchangedialog.h"

#include "app/compare/rawexchange.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

QString prettyJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error == QJsonParseError::NoError) {
        return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    }
    return QString::fromUtf8(bytes);
}

QPlainTextEdit *textView(const QString &text, const QString &name, QWidget *parent)
{
    auto *view = new QPlainTextEdit(text, parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setAccessibleName(name);
    return view;
}

} // namespace

RawExchangeDialog::RawExchangeDialog(const RawExchange &exchange, int paneNumber, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"rawExchangeDialog"_s);
    setWindowTitle(tr("Raw Request and Response: Pane %1").arg(paneNumber));
    auto *tabs = new QTabWidget(this);
    if (exchange.isEmpty()) {
        tabs->addTab(textView(tr("This pane sent no HTTP request: it runs a local model, or it could not start."),
                         tr("Request"),
                         tabs),
            tr("&Request"));
    } else {
        tabs->addTab(textView(requestText(exchange), tr("Request"), tabs), tr("&Request"));
        tabs->addTab(textView(responseText(exchange), tr("Response"), tabs), tr("Re&sponse"));
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(760, 560);
}

RawExchangeDialog::~RawExchangeDialog() = default;

QString RawExchangeDialog::requestText(const RawExchange &exchange)
{
    QString text = u"%1 %2\n"_s.arg(QString::fromLatin1(exchange.method), exchange.url.toString());
    for (const auto &[name, value] : exchange.requestHeaders) {
        text += QString::fromUtf8(name + ": " + value) + u'\n';
    }
    return text + u'\n' + prettyJson(exchange.requestBody);
}

QString RawExchangeDialog::responseText(const RawExchange &exchange)
{
    QString text = prettyJson(exchange.responseBody);
    if (exchange.responseTruncated) {
        text += tr("\n[… cut here: the rest of a long response is not kept]\n");
    }
    return text;
}

} // namespace Juxta::Ui
