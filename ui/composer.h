// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QWidget>

#include <optional>
#include <utility>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Juxta::Ui {

/**
 * Where the prompt is written, once for every pane: a collapsible system prompt, the user
 * prompt, a form for its {{placeholders}} and the Send and Stop buttons. The shortcuts
 * (Ctrl+Enter, Esc) are the main window's menu actions; this widget only asks.
 */
class Composer : public QWidget
{
    Q_OBJECT

public:
    explicit Composer(QWidget *parent = nullptr);
    ~Composer() override;
    Q_DISABLE_COPY_MOVE(Composer)

    QString systemPrompt() const;
    void setSystemPrompt(const QString &text);
    QString prompt() const;
    void setPrompt(const QString &text);
    /** Placeholder values typed so far, by name. */
    QHash<QString, QString> variableValues() const;
    void setVariableValue(const QString &name, const QString &value);
    /**
     * The system and user prompt with every placeholder filled in; nothing when a value is
     * missing (@p missing names them).
     */
    std::optional<std::pair<QString, QString>> renderedPrompts(QStringList *missing = nullptr) const;

    /** Whether a send is possible now: something to send, values for every placeholder, not busy. */
    bool canSend() const;
    /** The panes are answering: Send waits, Stop is offered. */
    void setBusy(bool busy);
    bool isSystemPromptShown() const;
    void setSystemPromptShown(bool shown);
    void focusPrompt();

Q_SIGNALS:
    void sendRequested();
    void stopRequested();
    /** canSend() may have changed. */
    void readinessChanged();

private:
    void updateVariables();
    void updateButtons();

    QToolButton *m_systemToggle;
    QPlainTextEdit *m_system;
    QPlainTextEdit *m_prompt;
    QWidget *m_variables;
    QFormLayout *m_variablesForm;
    QHash<QString, QLineEdit *> m_variableFields;
    QStringList m_variableNames;
    QLabel *m_hint;
    QPushButton *m_send;
    QPushButton *m_stop;
    bool m_busy = false;
};

} // namespace Juxta::Ui
