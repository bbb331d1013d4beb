// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/welcome/welcomeview.h"

#include "app/models/modellibrary.h"
#include "app/secrets/keyoverview.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

WelcomeView::WelcomeView(KeyOverview &overview, ModelLibrary &library, QWidget *parent)
    : QWidget(parent)
    , m_overview(overview)
    , m_library(library)
{
    setObjectName(u"welcomeView"_s);
    auto *title = new QLabel(tr("Welcome to Juxta"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *intro = new QLabel(tr("Juxta sends one prompt to several models and shows their answers side by side. "
                                "To begin, give it at least one model to talk to:"),
        this);
    intro->setWordWrap(true);

    auto *cloud = new QGroupBox(tr("A model in the cloud"), this);
    auto *cloudLayout = new QVBoxLayout(cloud);
    auto *cloudText =
        new QLabel(tr("Paste an API key from OpenAI, Anthropic, Google, xAI, Mistral or another provider. "
                      "Juxta keeps it in your system's keychain, never in a file."),
            cloud);
    cloudText->setWordWrap(true);
    m_detected = new QLabel(cloud);
    m_detected->setObjectName(u"detectedKeys"_s);
    m_detected->setWordWrap(true);
    m_start = new QPushButton(tr("&Start with these keys"), cloud);
    m_start->setAccessibleName(tr("Start with the keys found in the environment"));
    m_addKey = new QPushButton(tr("Add an API &key…"), cloud);
    m_addKey->setAccessibleName(tr("Add an API key"));
    cloudLayout->addWidget(cloudText);
    cloudLayout->addWidget(m_detected);
    cloudLayout->addWidget(m_start);
    cloudLayout->addWidget(m_addKey);

    auto *local = new QGroupBox(tr("A model on this computer"), this);
    auto *localLayout = new QVBoxLayout(local);
    auto *localText = new QLabel(tr("Run a GGUF model in Juxta itself: nothing leaves your machine."), local);
    localText->setWordWrap(true);
    m_download = new QPushButton(tr("&Download a model…"), local);
    m_download->setAccessibleName(tr("Download a starter model"));
    m_open = new QPushButton(tr("&Open a GGUF file…"), local);
    m_open->setAccessibleName(tr("Open a GGUF file"));
    localLayout->addWidget(localText);
    localLayout->addWidget(m_download);
    localLayout->addWidget(m_open);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addWidget(cloud);
    column->addWidget(local);
    column->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 3);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, &WelcomeView::startRequested);
    connect(m_addKey, &QPushButton::clicked, this, &WelcomeView::addKeyRequested);
    connect(m_download, &QPushButton::clicked, this, &WelcomeView::downloadModelRequested);
    connect(m_open, &QPushButton::clicked, this, &WelcomeView::openModelRequested);
    connect(&overview, &KeyOverview::refreshed, this, &WelcomeView::updateDetectedKeys);
    connect(&overview, &QAbstractItemModel::modelReset, this, &WelcomeView::updateDetectedKeys);
    updateDetectedKeys();
}

WelcomeView::~WelcomeView() = default;

bool WelcomeView::isNeeded() const
{
    if (m_overview.hasStoredKey()) {
        return false;
    }
    const auto models = m_library.scan();
    return std::none_of(models.cbegin(), models.cend(), [](const ModelLibrary::Entry &entry) {
        return entry.metadata.has_value();
    });
}

QString WelcomeView::detectedKeysText() const
{
    return m_detected->isHidden() ? QString() : m_detected->text();
}

void WelcomeView::updateDetectedKeys()
{
    QStringList variables;
    for (const QString &id : m_overview.presetsWithEnvironmentKeys()) {
        const QString variable = m_overview.environmentVariable(id);
        if (!variable.isEmpty() && !variables.contains(variable)) {
            variables.append(variable);
        }
    }
    const bool found = !variables.isEmpty();
    m_detected->setText(found
            ? tr("Found keys in your environment: %1. You can start comparing right away.").arg(variables.join(u", "_s))
            : QString());
    m_detected->setHidden(!found);
    m_start->setHidden(!found);
}

} // namespace Juxta::Ui
