// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/llamamodelhost.h"

#include "providers/local/openmpthreads.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Juxta::Providers {

LlamaModelHost::LlamaModelHost(const QString &path, const LocalEngineSettings &settings, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_settings(settings)
    , m_engine(new LlamaEngine)
{
    m_thread.setObjectName(u"llama: %1"_s.arg(QFileInfo(path).fileName()));
    m_engine->moveToThread(&m_thread);
    // The engine frees the model on the worker, after the thread's last event.
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);

    connect(m_engine, &LlamaEngine::loadProgress, this, &LlamaModelHost::loadProgress);
    connect(m_engine, &LlamaEngine::loaded, this, [this](const LlamaLoadInfo &info) {
        m_state = State::Loaded;
        m_loadInfo = info;
        m_loadError.reset();
        Q_EMIT loaded(info);
    });
    connect(m_engine, &LlamaEngine::loadFailed, this, [this](const ProviderError &error) {
        m_state = State::Failed;
        m_loadError = error;
        Q_EMIT loadFailed(error);
    });
    connect(m_engine, &LlamaEngine::unloaded, this, &LlamaModelHost::unloaded);
    connect(m_engine, &LlamaEngine::generationStarted, this, &LlamaModelHost::generationStarted);
    connect(m_engine, &LlamaEngine::textDelta, this, &LlamaModelHost::textDelta);
    connect(m_engine,
        &LlamaEngine::generationFinished,
        this,
        [this](quint64 id, FinishReason reason, const LlamaGenerationStats &stats) {
            forget(id);
            Q_EMIT generationFinished(id, reason, stats);
        });
    connect(m_engine, &LlamaEngine::generationFailed, this, [this](quint64 id, const ProviderError &error) {
        forget(id);
        Q_EMIT generationFailed(id, error);
    });
    m_thread.start();
}

LlamaModelHost::~LlamaModelHost()
{
    if (m_loadCancel) {
        m_loadCancel->store(true);
    }
    for (const CancelFlag &cancel : std::as_const(m_running)) {
        cancel->store(true);
    }
    m_thread.quit();
    m_thread.wait();
}

void LlamaModelHost::load()
{
    if (m_state == State::Loading || m_state == State::Loaded) {
        return;
    }
    m_state = State::Loading;
    m_loadCancel = std::make_shared<std::atomic<bool>>(false);
    QMetaObject::invokeMethod(m_engine,
        [engine = m_engine, path = m_path, settings = m_settings, cancel = m_loadCancel] {
            engine->load(path, settings, cancel);
            releaseOpenMpThreads();
        });
}

void LlamaModelHost::cancelLoad()
{
    if (m_state == State::Loading && m_loadCancel) {
        m_loadCancel->store(true);
    }
}

void LlamaModelHost::unload()
{
    cancelLoad();
    m_state = State::Unloaded;
    m_loadInfo.reset();
    QMetaObject::invokeMethod(m_engine, [engine = m_engine] {
        engine->unload();
    });
}

quint64 LlamaModelHost::generate(const ChatRequest &request, const CancelFlag &cancel)
{
    load();
    const quint64 id = m_nextId++;
    m_running.insert(id, cancel);
    QMetaObject::invokeMethod(m_engine, [engine = m_engine, id, request, cancel] {
        engine->generate(id, request, cancel);
        releaseOpenMpThreads();
    });
    return id;
}

void LlamaModelHost::forget(quint64 id)
{
    m_running.remove(id);
}

} // namespace Juxta::Providers
