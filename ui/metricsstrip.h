// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/metrics/responsemetrics.h"

#include <QLabel>

namespace Juxta::Ui {

/**
 * One line of figures under a pane's answer: time to first token, decode speed, tokens in, out
 * and reasoning, cost and finish reason. A figure the provider reported is shown plainly; one
 * Juxta measured or estimated carries a "~" and says so in its tooltip. The fastest and
 * cheapest pane of a comparison get a mark.
 */
class MetricsStrip : public QLabel
{
    Q_OBJECT

public:
    explicit MetricsStrip(QWidget *parent = nullptr);
    ~MetricsStrip() override;
    Q_DISABLE_COPY_MOVE(MetricsStrip)

    /** @p ending is the finish reason or the error kind; empty while streaming. */
    void setMetrics(const ResponseMetrics &metrics, const QString &ending);
    void setMarks(bool fastest, bool cheapest);
    void clear();

    bool isFastest() const { return m_fastest; }
    bool isCheapest() const { return m_cheapest; }

private:
    void render();

    ResponseMetrics m_metrics;
    QString m_ending;
    bool m_hasMetrics = false;
    bool m_fastest = false;
    bool m_cheapest = false;
};

} // namespace Juxta::Ui
