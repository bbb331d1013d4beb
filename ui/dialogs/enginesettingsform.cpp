// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/enginesettingsform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

/** An optional switch as a choice of three: the engine decides, on, off. */
QComboBox *optionalSwitch(QWidget *parent, const QString &accessibleName)
{
    auto *box = new QComboBox(parent);
    box->addItem(EngineSettingsForm::tr("Automatic"));
    box->addItem(EngineSettingsForm::tr("On"), true);
    box->addItem(EngineSettingsForm::tr("Off"), false);
    box->setAccessibleName(accessibleName);
    return box;
}

std::optional<bool> switchValue(const QComboBox *box)
{
    const QVariant value = box->currentData();
    return value.isValid() ? std::optional(value.toBool()) : std::nullopt;
}

void setSwitchValue(QComboBox *box, const std::optional<bool> &value)
{
    box->setCurrentIndex(value ? box->findData(*value) : 0);
}

} // namespace

EngineSettingsForm::EngineSettingsForm(QWidget *parent)
    : QWidget(parent)
    , m_contextLength(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_gpuLayers(new QSpinBox(this))
    , m_batchSize(new QSpinBox(this))
    , m_flashAttention(optionalSwitch(this, tr("Flash attention")))
    , m_mmap(optionalSwitch(this, tr("Map the file into memory")))
    , m_mlock(new QCheckBox(tr("Keep the weights in RAM (&mlock)"), this))
{
    m_contextLength->setRange(0, 1 << 20);
    m_contextLength->setSingleStep(1024);
    m_contextLength->setSpecialValueText(tr("The model's own"));
    m_contextLength->setAccessibleName(tr("Context length"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("All cores"));
    m_threads->setAccessibleName(tr("Threads"));
    // -1 offloads every layer to whichever GPU backend libllama finds; 0 keeps the model on the CPU.
    m_gpuLayers->setRange(-1, 999);
    m_gpuLayers->setSpecialValueText(tr("All, where there is a GPU"));
    m_gpuLayers->setAccessibleName(tr("Layers on the GPU"));
    m_gpuLayers->setToolTip(tr("0 keeps the model on the CPU."));
    m_batchSize->setRange(1, 1 << 16);
    m_batchSize->setSingleStep(64);
    m_batchSize->setAccessibleName(tr("Batch size"));
    m_batchSize->setToolTip(tr("Prompt tokens evaluated per step."));
    m_flashAttention->setToolTip(tr("Where the backend supports it."));
    m_mlock->setAccessibleName(tr("Keep the weights in RAM"));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Context length:"), m_contextLength);
    form->addRow(tr("&Threads:"), m_threads);
    form->addRow(tr("&GPU layers:"), m_gpuLayers);
    form->addRow(tr("&Batch size:"), m_batchSize);
    form->addRow(tr("&Flash attention:"), m_flashAttention);
    form->addRow(tr("Memory-&map the file:"), m_mmap);
    form->addRow(QString(), m_mlock);

    const auto edited = [this] {
        if (!m_loading) {
            Q_EMIT changed();
        }
    };
    for (QSpinBox *box : {m_contextLength, m_threads, m_gpuLayers, m_batchSize}) {
        connect(box, &QSpinBox::valueChanged, this, edited);
    }
    for (QComboBox *box : {m_flashAttention, m_mmap}) {
        connect(box, &QComboBox::currentIndexChanged, this, edited);
    }
    connect(m_mlock, &QCheckBox::toggled, this, edited);
    setSettings({});
}

EngineSettingsForm::~EngineSettingsForm() = default;

Providers::LocalEngineSettings EngineSettingsForm::settings() const
{
    Providers::LocalEngineSettings settings;
    settings.contextLength = m_contextLength->value();
    settings.threads = m_threads->value();
    settings.gpuLayers = m_gpuLayers->value();
    settings.batchSize = m_batchSize->value();
    settings.flashAttention = switchValue(m_flashAttention);
    settings.useMmap = switchValue(m_mmap);
    settings.useMlock = m_mlock->isChecked();
    return settings;
}

void EngineSettingsForm::setSettings(const Providers::LocalEngineSettings &settings)
{
    m_loading = true;
    m_contextLength->setValue(settings.contextLength);
    m_threads->setValue(settings.threads);
    m_gpuLayers->setValue(settings.gpuLayers < 0 ? -1 : settings.gpuLayers);
    m_batchSize->setValue(settings.batchSize);
    setSwitchValue(m_flashAttention, settings.flashAttention);
    setSwitchValue(m_mmap, settings.useMmap);
    m_mlock->setChecked(settings.useMlock);
    m_loading = false;
}

} // namespace Juxta::Ui
