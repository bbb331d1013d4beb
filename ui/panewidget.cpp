// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panewidget.h"

#include "app/catalog/presetcatalog.h"
#include "app/metrics/responserecorder.h"
#include "ui/conversation/conversationmodel.h"
#include "ui/conversation/conversationview.h"
#include "ui/metricsstrip.h"
#include "ui/parameterspopover.h"
#include "ui/theme/tintediconengine.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

using namespace Providers;

PaneWidget::PaneWidget(const PresetCatalog &catalog, QWidget *parent)
    : QFrame(parent)
    , m_catalog(catalog)
    , m_title(new QLabel(this))
    , m_preset(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_listModels(new QToolButton(this))
    , m_parametersButton(new QToolButton(this))
    , m_include(new QCheckBox(tr("Include"), this))
    , m_actionsButton(new QToolButton(this))
    , m_actionsMenu(new QMenu(this))
    , m_diffMenu(new QMenu(tr("&Diff Against"), this))
    , m_parameters(new ParametersPopover(this))
    , m_conversation(new ConversationModel(this))
    , m_view(new ConversationView(this))
    , m_metrics(new MetricsStrip(this))
{
    setObjectName(u"pane"_s);
    setFrameShape(QFrame::StyledPanel);
    m_view->setConversation(m_conversation);
    m_view->setObjectName(u"conversationView"_s);
    buildHeader();
    buildActions();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    header->addWidget(m_title);
    header->addWidget(m_preset);
    header->addWidget(m_model, 1);
    header->addWidget(m_listModels);
    header->addWidget(m_parametersButton);
    header->addWidget(m_include);
    header->addWidget(m_actionsButton);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_metrics);

    connect(m_view, &ConversationView::retryRequested, this, [this](int) {
        Q_EMIT regenerateRequested();
    });
    connect(m_parameters, &ParametersPopover::changed, this, [this] {
        if (!m_loading) {
            Q_EMIT configChanged();
        }
    });
    updateTitle();
    updateActions();
}

PaneWidget::~PaneWidget() = default;

void PaneWidget::buildHeader()
{
    m_title->setObjectName(u"paneTitle"_s);
    fillPresets();
    m_preset->setObjectName(u"presetPicker"_s);
    m_preset->setAccessibleName(tr("Provider"));
    m_preset->setToolTip(tr("Provider preset"));
    m_model->setObjectName(u"modelPicker"_s);
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setAccessibleName(tr("Model"));
    m_model->setToolTip(tr("Pick a model or type any model id"));
    m_model->setMinimumContentsLength(10);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_listModels->setObjectName(u"listModelsButton"_s);
    m_listModels->setText(tr("List Models"));
    m_listModels->setIcon(TintedIconEngine::icon(u"refresh"_s));
    m_listModels->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_listModels->setAccessibleName(tr("List the provider's models"));
    m_listModels->setToolTip(tr("Ask the provider which models it serves"));
    m_parametersButton->setObjectName(u"parametersButton"_s);
    m_parametersButton->setText(tr("Parameters"));
    m_parametersButton->setIcon(TintedIconEngine::icon(u"parameters"_s));
    m_parametersButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_parametersButton->setAccessibleName(tr("Parameters"));
    m_parametersButton->setToolTip(tr("Temperature, limits, reasoning, JSON output and system prompt"));
    m_include->setObjectName(u"includeToggle"_s);
    m_include->setChecked(true);
    m_include->setToolTip(tr("Send the composer's prompts to this pane"));
    m_actionsButton->setObjectName(u"paneActionsButton"_s);
    m_actionsButton->setText(tr("Pane Actions"));
    m_actionsButton->setIcon(TintedIconEngine::icon(u"more"_s));
    m_actionsButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_actionsButton->setToolTip(tr("Stop, regenerate, copy, compare, move or remove this pane"));
    m_actionsButton->setAccessibleName(tr("Pane actions"));
    // The menu opens on click rather than through setMenu(), whose style-drawn arrow crowded the
    // small icon.
    connect(m_actionsButton, &QToolButton::clicked, m_actionsMenu, [this] {
        m_actionsMenu->popup(m_actionsButton->mapToGlobal(QPoint(0, m_actionsButton->height())));
    });

    connect(m_preset, &QComboBox::currentIndexChanged, this, &PaneWidget::onPresetChosen);
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) {
            Q_EMIT configChanged();
        }
    });
    connect(m_model->lineEdit(), &QLineEdit::editingFinished, this, [this] {
        if (!m_loading) {
            Q_EMIT configChanged();
        }
    });
    connect(m_listModels, &QToolButton::clicked, this, [this] {
        Q_EMIT listModelsRequested(m_preset->currentData().toString());
    });
    connect(m_parametersButton, &QToolButton::clicked, this, &PaneWidget::showParameters);
    connect(m_include, &QCheckBox::toggled, this, [this](bool on) {
        updateTitle();
        Q_EMIT includedChanged(on);
    });
}

