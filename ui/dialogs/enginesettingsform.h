// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/local/localenginesettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace Juxta::Ui {

/**
 * The fields of one set of embedded-engine settings: context length, threads, GPU layers, batch
 * size, flash attention, mmap and mlock. It only edits; the Local models dialog decides whether
 * they are the common settings or one model's own.
 */
class EngineSettingsForm : public QWidget
{
    Q_OBJECT

public:
    explicit EngineSettingsForm(QWidget *parent = nullptr);
    ~EngineSettingsForm() override;
    Q_DISABLE_COPY_MOVE(EngineSettingsForm)

    Providers::LocalEngineSettings settings() const;
    /** Shows @p settings without emitting changed(). */
    void setSettings(const Providers::LocalEngineSettings &settings);

Q_SIGNALS:
    /** The user edited a field. */
    void changed();

private:
    QSpinBox *m_contextLength;
    QSpinBox *m_threads;
    QSpinBox *m_gpuLayers;
    QSpinBox *m_batchSize;
    QComboBox *m_flashAttention;
    QComboBox *m_mmap;
    QCheckBox *m_mlock;
    bool m_loading = false;
};

} // namespace Juxta::Ui
