// A small pool of worker threads that spin for a moment after each job (see CKernels.h,
// `ckern_pool_run`): a parallel loop then starts on every core within a microsecond or so, where a
// parked dispatch worker takes tens of microseconds to wake on a virtual machine — paid at every
// one of the hundreds of parallel loops of a model run.
//
// One job runs at a time. A job lives on its caller's stack; the caller publishes it in `current`,
// takes indices with the workers, waits for every index to finish, withdraws it, then waits until
// no worker still holds it (each worker announces the job it is about to read in its own slot and
// reads it only if the job is still published after that: a hazard pointer), so the job never
// outlives its frame.

#include "CKernels.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define POOL_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define POOL_PAUSE() __asm__ __volatile__("yield")
#else
#define POOL_PAUSE() ((void)0)
#endif

enum {
  POOL_MAX_WORKERS = 31,
  // How long an idle worker spins before it sleeps.
  POOL_SPIN_NANOSECONDS = 200000,
};

typedef struct {
  ckern_pool_fn fn;
  void *context;
  ptrdiff_t iterations;
  uint64_t sequence;
  _Atomic ptrdiff_t next;
  _Atomic ptrdiff_t finished;
} pool_job;

static _Atomic(pool_job *) pool_current;
static _Atomic(pool_job *) pool_slots[POOL_MAX_WORKERS];
static _Atomic int pool_busy;
static _Atomic int pool_sleepers;
static uint64_t pool_sequence;  // written only by the caller holding `pool_busy`
static int pool_workers;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_wake = PTHREAD_COND_INITIALIZER;

static uint64_t pool_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// Takes indices of `job` until none is left.
static void pool_share(pool_job *job) {
  for (;;) {
    const ptrdiff_t i = atomic_fetch_add(&job->next, 1);
    if (i >= job->iterations) return;
    job->fn(job->context, i);
    atomic_fetch_add(&job->finished, 1);
  }
}

// A published job this worker has not run yet, or NULL.
static pool_job *pool_fresh(uint64_t seen_sequence, _Atomic(pool_job *) *slot) {
  pool_job *job = atomic_load(&pool_current);
  if (job == NULL) return NULL;
  atomic_store(slot, job);
  if (atomic_load(&pool_current) != job || job->sequence == seen_sequence) {
    atomic_store(slot, NULL);
    return NULL;
  }
  return job;
}

static void *pool_worker(void *argument) {
  _Atomic(pool_job *) *slot = &pool_slots[(intptr_t)argument];
  uint64_t seen = 0;
  for (;;) {
    pool_job *job = NULL;
    const uint64_t start = pool_now();
    unsigned spins = 0;
    while ((job = pool_fresh(seen, slot)) == NULL) {
      POOL_PAUSE();
      if (++spins % 64 != 0 || pool_now() - start < POOL_SPIN_NANOSECONDS) continue;
      pthread_mutex_lock(&pool_lock);
      atomic_fetch_add(&pool_sleepers, 1);
      while ((job = pool_fresh(seen, slot)) == NULL) pthread_cond_wait(&pool_wake, &pool_lock);
      atomic_fetch_sub(&pool_sleepers, 1);
      pthread_mutex_unlock(&pool_lock);
      break;
    }
    seen = job->sequence;
    pool_share(job);
    atomic_store(slot, NULL);
  }
  return NULL;
}

static void pool_start(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int workers = cores > 1 ? (int)(cores - 1) : 0;
  if (workers > POOL_MAX_WORKERS) workers = POOL_MAX_WORKERS;
  for (int w = 0; w < workers; w++) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attributes, pool_worker, (void *)(intptr_t)w) == 0) pool_workers = w + 1;
    pthread_attr_destroy(&attributes);
    if (pool_workers != w + 1) break;
  }
}

int ckern_pool_run(ptrdiff_t iterations, ckern_pool_fn fn, void *context) {
  int idle = 0;
  if (!atomic_compare_exchange_strong(&pool_busy, &idle, 1)) return 0;
  pthread_once(&pool_once, pool_start);
  pool_job job = {fn, context, iterations, ++pool_sequence, 0, 0};
  if (pool_workers > 0 && iterations > 1) {
    atomic_store(&pool_current, &job);
    if (atomic_load(&pool_sleepers) > 0) {
      pthread_mutex_lock(&pool_lock);
      pthread_cond_broadcast(&pool_wake);
      pthread_mutex_unlock(&pool_lock);
    }
  }
  pool_share(&job);
  while (atomic_load(&job.finished) < iterations) POOL_PAUSE();
  atomic_store(&pool_current, NULL);
  for (int w = 0; w < pool_workers; w++) {
    while (atomic_load(&pool_slots[w]) == &job) POOL_PAUSE();
  }
  atomic_store(&pool_busy, 0);
  return 1;
}