void PaneWidget::buildActions()
{
    const auto add = [this](const QString &name, const QString &icon, const QString &text, auto slot) {
        QAction *action = m_actionsMenu->addAction(text);
        action->setObjectName(name);
        if (!icon.isEmpty()) {
            action->setIcon(TintedIconEngine::icon(icon));
        }
        connect(action, &QAction::triggered, this, slot);
        m_actions.insert(name, action);
        return action;
    };
    add(u"stop"_s, u"stop"_s, tr("&Stop"), [this] {
        Q_EMIT stopRequested();
    });
    add(u"regenerate"_s, u"regenerate"_s, tr("&Regenerate"), [this] {
        Q_EMIT regenerateRequested();
    });
    add(u"editResend"_s, u"edit"_s, tr("&Edit Prompt and Resend…"), &PaneWidget::editAndResend);
    m_actionsMenu->addSeparator();
    add(u"copyMarkdown"_s, u"copy"_s, tr("Copy as &Markdown"), &PaneWidget::copyAnswerAsMarkdown);
    add(u"copyCurl"_s, u"terminal"_s, tr("Copy Request as &curl"), [this] {
        Q_EMIT copyCurlRequested();
    });
    add(u"showRaw"_s, u"raw"_s, tr("Show Ra&w Request and Response…"), [this] {
        Q_EMIT showRawRequested();
    });
    m_diffMenu->setIcon(TintedIconEngine::icon(u"diff"_s));
    m_actionsMenu->addMenu(m_diffMenu);
    m_actionsMenu->addSeparator();
    add(u"duplicate"_s, u"duplicate"_s, tr("D&uplicate Pane"), [this] {
        Q_EMIT duplicateRequested();
    });
    add(u"moveLeft"_s, u"move-left"_s, tr("Move &Left"), [this] {
        Q_EMIT moveRequested(-1);
    });
    add(u"moveRight"_s, u"move-right"_s, tr("Move R&ight"), [this] {
        Q_EMIT moveRequested(1);
    });
    add(u"remove"_s, u"remove"_s, tr("Re&move Pane"), [this] {
        Q_EMIT removeRequested();
    });
}

PaneConfig PaneWidget::config() const
{
    PaneConfig config;
    config.presetId = m_preset->currentData().toString();
    const QString text = m_model->currentText().trimmed();
    const int index = m_model->currentIndex();
    config.model = index >= 0 && m_model->itemText(index) == text ? m_model->itemData(index).toString() : text;
    config.params = m_parameters->parameters();
    config.systemPrompt = m_parameters->systemPromptOverride();
    return config;
}

void PaneWidget::setConfig(const PaneConfig &config)
{
    m_loading = true;
    const int preset = m_preset->findData(config.presetId);
    if (preset >= 0) {
        m_preset->setCurrentIndex(preset);
    }
    fillModels();
    const int model = m_model->findData(config.model);
    if (model >= 0) {
        m_model->setCurrentIndex(model);
    } else {
        m_model->setEditText(config.model);
    }
    m_parameters->setParameters(config.params, config.systemPrompt);
    m_loading = false;
    updateTitle();
}

bool PaneWidget::isIncluded() const
{
    return m_include->isChecked();
}

void PaneWidget::setIncluded(bool included)
{
    m_include->setChecked(included);
}

void PaneWidget::setNumber(int number, int count)
{
    m_number = number;
    m_paneCount = count;
    m_diffMenu->clear();
    for (int other = 1; other <= count; ++other) {
        if (other == number) {
            continue;
        }
        QAction *action = m_diffMenu->addAction(tr("Pane &%1").arg(other));
        action->setObjectName(u"diff%1"_s.arg(other));
        connect(action, &QAction::triggered, this, [this, other] {
            Q_EMIT diffRequested(other);
        });
    }
    updateTitle();
    updateActions();
}

