// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/local/largestlogit.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__SSE2__) || defined(_M_X64)
#include <emmintrin.h>
#define JUXTA_LARGEST_SSE2 1
#elif defined(__aarch64__) || defined(_M_ARM64)
#include <arm_neon.h>
#define JUXTA_LARGEST_NEON 1
#endif

namespace Juxta::Providers {

namespace {

// The largest value that is not a NaN (-infinity if there is none). Compilers do not vectorise
// this loop themselves: without -ffast-math they must keep its NaN behaviour, so it is written
// with the instructions whose NaN behaviour is the loop's.
float largestNumber(const float *values, int count)
{
    float largest = -std::numeric_limits<float>::infinity();
    int i = 0;
#if defined(JUXTA_LARGEST_SSE2)
    // maxps(a, b) is "a > b ? a : b", so a NaN in a is passed over, as the scalar loop does.
    __m128 m0 = _mm_set1_ps(largest);
    __m128 m1 = m0;
    __m128 m2 = m0;
    __m128 m3 = m0;
    for (; i + 16 <= count; i += 16) {
        m0 = _mm_max_ps(_mm_loadu_ps(values + i), m0);
        m1 = _mm_max_ps(_mm_loadu_ps(values + i + 4), m1);
        m2 = _mm_max_ps(_mm_loadu_ps(values + i + 8), m2);
        m3 = _mm_max_ps(_mm_loadu_ps(values + i + 12), m3);
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, _mm_max_ps(_mm_max_ps(m0, m1), _mm_max_ps(m2, m3)));
    largest = std::max({lanes[0], lanes[1], lanes[2], lanes[3]});
#elif defined(JUXTA_LARGEST_NEON)
    // fmaxnm returns the number when one operand is a NaN.
    float32x4_t m0 = vdupq_n_f32(largest);
    float32x4_t m1 = m0;
    for (; i + 8 <= count; i += 8) {
        m0 = vmaxnmq_f32(m0, vld1q_f32(values + i));
        m1 = vmaxnmq_f32(m1, vld1q_f32(values + i + 4));
    }
    largest = vmaxnmvq_f32(vmaxnmq_f32(m0, m1));
#endif
    for (; i < count; ++i) {
        largest = values[i] > largest ? values[i] : largest;
    }
    return largest;
}

} // namespace

int largestLogit(const float *values, int count)
{
    if (count <= 0) {
        return -1;
    }
    // max_element compares everything with its first value; a NaN there is never replaced.
    if (std::isnan(values[0])) {
        return 0;
    }
    const float largest = largestNumber(values, count);
    const float *first = std::find(values, values + count, largest);
    return first == values + count ? 0 : int(first - values);
}

} // namespace Juxta::Providers
