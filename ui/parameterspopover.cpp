// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/parameterspopover.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>

#include <limits>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using Providers::GenerationParams;

namespace {
const QStringList ReasoningEfforts {u"none"_s, u"minimal"_s, u"low"_s, u"medium"_s, u"high"_s, u"xhigh"_s};
}

ParametersPopover::ParametersPopover(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_temperature(new QDoubleSpinBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_stop(new QPlainTextEdit(this))
    , m_seed(new QSpinBox(this))
    , m_reasoningEffort(new QComboBox(this))
    , m_thinkingBudget(new QSpinBox(this))
    , m_responseFormat(new QComboBox(this))
    , m_schema(new QPlainTextEdit(this))
    , m_schemaProblem(new QLabel(this))
    , m_systemPrompt(new QPlainTextEdit(this))
{
    setObjectName(u"parametersPopover"_s);
    setAccessibleName(tr("Pane parameters"));
    setFrameShape(QFrame::StyledPanel);
    auto *form = new QFormLayout(this);

    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(1.0);
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(1.0);
    m_maxTokens->setRange(1, 1'000'000);
    m_maxTokens->setValue(1024);
    m_stop->setPlaceholderText(tr("One stop sequence per line"));
    m_stop->setFixedHeight(fontMetrics().lineSpacing() * 3);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_reasoningEffort->addItems(ReasoningEfforts);
    m_reasoningEffort->setCurrentText(u"medium"_s);
    m_thinkingBudget->setRange(0, 1'000'000);
    m_thinkingBudget->setValue(2048);
    m_responseFormat->addItem(tr("JSON object"), int(GenerationParams::ResponseFormat::JsonObject));
    m_responseFormat->addItem(tr("JSON schema"), int(GenerationParams::ResponseFormat::JsonSchema));
    m_schema->setPlaceholderText(tr("{\"type\": \"object\", …}"));
    m_schema->setFixedHeight(fontMetrics().lineSpacing() * 5);
    m_schemaProblem->setForegroundRole(QPalette::PlaceholderText);
    m_systemPrompt->setPlaceholderText(tr("Empty: the composer's system prompt"));
    m_systemPrompt->setFixedHeight(fontMetrics().lineSpacing() * 4);

    form->addRow(addSwitch(u"temperature"_s, tr("&Temperature"), m_temperature), m_temperature);
    form->addRow(addSwitch(u"top_p"_s, tr("Top &p"), m_topP), m_topP);
    form->addRow(addSwitch(u"max_tokens"_s, tr("&Max tokens"), m_maxTokens), m_maxTokens);
    form->addRow(addSwitch(u"stop"_s, tr("S&top"), m_stop), m_stop);
    form->addRow(addSwitch(u"seed"_s, tr("S&eed"), m_seed), m_seed);
    form->addRow(addSwitch(u"reasoning_effort"_s, tr("&Reasoning effort"), m_reasoningEffort), m_reasoningEffort);
    form->addRow(addSwitch(u"thinking_budget"_s, tr("Thinking &budget"), m_thinkingBudget), m_thinkingBudget);
    form->addRow(addSwitch(u"response_format"_s, tr("&JSON output"), m_responseFormat), m_responseFormat);
    form->addRow(QString(), m_schema);
    form->addRow(QString(), m_schemaProblem);
    auto *systemLabel = new QLabel(tr("S&ystem prompt"), this);
    systemLabel->setBuddy(m_systemPrompt);
    form->addRow(systemLabel, m_systemPrompt);
    m_systemPrompt->setAccessibleName(tr("System prompt override"));

    const auto emitChanged = [this] {
        if (!m_loading) {
            updateEnabled();
            Q_EMIT changed();
        }
    };
    for (QDoubleSpinBox *box : {m_temperature, m_topP}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, emitChanged);
    }
    for (QSpinBox *box : {m_maxTokens, m_seed, m_thinkingBudget}) {
        connect(box, &QSpinBox::valueChanged, this, emitChanged);
    }
    for (QComboBox *box : {m_reasoningEffort, m_responseFormat}) {
        connect(box, &QComboBox::currentIndexChanged, this, emitChanged);
    }
    for (QPlainTextEdit *edit : {m_stop, m_schema, m_systemPrompt}) {
        connect(edit, &QPlainTextEdit::textChanged, this, emitChanged);
    }
    for (QCheckBox *box : std::as_const(m_switches)) {
        connect(box, &QCheckBox::toggled, this, emitChanged);
    }
    updateEnabled();
}

ParametersPopover::~ParametersPopover() = default;

QCheckBox *ParametersPopover::addSwitch(const QString &name, const QString &label, QWidget *editor)
{
    auto *box = new QCheckBox(label, this);
    box->setObjectName(name);
    box->setAccessibleName(QString(label).remove(u'&'));
    editor->setAccessibleName(QString(label).remove(u'&'));
    m_switches.insert(name, box);
    m_labels.insert(name, label);
    return box;
}

void ParametersPopover::updateEnabled()
{
    m_temperature->setEnabled(m_switches.value(u"temperature"_s)->isChecked());
    m_topP->setEnabled(m_switches.value(u"top_p"_s)->isChecked());
    m_maxTokens->setEnabled(m_switches.value(u"max_tokens"_s)->isChecked());
    m_stop->setEnabled(m_switches.value(u"stop"_s)->isChecked());
    m_seed->setEnabled(m_switches.value(u"seed"_s)->isChecked());
    m_reasoningEffort->setEnabled(m_switches.value(u"reasoning_effort"_s)->isChecked());
    m_thinkingBudget->setEnabled(m_switches.value(u"thinking_budget"_s)->isChecked());
    const bool json = m_switches.value(u"response_format"_s)->isChecked();
    m_responseFormat->setEnabled(json);
    const bool schema = json && m_responseFormat->currentIndex() == 1;
    m_schema->setVisible(schema);
    m_schemaProblem->setVisible(schema);
    if (schema) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(m_schema->toPlainText().toUtf8(), &error);
        m_schemaProblem->setText(document.isObject() ? tr("The schema is a JSON object.")
                                                     : tr("Not a JSON object yet: %1").arg(error.errorString()));
    }
}

