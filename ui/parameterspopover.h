// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/generationparams.h"

#include <QFrame>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace Juxta::Ui {

/**
 * A pane's generation parameters and system prompt override, in a popup under the pane's
 * header. Each parameter is off (the provider's default) until ticked; parameters the pane's
 * model would not honour are marked so, rather than hidden.
 */
class ParametersPopover : public QFrame
{
    Q_OBJECT

public:
    explicit ParametersPopover(QWidget *parent = nullptr);
    ~ParametersPopover() override;
    Q_DISABLE_COPY_MOVE(ParametersPopover)

    void setParameters(const Providers::GenerationParams &params, const QString &systemPromptOverride);
    Providers::GenerationParams parameters() const;
    /** Empty: the composer's system prompt applies. */
    QString systemPromptOverride() const;
    /** Marks parameters by their wire names ("seed", "top_p"…) as ignored by the model. */
    void setIgnored(const QStringList &names);
    QStringList ignored() const { return m_ignored; }

Q_SIGNALS:
    void changed();

private:
    QCheckBox *addSwitch(const QString &name, const QString &label, QWidget *editor);
    void updateEnabled();

    QHash<QString, QCheckBox *> m_switches;
    QHash<QString, QString> m_labels;
    QStringList m_ignored;
    QDoubleSpinBox *m_temperature;
    QDoubleSpinBox *m_topP;
    QSpinBox *m_maxTokens;
    QPlainTextEdit *m_stop;
    QSpinBox *m_seed;
    QComboBox *m_reasoningEffort;
    QSpinBox *m_thinkingBudget;
    QComboBox *m_responseFormat;
    QPlainTextEdit *m_schema;
    QLabel *m_schemaProblem;
    QPlainTextEdit *m_systemPrompt;
    bool m_loading = false;
};

} // namespace Juxta::Ui
