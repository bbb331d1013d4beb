// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Juxta::Providers {

/**
 * Ends the OpenMP worker threads that the calling thread's parallel work started, if ggml's CPU
 * backend runs on OpenMP (as Debian's build does); otherwise does nothing.
 *
 * libgomp keeps a pool of workers for every thread that starts parallel work and counts all
 * pools' threads together. Once they outnumber the CPUs, every pool waits at its barriers by
 * sleeping instead of spinning, and a token's hundreds of barriers each pay for a wake-up: with
 * a second model loaded and idle, decoding ran a fifth slower (ggml's CPU backend, two threads
 * on two cores). A model host calls this when its work is done, so that only a model at work
 * holds threads; its next decode starts new ones, which takes well under a millisecond.
 */
void releaseOpenMpThreads();

} // namespace Juxta::Providers
