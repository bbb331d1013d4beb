// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/providersdialog.h"

#include "app/secrets/apikeys.h"
#include "app/secrets/keystore.h"
#include "app/settings/appsettings.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Juxta::Ui {

namespace {

constexpr int PresetIdRole = Qt::UserRole + 1;

std::optional<QUrl> readBaseUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()) {
        return std::nullopt;
    }
    return url;
}

} // namespace

ProvidersDialog::ProvidersDialog(const PresetCatalog &catalog,
    AppSettings &settings,
    KeyStore &store,
    ApiKeys &keys,
    QNetworkAccessManager &network,
    QWidget *parent)
    : QDialog(parent)
    , m_builtIn(catalog)
    , m_catalog(catalog)
    , m_settings(settings)
    , m_store(store)
    , m_keys(keys)
    , m_network(network)
{
    setWindowTitle(tr("Providers"));
    setObjectName(u"providersDialog"_s);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(left);
    m_list->setAccessibleName(tr("Provider presets"));
    leftLayout->addWidget(m_list);
    auto *listButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add endpoint"), left);
    m_add->setAccessibleName(tr("Add a custom OpenAI-compatible endpoint"));
    m_remove = new QPushButton(tr("&Remove"), left);
    m_remove->setAccessibleName(tr("Remove this custom endpoint"));
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    leftLayout->addLayout(listButtons);

    auto *right = new QWidget(this);
    auto *form = new QFormLayout(right);
    m_displayName = new QLineEdit(right);
    m_displayName->setAccessibleName(tr("Name"));
    form->addRow(tr("&Name:"), m_displayName);
    m_family = new QLabel(right);
    m_family->setAccessibleName(tr("Wire format"));
    form->addRow(tr("Wire format:"), m_family);
    m_baseUrl = new QLineEdit(right);
    m_baseUrl->setAccessibleName(tr("Base URL"));
    form->addRow(tr("&Base URL:"), m_baseUrl);
    m_baseUrlError = new QLabel(right);
    m_baseUrlError->setObjectName(u"baseUrlError"_s);
    m_baseUrlError->setWordWrap(true);
    form->addRow(QString(), m_baseUrlError);
    m_keyStatus = new QLabel(right);
    m_keyStatus->setObjectName(u"keyStatus"_s);
    m_keyStatus->setAccessibleName(tr("Key status"));
    m_keyStatus->setWordWrap(true);
    form->addRow(tr("Key:"), m_keyStatus);
    m_key = new QLineEdit(right);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Paste an API key"));
    m_key->setAccessibleName(tr("API key"));
    form->addRow(tr("API &key:"), m_key);
    auto *keyButtons = new QHBoxLayout;
    m_saveKey = new QPushButton(tr("&Save key"), right);
    m_saveKey->setAccessibleName(tr("Save the key in the keychain"));
    m_forgetKey = new QPushButton(tr("&Forget key"), right);
    m_forgetKey->setAccessibleName(tr("Forget the stored key"));
    m_test = new QPushButton(tr("&Test connection"), right);
    m_test->setAccessibleName(tr("Test the connection by listing models"));
    keyButtons->addWidget(m_saveKey);
    keyButtons->addWidget(m_forgetKey);
    keyButtons->addStretch();
    keyButtons->addWidget(m_test);
    form->addRow(QString(), keyButtons);
    m_testStatus = new QLabel(right);
    m_testStatus->setObjectName(u"testStatus"_s);
    m_testStatus->setAccessibleName(tr("Connection test result"));
    m_testStatus->setWordWrap(true);
    m_testStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), m_testStatus);
    m_models = new QListWidget(right);
    m_models->setAccessibleName(tr("Models the endpoint lists"));
    form->addRow(tr("Models:"), m_models);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    auto *note = new QLabel(
        tr("Keys take effect at once. New endpoints and changed addresses reach the panes the next time Juxta starts."),
        this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &ProvidersDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &ProvidersDialog::showPreset);
    connect(m_add, &QPushButton::clicked, this, &ProvidersDialog::addCustomPreset);
    connect(m_remove, &QPushButton::clicked, this, &ProvidersDialog::removeCustomPreset);
    connect(m_baseUrl, &QLineEdit::editingFinished, this, &ProvidersDialog::commitBaseUrl);
    connect(m_displayName, &QLineEdit::editingFinished, this, &ProvidersDialog::commitDisplayName);
    connect(m_key, &QLineEdit::returnPressed, this, &ProvidersDialog::saveKey);
    connect(m_key, &QLineEdit::textChanged, this, [this] {
        m_saveKey->setEnabled(!m_key->text().trimmed().isEmpty() && m_key->isEnabled());
    });
    connect(m_saveKey, &QPushButton::clicked, this, &ProvidersDialog::saveKey);
    connect(m_forgetKey, &QPushButton::clicked, this, &ProvidersDialog::forgetKey);
    connect(m_test, &QPushButton::clicked, this, &ProvidersDialog::testConnection);
    connect(&m_keys, &ApiKeys::resolved, this, &ProvidersDialog::keyResolved);
    connect(&m_store, &KeyStore::writeFinished, this, &ProvidersDialog::keyWritten);
    connect(&m_store, &KeyStore::removeFinished, this, &ProvidersDialog::keyRemoved);
    connect(&m_settings, &AppSettings::presetsChanged, this, &ProvidersDialog::rebuild);

    // Return belongs to the field it is pressed in (save the key, start a download), never to Close.
    const auto pushButtons = findChildren<QPushButton *>();
    for (QPushButton *button : pushButtons) {
        button->setAutoDefault(false);
    }
    rebuild();
    m_list->setCurrentRow(0);
    resize(820, 520);
}

