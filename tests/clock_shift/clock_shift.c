// LD_PRELOAD library for scripts/test-at: every process it is loaded into reads the realtime clock
// PANTAU_SHIFT_REALTIME_S seconds off the machine's (the monotonic clock is left alone), so the whole
// suite runs as if the machine's own clock read another instant. Debian's libfaketime cannot serve here:
// it also intercepts timerfd_settime and epoll_wait, and Boost.Asio's timers then never fire, even with
// FAKETIME_DONT_FAKE_MONOTONIC. Waits on an explicit realtime deadline (pthread_cond_clockwait, what
// std::condition_variable uses for system_clock) are shifted back, so "now + 5 s" still means five
// seconds. pthread_cond_timedwait is left alone: it cannot tell a realtime condition variable from a
// monotonic one, and a deadline it misreads lies in the past for an instant before now (it returns at
// once and the caller waits again) — so scripts/test-at only goes back in time.
// Tests only; never installed.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long long shift_s(void) {
  static int known;
  static long long shift;
  if (!known) {
    const char* text = getenv("PANTAU_SHIFT_REALTIME_S");
    shift = text != NULL ? atoll(text) : 0;
    known = 1;
  }
  return shift;
}

static int is_realtime(clockid_t id) { return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE; }

int clock_gettime(clockid_t id, struct timespec* ts) {
  static int (*real)(clockid_t, struct timespec*);
  if (real == NULL) real = (int (*)(clockid_t, struct timespec*))dlsym(RTLD_NEXT, "clock_gettime");
  const int r = real(id, ts);
  if (r == 0 && ts != NULL && is_realtime(id)) ts->tv_sec += shift_s();
  return r;
}

int gettimeofday(struct timeval* restrict tv, void* restrict tz) {
  static int (*real)(struct timeval*, void*);
  if (real == NULL) real = (int (*)(struct timeval*, void*))dlsym(RTLD_NEXT, "gettimeofday");
  const int r = real(tv, tz);
  if (r == 0 && tv != NULL) tv->tv_sec += shift_s();
  return r;
}

time_t time(time_t* out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out != NULL) *out = ts.tv_sec;
  return ts.tv_sec;
}

int pthread_cond_clockwait(pthread_cond_t* restrict cond, pthread_mutex_t* restrict mutex, clockid_t id,
                           const struct timespec* restrict at) {
  static int (*real)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const struct timespec*);
  if (real == NULL)
    real = (int (*)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const struct timespec*))dlsym(
        RTLD_NEXT, "pthread_cond_clockwait");
  if (!is_realtime(id)) return real(cond, mutex, id, at);
  struct timespec real_at = *at;
  real_at.tv_sec -= shift_s();
  return real(cond, mutex, id, &real_at);
}