void PaneWidget::updateTitle()
{
    m_title->setText(QString::number(m_number));
    const QString description = tr("Pane %1: %2, %3%4%5")
                                    .arg(m_number)
                                    .arg(m_preset->currentText(),
                                        m_model->currentText(),
                                        isIncluded() ? QString() : tr(" (excluded)"),
                                        m_current ? tr(" (current)") : QString());
    setAccessibleName(description);
    m_title->setToolTip(description);
    m_include->setAccessibleName(tr("Include pane %1").arg(m_number));
    m_view->setAccessibleName(tr("Answers of pane %1").arg(m_number));
    m_title->setEnabled(isIncluded());
}

void PaneWidget::setExtraModels(const QString &presetId, const QList<ModelInfo> &models)
{
    m_extraModels.insert(presetId, models);
    if (m_preset->currentData().toString() == presetId) {
        const PaneConfig kept = config();
        m_loading = true;
        fillModels();
        const int model = m_model->findData(kept.model);
        if (model >= 0) {
            m_model->setCurrentIndex(model);
        } else {
            m_model->setEditText(kept.model);
        }
        m_loading = false;
    }
}

void PaneWidget::setIgnoredParameters(const QStringList &names)
{
    m_parameters->setIgnored(names);
    m_parametersButton->setText(names.isEmpty() ? tr("Parameters") : tr("Parameters (%1 ignored)").arg(names.size()));
}

void PaneWidget::fillPresets()
{
    const QSignalBlocker blocker(m_preset);
    m_preset->clear();
    for (const ProviderPreset &preset : m_catalog.presets()) {
        m_preset->addItem(preset.displayName, preset.id);
    }
}

void PaneWidget::reloadPresets()
{
    const PaneConfig kept = config();
    fillPresets();
    if (m_catalog.find(kept.presetId)) {
        setConfig(kept);
    } else if (m_preset->count() > 0) {
        // Its endpoint was removed: the pane falls back to the first provider, as a new pane would.
        m_preset->setCurrentIndex(0);
        onPresetChosen();
    }
}

void PaneWidget::fillModels()
{
    const QSignalBlocker blocker(m_model);
    m_model->clear();
    const QString presetId = m_preset->currentData().toString();
    QStringList seen;
    const auto add = [this, &seen](const ModelInfo &model) {
        if (seen.contains(model.id)) {
            return;
        }
        seen.append(model.id);
        const QString label = model.displayName.isEmpty() || model.displayName == model.id
            ? model.id
            : u"%1 (%2)"_s.arg(model.displayName, model.id);
        m_model->addItem(label, model.id);
    };
    if (const ProviderPreset *preset = m_catalog.find(presetId)) {
        for (const ModelInfo &model : preset->models) {
            add(model);
        }
    }
    for (const ModelInfo &model : m_extraModels.value(presetId)) {
        add(model);
    }
}

void PaneWidget::onPresetChosen()
{
    if (m_loading) {
        return;
    }
    m_loading = true;
    fillModels();
    if (const ProviderPreset *preset = m_catalog.find(m_preset->currentData().toString())) {
        const int model = m_model->findData(preset->defaultModel);
        m_model->setCurrentIndex(model >= 0 ? model : (m_model->count() > 0 ? 0 : -1));
    }
    m_loading = false;
    updateTitle();
    Q_EMIT configChanged();
}

void PaneWidget::showParameters()
{
    m_parameters->adjustSize();
    const QPoint below = m_parametersButton->mapToGlobal(QPoint(0, m_parametersButton->height()));
    m_parameters->move(below);
    m_parameters->show();
}

void PaneWidget::showConversation(const QList<ChatMessage> &conversation)
{
    clearConversation();
    for (const ChatMessage &message : conversation) {
        if (message.role == ChatMessage::Role::User) {
            m_userRow = m_conversation->appendUserMessage(message.content);
        } else if (message.role == ChatMessage::Role::Assistant) {
            m_answerRow = m_conversation->appendAnswer(message.content, message.reasoning, FinishReason::Stop);
        }
    }
    updateActions();
}

void PaneWidget::beginTurn(const QString &prompt)
{
    m_lastPrompt = prompt;
    m_userRow = m_conversation->appendUserMessage(prompt);
    m_answerRow = m_conversation->beginAnswer();
    m_running = true;
    m_metrics->clear();
    updateActions();
}

void PaneWidget::appendText(const QString &text)
{
    if (m_answerRow >= 0) {
        m_conversation->appendText(m_answerRow, text);
    }
}