ProvidersDialog::~ProvidersDialog()
{
    delete m_listing;
    // Children outlive this body; none of their last signals may reach a half-destroyed dialog.
    const auto children = findChildren<QObject *>();
    for (QObject *child : children) {
        child->disconnect(this);
    }
}

void ProvidersDialog::rebuild()
{
    const QString current = currentPresetId();
    m_catalog = m_builtIn;
    m_settings.applyTo(m_catalog);
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const Providers::ProviderPreset &preset : m_catalog.presets()) {
        auto *item = new QListWidgetItem(preset.displayName, m_list);
        item->setData(PresetIdRole, preset.id);
    }
    if (!current.isEmpty() && !selectPreset(current)) {
        m_list->setCurrentRow(0);
    }
    showPreset();
}

bool ProvidersDialog::selectPreset(const QString &presetId)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(PresetIdRole).toString() == presetId) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QString ProvidersDialog::currentPresetId() const
{
    const QListWidgetItem *item = m_list ? m_list->currentItem() : nullptr;
    return item ? item->data(PresetIdRole).toString() : QString();
}

const Providers::ProviderPreset *ProvidersDialog::currentPreset() const
{
    return m_catalog.find(currentPresetId());
}

bool ProvidersDialog::isCustom(const QString &presetId) const
{
    return !presetId.isEmpty() && !m_builtIn.find(presetId) && m_catalog.find(presetId);
}

void ProvidersDialog::showPreset()
{
    const Providers::ProviderPreset *preset = currentPreset();
    delete m_listing;
    m_testWaitingForKey.clear();
    m_models->clear();
    m_testStatus->clear();
    m_baseUrlError->clear();
    m_key->clear();
    if (!preset) {
        return;
    }
    const bool custom = isCustom(preset->id);
    const bool local = preset->family == Providers::WireFamily::Local;
    m_displayName->setText(preset->displayName);
    m_displayName->setReadOnly(!custom);
    m_remove->setEnabled(custom);
    m_family->setText(Providers::ProviderPreset::familyName(preset->family));
    m_baseUrl->setText(local ? tr("In-process: see Local models") : preset->baseUrl.toString());
    m_baseUrl->setEnabled(!local);
    if (preset->baseUrlIsTemplate) {
        m_baseUrlError->setText(tr("Replace the placeholder with your resource's address."));
    }
    m_key->setEnabled(!local);
    m_saveKey->setEnabled(false);
    m_forgetKey->setEnabled(!local);
    m_test->setEnabled(!local);
    if (local) {
        m_keyStatus->setText(tr("No key needed"));
        return;
    }
    m_keyStatus->setText(tr("Looking for a key…"));
    m_keys.resolve(preset->id, preset->keyEnvironmentVariable);
}

void ProvidersDialog::keyResolved(const QString &presetId, const ResolvedKey &key)
{
    const Providers::ProviderPreset *preset = currentPreset();
    if (!preset || preset->id != presetId) {
        return;
    }
    QString status;
    switch (key.source) {
    case KeySource::None:
        status = preset->keyRequired ? tr("No key. Paste one below; it is kept in the system keychain.")
                                     : tr("No key (this endpoint may not need one).");
        break;
    case KeySource::Environment:
        status = tr("%1 from the environment variable %2 (a key saved here takes precedence).")
                     .arg(key.redacted(), preset->keyEnvironmentVariable);
        break;
    case KeySource::Keychain:
        status = tr("%1 in the system keychain.").arg(key.redacted());
        break;
    case KeySource::SessionMemory:
        status = tr("%1 for this session only: no keychain is available.").arg(key.redacted());
        break;
    }
    if (key.keychainError) {
        status += u' ' + key.keychainError->message;
    }
    m_keyStatus->setText(status);
    if (m_testWaitingForKey == presetId) {
        m_testWaitingForKey.clear();
        Providers::ProviderPreset tested = *preset;
        if (const auto url = readBaseUrl(m_baseUrl->text())) {
            tested.baseUrl = *url;
        }
        startTest(tested, key.key);
    }
}

void ProvidersDialog::commitBaseUrl()
{
    const Providers::ProviderPreset *preset = currentPreset();
    if (!preset || preset->family == Providers::WireFamily::Local) {
        return;
    }
    const auto url = readBaseUrl(m_baseUrl->text());
    if (!url) {
        m_baseUrlError->setText(tr("Enter an http:// or https:// address."));
        return;
    }
    m_baseUrlError->clear();
    if (*url == preset->baseUrl) {
        return;
    }
    if (isCustom(preset->id)) {
        m_settings.setCustomPreset({preset->id, preset->displayName, *url});
        return;
    }
    const Providers::ProviderPreset *original = m_builtIn.find(preset->id);
    m_settings.setBaseUrlOverride(preset->id, original && original->baseUrl == *url ? QUrl() : *url);
}

