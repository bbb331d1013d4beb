// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/openmpthreads.h"

#include <QtGlobal>

#if defined(Q_OS_UNIX)
#include <dlfcn.h>
#endif

namespace Juxta::Providers {

void releaseOpenMpThreads()
{
#if defined(Q_OS_UNIX)
    // The CPU backend is a plugin that brings libgomp along; Juxta does not link it, and must not
    // load it where the backend did not. OpenMP 5's pause call frees the calling thread's pool.
    using PauseAll = int (*)(int kind);
    static const PauseAll pauseAll = []() -> PauseAll {
        void *gomp = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
        return gomp ? reinterpret_cast<PauseAll>(dlsym(gomp, "omp_pause_resource_all")) : nullptr;
    }();
    constexpr int SoftPause = 1; // omp_pause_soft
    if (pauseAll) {
        pauseAll(SoftPause);
    }
#endif
}

} // namespace Juxta::Providers
