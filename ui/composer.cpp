// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/composer.h"

#include "app/prompts/prompttemplate.h"
#include "ui/theme/tintediconengine.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

Composer::Composer(QWidget *parent)
    : QWidget(parent)
    , m_systemToggle(new QToolButton(this))
    , m_system(new QPlainTextEdit(this))
    , m_prompt(new QPlainTextEdit(this))
    , m_variables(new QWidget(this))
    , m_variablesForm(new QFormLayout(m_variables))
    , m_hint(new QLabel(this))
    , m_send(new QPushButton(tr("Send to All"), this))
    , m_stop(new QPushButton(tr("Stop All"), this))
{
    setObjectName(u"composer"_s);
    setAccessibleName(tr("Composer"));

    m_systemToggle->setObjectName(u"systemPromptToggle"_s);
    m_systemToggle->setText(tr("System prompt"));
    m_systemToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_systemToggle->setCheckable(true);
    m_systemToggle->setAutoRaise(true);
    m_systemToggle->setArrowType(Qt::RightArrow);
    m_systemToggle->setAccessibleName(tr("Show the system prompt"));
    m_system->setObjectName(u"systemPrompt"_s);
    m_system->setAccessibleName(tr("System prompt"));
    m_system->setPlaceholderText(tr("System prompt for every pane (a pane may override it)"));
    m_system->setFixedHeight(fontMetrics().lineSpacing() * 4);
    m_system->setVisible(false);
    m_system->setTabChangesFocus(true);

    m_prompt->setObjectName(u"prompt"_s);
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("Ask every pane… ({{name}} makes a variable; Ctrl+Enter sends)"));
    m_prompt->setMinimumHeight(fontMetrics().lineSpacing() * 3);
    m_prompt->setMaximumHeight(fontMetrics().lineSpacing() * 8);
    m_prompt->setTabChangesFocus(true);

    m_variables->setObjectName(u"variablesForm"_s);
    m_variables->setAccessibleName(tr("Prompt variables"));
    m_variablesForm->setContentsMargins(0, 0, 0, 0);
    m_variables->setVisible(false);
    m_hint->setObjectName(u"composerHint"_s);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    m_send->setObjectName(u"sendButton"_s);
    m_send->setAccessibleName(tr("Send to all panes"));
    m_send->setToolTip(tr("Send to every included pane (Ctrl+Enter)"));
    m_send->setDefault(true);
    m_send->setIcon(TintedIconEngine::icon(u"send"_s));
    m_stop->setObjectName(u"stopButton"_s);
    m_stop->setAccessibleName(tr("Stop all panes"));
    m_stop->setToolTip(tr("Stop every pane (Esc)"));
    m_stop->setIcon(TintedIconEngine::icon(u"stop"_s));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_systemToggle);
    buttons->addWidget(m_hint, 1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->addWidget(m_system);
    layout->addWidget(m_prompt);
    layout->addWidget(m_variables);
    layout->addLayout(buttons);

    connect(m_systemToggle, &QToolButton::toggled, this, &Composer::setSystemPromptShown);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &Composer::updateVariables);
    connect(m_system, &QPlainTextEdit::textChanged, this, &Composer::updateVariables);
    connect(m_send, &QPushButton::clicked, this, &Composer::sendRequested);
    connect(m_stop, &QPushButton::clicked, this, &Composer::stopRequested);
    updateVariables();
}

Composer::~Composer() = default;

QString Composer::systemPrompt() const
{
    return m_system->toPlainText();
}

void Composer::setSystemPrompt(const QString &text)
{
    m_system->setPlainText(text);
}

QString Composer::prompt() const
{
    return m_prompt->toPlainText();
}

void Composer::setPrompt(const QString &text)
{
    m_prompt->setPlainText(text);
}

QHash<QString, QString> Composer::variableValues() const
{
    QHash<QString, QString> values;
    for (auto it = m_variableFields.cbegin(); it != m_variableFields.cend(); ++it) {
        values.insert(it.key(), it.value()->text());
    }
    return values;
}

void Composer::setVariableValue(const QString &name, const QString &value)
{
    if (QLineEdit *field = m_variableFields.value(name)) {
        field->setText(value);
    }
}

std::optional<std::pair<QString, QString>> Composer::renderedPrompts(QStringList *missing) const
{
    QHash<QString, QString> values;
    for (auto it = m_variableFields.cbegin(); it != m_variableFields.cend(); ++it) {
        if (!it.value()->text().isEmpty()) {
            values.insert(it.key(), it.value()->text());
        }
    }
    QStringList missingNames;
    const auto system = PromptTemplate::render(systemPrompt(), values, &missingNames);
    const auto user = PromptTemplate::render(prompt(), values, &missingNames);
    if (missing) {
        missingNames.removeDuplicates();
        *missing = missingNames;
    }
    if (!system || !user) {
        return std::nullopt;
    }
    return std::pair {*system, *user};
}

bool Composer::canSend() const
{
    return !m_busy && !prompt().trimmed().isEmpty() && renderedPrompts().has_value();
}

void Composer::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

bool Composer::isSystemPromptShown() const
{
    return m_system->isVisibleTo(this);
}

void Composer::setSystemPromptShown(bool shown)
{
    m_system->setVisible(shown);
    m_systemToggle->setChecked(shown);
    m_systemToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_systemToggle->setAccessibleName(shown ? tr("Hide the system prompt") : tr("Show the system prompt"));
    if (shown) {
        m_system->setFocus();
    }
}

void Composer::focusPrompt()
{
    m_prompt->setFocus();
}

void Composer::updateVariables()
{
    QStringList names = PromptTemplate::placeholders(systemPrompt());
    for (const QString &name : PromptTemplate::placeholders(prompt())) {
        if (!names.contains(name)) {
            names.append(name);
        }
    }
    // Rebuilt only when the set of names changes, so typing in a field keeps its focus and text.
    if (names != m_variableNames) {
        const QHash<QString, QString> kept = variableValues();
        while (m_variablesForm->rowCount() > 0) {
            m_variablesForm->removeRow(0);
        }
        m_variableFields.clear();
        m_variableNames = names;
        for (const QString &name : std::as_const(names)) {
            auto *field = new QLineEdit(kept.value(name), m_variables);
            field->setObjectName(u"variable:"_s + name);
            field->setAccessibleName(tr("Value of %1").arg(name));
            connect(field, &QLineEdit::textChanged, this, &Composer::updateButtons);
            m_variablesForm->addRow(u"{{%1}}"_s.arg(name), field);
            m_variableFields.insert(name, field);
        }
        m_variables->setVisible(!names.isEmpty());
    }
    updateButtons();
}

void Composer::updateButtons()
{
    QStringList missing;
    renderedPrompts(&missing);
    m_hint->setText(missing.isEmpty() ? QString() : tr("Fill in: %1").arg(missing.join(u", "_s)));
    m_send->setEnabled(canSend());
    m_stop->setEnabled(m_busy);
    Q_EMIT readinessChanged();
}

} // namespace Juxta::Ui