void ProvidersDialog::commitDisplayName()
{
    const Providers::ProviderPreset *preset = currentPreset();
    const QString name = m_displayName->text().trimmed();
    if (!preset || !isCustom(preset->id) || name.isEmpty() || name == preset->displayName) {
        return;
    }
    m_settings.setCustomPreset({preset->id, name, preset->baseUrl});
}

void ProvidersDialog::addCustomPreset()
{
    const QString id = m_settings.newCustomPresetId();
    const Providers::ProviderPreset *templatePreset = m_builtIn.find(u"custom"_s);
    const QUrl url = templatePreset ? templatePreset->baseUrl : QUrl(u"http://localhost:8000/v1"_s);
    m_settings.setCustomPreset({id, tr("My endpoint %1").arg(id.section(u'-', -1)), url});
    selectPreset(id);
    m_displayName->setFocus();
    m_displayName->selectAll();
}

void ProvidersDialog::removeCustomPreset()
{
    const QString id = currentPresetId();
    if (!isCustom(id)) {
        return;
    }
    m_store.remove(id);
    m_settings.removeCustomPreset(id);
}

void ProvidersDialog::saveKey()
{
    const Providers::ProviderPreset *preset = currentPreset();
    const QString key = m_key->text().trimmed();
    if (!preset || key.isEmpty()) {
        return;
    }
    m_keyStatus->setText(tr("Saving…"));
    m_store.write(preset->id, key);
    m_key->clear();
}

void ProvidersDialog::forgetKey()
{
    if (const Providers::ProviderPreset *preset = currentPreset()) {
        m_keyStatus->setText(tr("Forgetting…"));
        m_store.remove(preset->id);
    }
}

void ProvidersDialog::keyWritten(const QString &presetId, const KeyStoreResult &result)
{
    keyStoreFinished(presetId, result, tr("The key was not saved: %1"));
}

void ProvidersDialog::keyRemoved(const QString &presetId, const KeyStoreResult &result)
{
    keyStoreFinished(presetId, result, tr("The key was not removed: %1"));
}

void ProvidersDialog::keyStoreFinished(const QString &presetId, const KeyStoreResult &result, const QString &failure)
{
    if (result.isOk()) {
        Q_EMIT keysChanged();
    }
    const Providers::ProviderPreset *preset = currentPreset();
    if (!preset || preset->id != presetId) {
        return;
    }
    if (!result.isOk()) {
        m_keyStatus->setText(failure.arg(result.error->message));
        return;
    }
    m_keys.resolve(preset->id, preset->keyEnvironmentVariable);
}

void ProvidersDialog::testConnection()
{
    const Providers::ProviderPreset *preset = currentPreset();
    if (!preset || preset->family == Providers::WireFamily::Local) {
        return;
    }
    const auto url = readBaseUrl(m_baseUrl->text());
    if (!url) {
        m_baseUrlError->setText(tr("Enter an http:// or https:// address."));
        return;
    }
    Providers::ProviderPreset tested = *preset;
    tested.baseUrl = *url;
    tested.baseUrlIsTemplate = false;
    delete m_listing;
    m_models->clear();
    m_testStatus->setText(tr("Connecting…"));
    m_test->setEnabled(false);
    const QString typed = m_key->text().trimmed();
    if (!typed.isEmpty()) {
        startTest(tested, typed);
        return;
    }
    m_testWaitingForKey = preset->id;
    m_keys.resolve(preset->id, preset->keyEnvironmentVariable);
}

void ProvidersDialog::startTest(const Providers::ProviderPreset &preset, const QString &key)
{
    delete m_listing;
    m_testProvider = Providers::ProviderFactory::create(preset, m_network, key);
    if (!m_testProvider) {
        m_testStatus->setText(tr("Juxta cannot talk to this kind of endpoint."));
        m_test->setEnabled(true);
        return;
    }
    m_listing = m_testProvider->listModels();
    connect(m_listing, &Providers::ModelListing::finished, this, &ProvidersDialog::modelsListed);
    connect(m_listing, &Providers::ModelListing::failed, this, &ProvidersDialog::listingFailed);
}

void ProvidersDialog::modelsListed(const QList<Providers::ModelInfo> &models)
{
    m_listing->deleteLater();
    m_test->setEnabled(true);
    QStringList ids;
    for (const Providers::ModelInfo &model : models) {
        ids.append(model.id);
    }
    ids.sort(Qt::CaseInsensitive);
    m_models->addItems(ids);
    m_testStatus->setText(tr("Connected: the endpoint lists %n model(s).", nullptr, int(ids.size())));
}

void ProvidersDialog::listingFailed(const Providers::ProviderError &error)
{
    m_listing->deleteLater();
    m_test->setEnabled(true);
    m_testStatus->setText(tr("The connection failed: %1").arg(error.message));
}

} // namespace Juxta::Ui