void PaneWidget::appendReasoning(const QString &text)
{
    if (m_answerRow >= 0) {
        m_conversation->appendReasoning(m_answerRow, text);
    }
}

void PaneWidget::appendToolCall(const ToolCallDelta &delta)
{
    if (m_answerRow >= 0) {
        m_conversation->appendToolCall(m_answerRow, delta);
    }
}

void PaneWidget::endTurn(const ResponseRecorder &recorder, const ResponseMetrics &metrics)
{
    m_running = false;
    QString ending;
    if (m_answerRow >= 0) {
        if (const auto reason = recorder.finishReason()) {
            m_conversation->endAnswer(m_answerRow, *reason);
            ending = finishReasonName(*reason);
        } else {
            const ProviderError error = recorder.error().value_or(
                ProviderError::make(ProviderError::Kind::Cancelled, tr("The answer was stopped.")));
            m_conversation->failAnswer(m_answerRow, error);
            ending = ProviderError::kindName(error.kind);
        }
    }
    m_metrics->setMetrics(metrics, ending);
    updateActions();
}

void PaneWidget::updateMetrics(const ResponseMetrics &metrics)
{
    m_metrics->setMetrics(metrics, QString());
}

void PaneWidget::dropLatestTurn()
{
    if (m_userRow >= 0) {
        m_conversation->removeRowsFrom(m_userRow);
    }
    m_userRow = m_answerRow = -1;
    m_metrics->clear();
}

void PaneWidget::clearConversation()
{
    m_conversation->clear();
    m_userRow = m_answerRow = -1;
    m_lastPrompt.clear();
    m_running = false;
    m_metrics->clear();
    updateActions();
}

QString PaneWidget::latestAnswer() const
{
    return m_answerRow >= 0 ? m_conversation->answerText(m_answerRow) : QString();
}

void PaneWidget::copyAnswerAsMarkdown() const
{
    if (m_answerRow >= 0) {
        QApplication::clipboard()->setText(m_conversation->markdown(m_answerRow));
    }
}

void PaneWidget::editAndResend()
{
    if (m_lastPrompt.isEmpty() || m_running) {
        return;
    }
    // Not exec(): the event loop, and every other pane's stream, keeps running.
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"editResendDialog"_s);
    dialog->setWindowTitle(tr("Edit and Resend: Pane %1").arg(m_number));
    dialog->setLabelText(tr("Ask pane %1 instead:").arg(m_number));
    dialog->setOption(QInputDialog::UsePlainTextEditForTextInput);
    dialog->setTextValue(m_lastPrompt);
    dialog->setOkButtonText(tr("Resend"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        if (!text.trimmed().isEmpty() && !m_running) {
            Q_EMIT resendRequested(text);
        }
    });
    dialog->open();
}

void PaneWidget::updateActions()
{
    const bool asked = !m_lastPrompt.isEmpty();
    m_actions.value(u"stop"_s)->setEnabled(m_running);
    m_actions.value(u"regenerate"_s)->setEnabled(asked && !m_running);
    m_actions.value(u"editResend"_s)->setEnabled(asked && !m_running);
    m_actions.value(u"copyMarkdown"_s)->setEnabled(m_answerRow >= 0);
    m_actions.value(u"copyCurl"_s)->setEnabled(asked);
    m_actions.value(u"showRaw"_s)->setEnabled(asked);
    m_diffMenu->setEnabled(m_paneCount > 1 && m_answerRow >= 0);
    m_actions.value(u"moveLeft"_s)->setEnabled(m_number > 1);
    m_actions.value(u"moveRight"_s)->setEnabled(m_number < m_paneCount);
    Q_EMIT actionsChanged();
}

bool PaneWidget::canDiffAgainst(int otherNumber) const
{
    return m_answerRow >= 0 && otherNumber != m_number && otherNumber >= 1 && otherNumber <= m_paneCount;
}

void PaneWidget::diffAgainst(int otherNumber)
{
    if (canDiffAgainst(otherNumber)) {
        Q_EMIT diffRequested(otherNumber);
    }
}

void PaneWidget::setCurrent(bool current)
{
    if (current == m_current) {
        return;
    }
    m_current = current;
    QFont font = m_title->font();
    font.setBold(current);
    m_title->setFont(font);
    updateTitle();
}

void PaneWidget::focusConversation()
{
    m_view->setFocus(Qt::ShortcutFocusReason);
}

} // namespace Juxta::Ui
