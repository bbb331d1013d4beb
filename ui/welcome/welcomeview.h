// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace Juxta {
class KeyOverview;
class ModelLibrary;
} // namespace Juxta

namespace Juxta::Ui {

/**
 * What a first run shows, when no key is stored and no local model is in the library: exactly
 * what to do next. Add an API key, or start with the keys found in environment variables;
 * download a starter model; or open a GGUF file already on disk.
 */
class WelcomeView : public QWidget
{
    Q_OBJECT

public:
    /** Both must outlive the view. */
    WelcomeView(KeyOverview &overview, ModelLibrary &library, QWidget *parent = nullptr);
    ~WelcomeView() override;
    Q_DISABLE_COPY_MOVE(WelcomeView)

    /** True when the user has stored no key and the library holds no usable model. */
    bool isNeeded() const;
    /** The environment variables found holding keys, as shown. */
    QString detectedKeysText() const;

Q_SIGNALS:
    void addKeyRequested();
    void downloadModelRequested();
    void openModelRequested();
    /** The user chose to start with the keys found in the environment. */
    void startRequested();

private:
    void updateDetectedKeys();

    KeyOverview &m_overview;
    ModelLibrary &m_library;
    QLabel *m_detected = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_addKey = nullptr;
    QPushButton *m_download = nullptr;
    QPushButton *m_open = nullptr;
};

} // namespace Juxta::Ui
