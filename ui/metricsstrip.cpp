// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/metricsstrip.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

MetricsStrip::MetricsStrip(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(u"metricsStrip"_s);
    setAccessibleName(tr("Response metrics"));
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setWordWrap(true);
    render();
}

MetricsStrip::~MetricsStrip() = default;

void MetricsStrip::setMetrics(const ResponseMetrics &metrics, const QString &ending)
{
    m_metrics = metrics;
    m_ending = ending;
    m_hasMetrics = true;
    render();
}

void MetricsStrip::setMarks(bool fastest, bool cheapest)
{
    m_fastest = fastest;
    m_cheapest = cheapest;
    render();
}

void MetricsStrip::clear()
{
    m_hasMetrics = false;
    m_fastest = m_cheapest = false;
    m_ending.clear();
    render();
}

void MetricsStrip::render()
{
    if (!m_hasMetrics) {
        setText(tr("No answer yet"));
        setToolTip(QString());
        return;
    }
    const QLocale locale;
    const ResponseMetrics &m = m_metrics;
    QStringList parts;
    const auto figure = [&m](const QString &name, const QString &text) {
        return m.estimated.contains(name) ? u"~"_s + text : text;
    };
    if (m.ttftMs) {
        parts.append(tr("TTFT %1 ms").arg(locale.toString(*m.ttftMs)));
    }
    if (m.tokensPerSecond) {
        parts.append(figure(u"tokens_per_second"_s, tr("%1 tok/s").arg(locale.toString(*m.tokensPerSecond, 'f', 1))));
    }
    if (m.inputTokens) {
        parts.append(figure(u"input_tokens"_s, tr("in %1").arg(locale.toString(*m.inputTokens))));
    }
    if (m.outputTokens) {
        parts.append(figure(u"output_tokens"_s, tr("out %1").arg(locale.toString(*m.outputTokens))));
    }
    if (m.reasoningTokens && *m.reasoningTokens > 0) {
        parts.append(figure(u"reasoning_tokens"_s, tr("reasoning %1").arg(locale.toString(*m.reasoningTokens))));
    }
    if (m.costUsd) {
        parts.append(figure(u"cost_usd"_s, u"$"_s + locale.toString(*m.costUsd, 'f', *m.costUsd < 0.01 ? 5 : 3)));
    }
    if (!m_ending.isEmpty()) {
        parts.append(m_ending);
    }
    QString html = parts.join(u" · "_s).toHtmlEscaped();
    if (m_fastest) {
        html += u" <b>%1</b>"_s.arg(tr("⚡ fastest").toHtmlEscaped());
    }
    if (m_cheapest) {
        html += u" <b>%1</b>"_s.arg(tr("$ cheapest").toHtmlEscaped());
    }
    setText(html);
    setToolTip(tr("Time to first token and speed are measured by Juxta. Token counts and cost come from the "
                  "provider; a figure marked ~ is Juxta's estimate because the provider reported none."));
}

} // namespace Juxta::Ui