void ParametersPopover::setParameters(const GenerationParams &params, const QString &systemPromptOverride)
{
    m_loading = true;
    const auto load = [this](const QString &name, bool isSet) {
        m_switches.value(name)->setChecked(isSet);
    };
    load(u"temperature"_s, params.temperature.has_value());
    m_temperature->setValue(params.temperature.value_or(1.0));
    load(u"top_p"_s, params.topP.has_value());
    m_topP->setValue(params.topP.value_or(1.0));
    load(u"max_tokens"_s, params.maxTokens.has_value());
    m_maxTokens->setValue(params.maxTokens.value_or(1024));
    load(u"stop"_s, !params.stop.isEmpty());
    m_stop->setPlainText(params.stop.join(u'\n'));
    load(u"seed"_s, params.seed.has_value());
    m_seed->setValue(int(params.seed.value_or(0)));
    load(u"reasoning_effort"_s, !params.reasoningEffort.isEmpty());
    if (!params.reasoningEffort.isEmpty()) {
        m_reasoningEffort->setCurrentText(params.reasoningEffort);
    }
    load(u"thinking_budget"_s, params.thinkingBudget.has_value());
    m_thinkingBudget->setValue(params.thinkingBudget.value_or(2048));
    load(u"response_format"_s, params.responseFormat != GenerationParams::ResponseFormat::Text);
    m_responseFormat->setCurrentIndex(params.responseFormat == GenerationParams::ResponseFormat::JsonSchema ? 1 : 0);
    m_schema->setPlainText(params.jsonSchema.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(params.jsonSchema).toJson(QJsonDocument::Indented)));
    m_systemPrompt->setPlainText(systemPromptOverride);
    m_loading = false;
    updateEnabled();
}

GenerationParams ParametersPopover::parameters() const
{
    const auto on = [this](const QString &name) {
        return m_switches.value(name)->isChecked();
    };
    GenerationParams params;
    if (on(u"temperature"_s)) {
        params.temperature = m_temperature->value();
    }
    if (on(u"top_p"_s)) {
        params.topP = m_topP->value();
    }
    if (on(u"max_tokens"_s)) {
        params.maxTokens = m_maxTokens->value();
    }
    if (on(u"stop"_s)) {
        for (const QString &line : m_stop->toPlainText().split(u'\n')) {
            if (!line.isEmpty()) {
                params.stop.append(line);
            }
        }
    }
    if (on(u"seed"_s)) {
        params.seed = m_seed->value();
    }
    if (on(u"reasoning_effort"_s)) {
        params.reasoningEffort = m_reasoningEffort->currentText();
    }
    if (on(u"thinking_budget"_s)) {
        params.thinkingBudget = m_thinkingBudget->value();
    }
    if (on(u"response_format"_s)) {
        params.responseFormat = GenerationParams::ResponseFormat(m_responseFormat->currentData().toInt());
        if (params.responseFormat == GenerationParams::ResponseFormat::JsonSchema) {
            params.jsonSchema = QJsonDocument::fromJson(m_schema->toPlainText().toUtf8()).object();
        }
    }
    return params;
}

QString ParametersPopover::systemPromptOverride() const
{
    return m_systemPrompt->toPlainText();
}

void ParametersPopover::setIgnored(const QStringList &names)
{
    m_ignored = names;
    for (auto it = m_switches.cbegin(); it != m_switches.cend(); ++it) {
        const bool ignored = names.contains(it.key());
        QString text = m_labels.value(it.key());
        if (ignored) {
            text = tr("%1 (ignored by this model)").arg(text);
        }
        it.value()->setText(text);
        it.value()->setToolTip(ignored ? tr("This model's provider does not honour this parameter; "
                                            "Juxta reports it instead of hiding it.")
                                       : QString());
    }
}

} // namespace Juxta::Ui
