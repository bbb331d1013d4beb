// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/sidebar/promptlibrarypanel.h"

#include "app/prompts/promptlibrarymodel.h"
#include "app/storage/promptstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int SearchDelayMs = 150;

} // namespace

PromptLibraryPanel::PromptLibraryPanel(PromptStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new PromptLibraryModel(store, this))
{
    setObjectName(u"promptLibraryPanel"_s);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search prompts"));
    m_tag = new QComboBox(this);
    m_tag->setAccessibleName(tr("Filter by tag"));
    m_folder = new QComboBox(this);
    m_folder->setAccessibleName(tr("Filter by folder"));
    m_favourites = new QCheckBox(tr("&Favourites"), this);
    m_favourites->setAccessibleName(tr("Show favourites only"));
    m_view = new QListView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Prompts"));
    m_view->setUniformItemSizes(true);
    m_insert = new QPushButton(tr("&Insert"), this);
    m_insert->setAccessibleName(tr("Insert the prompt into the composer"));
    m_saveVersion = new QPushButton(tr("Save as &version"), this);
    m_saveVersion->setAccessibleName(tr("Save the composer's prompt as a new version of the selected prompt"));
    m_saveNew = new QPushButton(tr("Save as &new…"), this);
    m_saveNew->setAccessibleName(tr("Save the composer's prompt as a new prompt"));
    m_status = new QLabel(this);
    m_status->setObjectName(u"promptLibraryStatus"_s);
    m_status->setWordWrap(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(SearchDelayMs);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_tag, 1);
    filters->addWidget(m_folder, 1);
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_insert, 0, 0, 1, 2);
    buttons->addWidget(m_saveVersion, 1, 0);
    buttons->addWidget(m_saveNew, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_favourites);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &PromptLibraryPanel::applyFilter);
    connect(m_tag, &QComboBox::currentIndexChanged, this, &PromptLibraryPanel::applyFilter);
    connect(m_folder, &QComboBox::currentIndexChanged, this, &PromptLibraryPanel::applyFilter);
    connect(m_favourites, &QCheckBox::toggled, this, &PromptLibraryPanel::applyFilter);
    connect(m_view, &QListView::activated, this, &PromptLibraryPanel::insertSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &PromptLibraryPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PromptLibraryPanel::updateButtons);
    connect(m_insert, &QPushButton::clicked, this, &PromptLibraryPanel::insertSelected);
    connect(m_saveVersion, &QPushButton::clicked, this, &PromptLibraryPanel::saveDraftAsVersion);
    connect(m_saveNew, &QPushButton::clicked, this, &PromptLibraryPanel::askNameAndSave);
    connect(m_model, &PromptLibraryModel::failed, this, [this](const StorageError &error) {
        showStatus(error.message);
    });

    reloadChoices();
    applyFilter();
}

PromptLibraryPanel::~PromptLibraryPanel()
{
    // Children outlive this body; none of their last signals may reach a half-destroyed panel.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

void PromptLibraryPanel::setDraftSource(DraftSource source)
{
    m_draftSource = std::move(source);
    updateButtons();
}

QString PromptLibraryPanel::statusText() const
{
    return m_status->text();
}

void PromptLibraryPanel::showStatus(const QString &text)
{
    m_status->setText(text);
}

qint64 PromptLibraryPanel::selectedPromptId() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(PromptLibraryModel::IdRole).toLongLong() : 0;
}

bool PromptLibraryPanel::selectPrompt(qint64 promptId)
{
    const int row = m_model->rowOf(promptId);
    if (row < 0) {
        return false;
    }
    m_view->setCurrentIndex(m_model->index(row));
    return true;
}

void PromptLibraryPanel::reloadChoices()
{
    const QString tag = m_tag->currentData().toString();
    const QString folder = m_folder->currentData().toString();
    const QSignalBlocker tagBlocker(m_tag);
    const QSignalBlocker folderBlocker(m_folder);
    m_tag->clear();
    m_tag->addItem(tr("All tags"), QString());
    for (const QString &name : m_store.tags()) {
        m_tag->addItem(name, name);
    }
    m_tag->setCurrentIndex(std::max(0, m_tag->findData(tag)));
    m_folder->clear();
    m_folder->addItem(tr("All folders"), QString());
    for (const QString &name : m_store.folders()) {
        m_folder->addItem(name, name);
    }
    m_folder->setCurrentIndex(std::max(0, m_folder->findData(folder)));
}

void PromptLibraryPanel::applyFilter()
{
    m_searchDelay->stop();
    PromptFilter filter;
    filter.text = m_search->text().trimmed();
    filter.tag = m_tag->currentData().toString();
    filter.folder = m_folder->currentData().toString();
    filter.favouritesOnly = m_favourites->isChecked();
    m_model->setFilter(filter);
    updateButtons();
}

void PromptLibraryPanel::refresh()
{
    reloadChoices();
    m_model->refresh();
    updateButtons();
}

void PromptLibraryPanel::updateButtons()
{
    const bool selected = selectedPromptId() != 0;
    m_insert->setEnabled(selected);
    m_saveVersion->setEnabled(selected && m_draftSource);
    m_saveNew->setEnabled(bool(m_draftSource));
}

void PromptLibraryPanel::insertSelected()
{
    const qint64 id = selectedPromptId();
    if (id == 0) {
        return;
    }
    const auto version = m_store.version(id);
    if (!version) {
        showStatus(tr("This prompt has no saved text."));
        return;
    }
    const auto prompt = m_store.prompt(id);
    Q_EMIT insertRequested(*version, prompt ? prompt->name : QString());
}

bool PromptLibraryPanel::saveDraftAsVersion()
{
    const qint64 id = selectedPromptId();
    if (id == 0 || !m_draftSource) {
        return false;
    }
    const PromptVersion draft = m_draftSource();
    if (draft.userText.trimmed().isEmpty() && draft.systemText.trimmed().isEmpty()) {
        showStatus(tr("The composer is empty: there is nothing to save."));
        return false;
    }
    const auto previous = m_store.version(id);
    const auto saved = m_store.saveVersion(id, draft);
    if (!saved) {
        showStatus(saved.error().message);
        return false;
    }
    const auto prompt = m_store.prompt(id);
    const QString name = prompt ? prompt->name : QString();
    if (previous && previous->number == saved->number) {
        showStatus(tr("%1 is unchanged: version %2 already holds this text.").arg(name).arg(saved->number));
    } else {
        showStatus(tr("Saved %1 as version %2.").arg(name).arg(saved->number));
    }
    m_model->refresh();
    selectPrompt(id);
    return true;
}

void PromptLibraryPanel::askNameAndSave()
{
    auto *dialog = new QInputDialog(this);
    dialog->setWindowTitle(tr("Save as a new prompt"));
    dialog->setLabelText(tr("Name of the new prompt:"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        saveDraftAsNewPrompt(name);
    });
    dialog->open();
}

bool PromptLibraryPanel::saveDraftAsNewPrompt(const QString &name)
{
    if (!m_draftSource || name.trimmed().isEmpty()) {
        return false;
    }
    const PromptVersion draft = m_draftSource();
    Prompt prompt;
    prompt.name = name.trimmed();
    const auto created = m_store.create(prompt, draft);
    if (!created) {
        showStatus(created.error().message);
        return false;
    }
    showStatus(tr("Saved the new prompt %1.").arg(created->name));
    refresh();
    selectPrompt(created->id);
    return true;
}

} // namespace Juxta::Ui
