// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace Juxta {
struct RawExchange;
}

namespace Juxta::Ui {

/** A pane's latest HTTP request and response as sent and received, JSON bodies pretty-printed; the key never shows. */
class RawExchangeDialog : public QDialog
{
    Q_OBJECT

public:
    RawExchangeDialog(const RawExchange &exchange, int paneNumber, QWidget *parent = nullptr);
    ~RawExchangeDialog() override;
    Q_DISABLE_COPY_MOVE(RawExchangeDialog)

    /** The request as shown: method, URL, headers, then the body. */
    static QString requestText(const RawExchange &exchange);
    /** The response body as shown: pretty JSON when it is one document, the raw stream otherwise. */
    static QString responseText(const RawExchange &exchange);
};

} // namespace Juxta::Ui
