// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/prompts/promptversion.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QTimer;

namespace Juxta {
class PromptLibraryModel;
class PromptStore;
} // namespace Juxta

namespace Juxta::Ui {

/**
 * The prompt library in the side bar: full-text search, tag, folder and favourite filters, a
 * prompt's newest version inserted into the composer, and the composer's current prompt saved
 * as a new version of the selected prompt or as a new prompt.
 */
class PromptLibraryPanel : public QWidget
{
    Q_OBJECT

public:
    /** What the composer holds now, as a draft version (system text, user text, variables). */
    using DraftSource = std::function<PromptVersion()>;

    /** @p store must outlive the panel and belong to the GUI thread. */
    explicit PromptLibraryPanel(PromptStore &store, QWidget *parent = nullptr);
    ~PromptLibraryPanel() override;
    Q_DISABLE_COPY_MOVE(PromptLibraryPanel)

    void setDraftSource(DraftSource source);

    PromptLibraryModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    QString statusText() const;
    /** The id of the selected prompt; 0 when none. */
    qint64 selectedPromptId() const;
    bool selectPrompt(qint64 promptId);

    /** Emits insertRequested() with the selected prompt's newest version. */
    void insertSelected();
    /** Saves the composer's draft as the selected prompt's next version. */
    bool saveDraftAsVersion();
    /** Saves the composer's draft as a new prompt named @p name. */
    bool saveDraftAsNewPrompt(const QString &name);
    /** Reloads the prompts, tags and folders (after an import, say). */
    void refresh();

Q_SIGNALS:
    /** The user asked to put @p version of the prompt @p promptName into the composer. */
    void insertRequested(const Juxta::PromptVersion &version, const QString &promptName);

private:
    void applyFilter();
    void reloadChoices();
    void askNameAndSave();
    void updateButtons();
    void showStatus(const QString &text);

    PromptStore &m_store;
    PromptLibraryModel *m_model = nullptr;
    DraftSource m_draftSource;
    QLineEdit *m_search = nullptr;
    QComboBox *m_tag = nullptr;
    QComboBox *m_folder = nullptr;
    QCheckBox *m_favourites = nullptr;
    QListView *m_view = nullptr;
    QPushButton *m_insert = nullptr;
    QPushButton *m_saveVersion = nullptr;
    QPushButton *m_saveNew = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_searchDelay = nullptr;
};

} // namespace Juxta::Ui
