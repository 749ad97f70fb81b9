// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-failalloc: allocation-failure injection over every path of the
 * user-space library that allocates.
 *
 * The library's objects are linked into one relocatable object with
 * --wrap for each allocating call they make (malloc and friends,
 * pthread_create, pthread_setspecific, liburcu's _cds_lfht_new), so only
 * lfprim's own calls come here; liburcu's, libc's and this driver's own
 * allocations are untouched.  For each scenario, run N = 1, 2, ... fails
 * the Nth such call made while the scenario runs, until a run makes fewer
 * than N calls.  At every N the failing call must return its documented
 * errno (-ENOMEM; -EAGAIN where a thread could not be created), the object
 * must be either usable afterwards (a later operation works) or cleanly
 * failed (refused as never initialised, nothing to destroy), and
 * LeakSanitizer must find nothing; AddressSanitizer and
 * UndefinedBehaviorSanitizer stop the run on any report.  A scenario that
 * never had a call failed cannot fail, and fails the run.
 *
 * Not injected: lfp_rcu_register_slow()'s pthread_setspecific() (a
 * read-side section cannot fail, so lfprim aborts there); the driver
 * registers its threads with liburcu before it arms the injection.
 *
 * Output: TAP, one line per scenario, "fails=K" the number of allocation
 * points exercised.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/lsan_interface.h>

#include <lfprim/batch.h>
#include <lfprim/dropq.h>
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pcount.h>
#include <lfprim/pubsub.h>
#include <lfprim/rmap.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

/* ---- the injection ---- */

static struct {
	int armed;
	unsigned long fail_at;	/* fail this call (1-based) */
	unsigned long calls;	/* allocating calls made while armed */
	unsigned long failed;	/* injected failures */
	int err;		/* the errno the API must report for it */
	int bad;		/* a check failed */
} fa;

/* Fail this call?  @err: what lfprim must then return, negated. */
static int fa_fail(int err)
{
	if (!__atomic_load_n(&fa.armed, __ATOMIC_SEQ_CST))
		return 0;
	if (__atomic_add_fetch(&fa.calls, 1, __ATOMIC_SEQ_CST) != fa.fail_at)
		return 0;
	fa.err = -err;
	__atomic_add_fetch(&fa.failed, 1, __ATOMIC_SEQ_CST);
	return 1;
}

/* How many failures so far; fa_hit(mark) says whether one came since. */
static unsigned long fa_mark(void)
{
	return __atomic_load_n(&fa.failed, __ATOMIC_SEQ_CST);
}

static int fa_hit(unsigned long mark)
{
	return fa_mark() != mark;
}

void *__wrap_malloc(size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, size);
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return aligned_alloc(align, size);
}

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	return fa_fail(ENOMEM) ? ENOMEM : posix_memalign(p, align, size);
}

/* What glibc returns when it cannot get a stack or a thread. */
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	return fa_fail(EAGAIN) ? EAGAIN : pthread_create(t, attr, fn, arg);
}

/* glibc allocates a key's second-level array on a thread's first set. */
int __wrap_pthread_setspecific(pthread_key_t key, const void *v)
{
	return v && fa_fail(ENOMEM) ? ENOMEM : pthread_setspecific(key, v);
}

struct cds_lfht *__wrap__cds_lfht_new(unsigned long init_size,
				      unsigned long min_nr_alloc_buckets,
				      unsigned long max_nr_buckets, int flags,
				      const struct cds_lfht_mm_type *mm,
				      const struct rcu_flavor_struct *flavor,
				      pthread_attr_t *attr)
{
	if (fa_fail(ENOMEM))
		return NULL;
	return _cds_lfht_new(init_size, min_nr_alloc_buckets, max_nr_buckets,
			     flags, mm, flavor, attr);
}

/* A user allocation counted like lfprim's (the snap scenario's copy). */
static void *fa_user_alloc(size_t size)
{
	return fa_fail(ENOMEM) ? NULL : calloc(1, size);
}

/* A failed check fails the scenario, which goes on to its end. */
static void fa_check_failed(int line, const char *what)
{
	printf("# %s:%d: fail_at=%lu: %s\n", __FILE__, line, fa.fail_at, what);
	fa.bad = 1;
}

#define FA_CHECK(cond)							\
	do {								\
		if (!(cond))						\
			fa_check_failed(__LINE__, #cond);		\
	} while (0)

/* Run @fn in a thread of the driver's own (not an injection point). */
static pthread_t fa_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, arg)) {
		perror("pthread_create");
		exit(2);
	}
	return t;
}

static void fa_sleep_ms(unsigned int ms)
{
	usleep(ms * 1000);
}

static int item[8];

/* ---- dropq ---- */

static int sc_dropq_init(void)
{
	struct lfp_dropq q;
	unsigned long m = fa_mark();
	void *p;
	int ret;

	memset(&q, 0, sizeof(q));
	ret = lfp_dropq_init(&q, 4);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		/* Cleanly failed: refused as never initialised. */
		FA_CHECK(lfp_dropq_push(&q, &item[0]) == -EINVAL);
		lfp_dropq_destroy(&q, NULL);
		return 0;
	}
	FA_CHECK(ret == 0);
	FA_CHECK(lfp_dropq_push(&q, &item[0]) == 0);
	FA_CHECK(lfp_dropq_try_pop(&q, &p) == 0 && p == &item[0]);
	lfp_dropq_destroy(&q, NULL);
	return 0;
}

/* Pops exactly item[0] .. item[n - 1], in order, then finds q empty. */
static void fa_dropq_drain(struct lfp_dropq *q, int n)
{
	void *p;
	int i;

	for (i = 0; i < n; i++)
		FA_CHECK(lfp_dropq_try_pop(q, &p) == 0 && p == &item[i]);
	FA_CHECK(lfp_dropq_try_pop(q, &p) == -EAGAIN);
}

static int sc_dropq_resize(void)
{
	struct lfp_dropq_stats st;
	struct lfp_dropq q;
	unsigned long m;
	unsigned int cap = 4;
	int i, ret;

	m = fa_mark();
	ret = lfp_dropq_init(&q, cap);
	if (ret) {
		/* sc_dropq_init checks the rest. */
		FA_CHECK(fa_hit(m) && ret == -ENOMEM);
		return 0;
	}
	for (i = 0; i < 3; i++)
		FA_CHECK(lfp_dropq_push(&q, &item[i]) == 0);
	/* Shrinking below the length allocates, then refuses. */
	m = fa_mark();
	ret = lfp_dropq_resize(&q, 2);
	FA_CHECK(ret == (fa_hit(m) ? -ENOMEM : -EBUSY));
	m = fa_mark();
	ret = lfp_dropq_resize(&q, 8);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
	} else {
		FA_CHECK(ret == 0);
		cap = 8;
	}
	lfp_dropq_get_stats(&q, &st);
	FA_CHECK(st.capacity == cap && st.len == 3);
	/* Usable either way: the same items, in order, then a full ring. */
	fa_dropq_drain(&q, 3);
	for (i = 0; i < (int)cap && i < 8; i++)
		FA_CHECK(lfp_dropq_push(&q, &item[i]) == 0);
	FA_CHECK(lfp_dropq_push(&q, &item[0]) == -ENOSPC);
	fa_dropq_drain(&q, cap);
	lfp_dropq_destroy(&q, NULL);
	return 0;
}

/* ---- pcount ---- */

static int sc_pcount_init(void)
{
	struct lfp_pcount pc;
	unsigned long m = fa_mark();
	int ret, i;

	memset(&pc, 0, sizeof(pc));
	ret = lfp_pcount_init(&pc, 4, LFP_PCOUNT_PER_CPU);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		FA_CHECK(lfp_pcount_set_batch(&pc, 2) == -EINVAL);
		lfp_pcount_destroy(&pc);
		return 0;
	}
	FA_CHECK(ret == 0);
	for (i = 0; i < 10; i++)
		lfp_pcount_add(&pc, 3);
	FA_CHECK(lfp_pcount_sum(&pc) == 30);
	lfp_pcount_destroy(&pc);
	return 0;
}

static struct lfp_pcount fa_pc[2];

/*
 * A fresh thread's first add to each counter allocates its slot; @arg
 * non-NULL: the thread adds to the first counter only.
 */
static void *fa_pcount_adder(void *arg)
{
	int i;

	for (i = 0; i < 100; i++) {
		lfp_pcount_inc(&fa_pc[0]);
		if (!arg)
			lfp_pcount_add(&fa_pc[1], 2);
	}
	lfp_pcount_add(&fa_pc[0], -3);
	return NULL;
}

static int sc_pcount_slot(void)
{
	int i;

	for (i = 0; i < 2; i++)
		FA_CHECK(lfp_pcount_init(&fa_pc[i], 8, 0) == 0);
	pthread_join(fa_thread(fa_pcount_adder, NULL), NULL);
	pthread_join(fa_thread(fa_pcount_adder, fa_pc), NULL);
	/* Every add counted, slot or no slot... */
	FA_CHECK(lfp_pcount_sum(&fa_pc[0]) == 194);
	FA_CHECK(lfp_pcount_sum(&fa_pc[1]) == 200);
	/* ...and the exited threads left nothing behind. */
	FA_CHECK(lfp_pcount_read(&fa_pc[0]) == 194);
	FA_CHECK(lfp_pcount_read(&fa_pc[1]) == 200);
	FA_CHECK(lfp_pcount_error_bound(&fa_pc[0]) == 0);
	FA_CHECK(lfp_pcount_error_bound(&fa_pc[1]) == 0);
	for (i = 0; i < 2; i++)
		lfp_pcount_destroy(&fa_pc[i]);
	return 0;
}

/* ---- rmap ---- */

struct fa_rnode {
	struct lfp_rmap_node node;
	int val;
};

static void fa_rnode_free(struct lfp_rmap_node *node)
{
	free(lfp_container_of(node, struct fa_rnode, node));
}

static struct lfp_rmap_node *fa_rnode(unsigned long long key, int val)
{
	struct fa_rnode *n = calloc(1, sizeof(*n));

	if (!n) {
		perror("calloc");
		exit(2);
	}
	n->node.key = key;
	n->val = val;
	return &n->node;
}

/* The value under @key in @map, -1 if none. */
static int fa_rmap_val(struct lfp_rmap *map, unsigned long long key)
{
	struct lfp_rmap_node *n;
	int v = -1;

	lfp_rmap_read_lock();
	n = lfp_rmap_lookup(map, key);
	if (n)
		v = lfp_container_of(n, struct fa_rnode, node)->val;
	lfp_rmap_read_unlock();
	return v;
}

static int sc_rmap_init(void)
{
	struct lfp_rmap_node *n;
	struct lfp_rmap map;
	unsigned long m = fa_mark();
	int ret;

	memset(&map, 0, sizeof(map));
	ret = lfp_rmap_init(&map, fa_rnode_free);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		n = fa_rnode(1, 1);
		FA_CHECK(lfp_rmap_insert(&map, n) == -EINVAL);
		fa_rnode_free(n);
		lfp_rmap_destroy(&map);
		return 0;
	}
	FA_CHECK(ret == 0);
	/* Insert, replace and delete allocate nothing of lfprim's. */
	FA_CHECK(lfp_rmap_insert(&map, fa_rnode(1, 10)) == 0);
	FA_CHECK(lfp_rmap_insert(&map, fa_rnode(2, 20)) == 0);
	n = fa_rnode(1, 11);
	FA_CHECK(lfp_rmap_insert(&map, n) == -EEXIST);
	FA_CHECK(lfp_rmap_replace(&map, n) == 1);
	FA_CHECK(lfp_rmap_delete(&map, 2) == 0);
	FA_CHECK(fa_rmap_val(&map, 1) == 11 && fa_rmap_val(&map, 2) == -1);
	FA_CHECK(lfp_rmap_size(&map) == 1);
	lfp_rmap_destroy(&map);
	return 0;
}

static void fa_rmap_release(struct lfp_rmap *map)
{
	free(map);
}

/* Build a map of keys 1..3 holding @gen; NULL if its init failed. */
static struct lfp_rmap *fa_rmap_build(int gen, int *err)
{
	struct lfp_rmap *map = calloc(1, sizeof(*map));
	unsigned long long k;
	int ret;

	if (!map) {
		perror("calloc");
		exit(2);
	}
	ret = lfp_rmap_init(map, fa_rnode_free);
	if (ret) {
		*err = ret;
		free(map);
		return NULL;
	}
	for (k = 1; k <= 3; k++)
		if (lfp_rmap_insert(map, fa_rnode(k, gen)))
			*err = -EEXIST;
	return map;
}

/* The generation the ref serves (checked on every key), 0 if empty. */
static int fa_ref_gen(struct lfp_rmap_ref *ref)
{
	struct lfp_rmap *map;
	unsigned long long k;
	int gen = 0, v;

	lfp_rmap_read_lock();
	map = lfp_rmap_ref_deref(ref);
	for (k = 1; map && k <= 3; k++) {
		v = fa_rmap_val(map, k);
		if (k == 1)
			gen = v;
		else if (v != gen)
			gen = -1;
	}
	lfp_rmap_read_unlock();
	return gen;
}

/* Build and swap: a failed rebuild leaves the old map in service. */
static int sc_rmap_reload(void)
{
	struct lfp_rmap_ref ref;
	struct lfp_rmap *map;
	int gen, serving = 0, err;

	FA_CHECK(lfp_rmap_ref_init(&ref) == 0);
	for (gen = 1; gen <= 3; gen++) {
		unsigned long m = fa_mark();

		err = 0;
		map = fa_rmap_build(gen, &err);
		if (fa_hit(m)) {
			FA_CHECK(!map && err == -ENOMEM);
		} else {
			FA_CHECK(map && !err);
			FA_CHECK(lfp_rmap_ref_publish(&ref, map,
						      fa_rmap_release) == 0);
			serving = gen;
		}
		FA_CHECK(fa_ref_gen(&ref) == serving);
	}
	lfp_rmap_ref_destroy(&ref);
	return 0;
}

/* ---- sflight ---- */

static struct lfp_sflight fa_sf;
static struct lfp_event fa_sf_go;
static int fa_sf_runs;

static int fa_sf_fn(void *arg, void **res)
{
	__atomic_add_fetch(&fa_sf_runs, 1, __ATOMIC_SEQ_CST);
	if (arg)
		lfp_event_wait(arg, LFP_WAIT_FOREVER, NULL);
	*res = &item[1];
	return 7;
}

struct fa_sf_call {
	struct lfp_event *block;
	int ret, shared;
	void *res;
	int done;
};

static void *fa_sf_caller(void *p)
{
	struct fa_sf_call *c = p;

	c->ret = lfp_sflight_do(&fa_sf, 42, fa_sf_fn, c->block, &c->res,
				&c->shared, LFP_WAIT_FOREVER, NULL);
	__atomic_store_n(&c->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int sc_sflight_do(void)
{
	struct lfp_sflight_stats st;
	int i, ret, shared, runs = 0;
	unsigned long m;
	void *res;

	FA_CHECK(lfp_sflight_init(&fa_sf) == 0);
	fa_sf_runs = 0;
	/* Alone: no call set up and @fn not run, or the call as usual. */
	for (i = 0; i < 2; i++) {
		res = NULL;
		shared = -1;
		m = fa_mark();
		ret = lfp_sflight_do(&fa_sf, 1, fa_sf_fn, NULL, &res, &shared,
				     LFP_WAIT_FOREVER, NULL);
		if (fa_hit(m)) {
			FA_CHECK(ret == -ENOMEM && fa_sf_runs == runs);
		} else {
			FA_CHECK(ret == 7 && res == &item[1] && shared == 0);
			FA_CHECK(fa_sf_runs == ++runs);
		}
	}
	lfp_sflight_get_stats(&fa_sf, &st);
	FA_CHECK(st.leaders == (unsigned long long)runs && st.inflight == 0);
	FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
	return 0;
}

/*
 * The waiter's own allocation may fail: it joins the leader's call, which
 * needs none, so it still gets the shared result.
 */
static int sc_sflight_join(void)
{
	struct fa_sf_call lead = { .block = &fa_sf_go }, wait = { 0 };
	struct lfp_sflight_stats st;
	unsigned long m;
	pthread_t tl, tw;

	FA_CHECK(lfp_sflight_init(&fa_sf) == 0);
	lfp_event_init(&fa_sf_go);
	fa_sf_runs = 0;
	m = fa_mark();
	tl = fa_thread(fa_sf_caller, &lead);
	do {
		fa_sleep_ms(1);
		lfp_sflight_get_stats(&fa_sf, &st);
	} while (!st.inflight && !fa_hit(m));
	if (fa_hit(m)) {
		/* The leader could not set up: alone, @fn not run. */
		pthread_join(tl, NULL);
		FA_CHECK(lead.ret == -ENOMEM && fa_sf_runs == 0);
		lfp_sflight_get_stats(&fa_sf, &st);
		FA_CHECK(st.leaders == 0 && st.inflight == 0);
		FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
		return 0;
	}
	tw = fa_thread(fa_sf_caller, &wait);
	do {
		fa_sleep_ms(1);
		lfp_sflight_get_stats(&fa_sf, &st);
	} while (!st.shared && !__atomic_load_n(&wait.done, __ATOMIC_SEQ_CST));
	lfp_event_fire(&fa_sf_go);
	pthread_join(tl, NULL);
	pthread_join(tw, NULL);
	FA_CHECK(lead.ret == 7 && lead.res == &item[1] && lead.shared == 0);
	FA_CHECK(wait.ret == 7 && wait.res == &item[1] && wait.shared == 1);
	FA_CHECK(fa_sf_runs == 1);
	lfp_sflight_get_stats(&fa_sf, &st);
	FA_CHECK(st.leaders == 1 && st.shared == 1 && st.inflight == 0);
	FA_CHECK(lfp_sflight_destroy(&fa_sf) == 0);
	return 0;
}

/* ---- group ---- */

static int fa_task_runs;

static int fa_task(void *arg, struct lfp_event *cancel)
{
	(void)arg;
	(void)cancel;
	__atomic_add_fetch(&fa_task_runs, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static int sc_group_go(void)
{
	struct lfp_group_stats st;
	struct lfp_group g;
	unsigned long m;
	int i, ret, started = 0;

	FA_CHECK(lfp_group_init(&g, 2) == 0);
	fa_task_runs = 0;
	for (i = 0; i < 4; i++) {
		m = fa_mark();
		if (i < 3)
			ret = lfp_group_go(&g, fa_task, NULL, LFP_WAIT_FOREVER,
					   NULL);
		else
			ret = lfp_group_try_go(&g, fa_task, NULL);
		if (fa_hit(m)) {
			/* calloc: -ENOMEM; pthread_create: -EAGAIN. */
			FA_CHECK(ret == fa.err);
		} else if (ret == -EAGAIN && i == 3) {
			/* try_go at the limit: wait and try again. */
			FA_CHECK(lfp_group_wait(&g) == 0);
			i--;
			continue;
		} else {
			FA_CHECK(ret == 0);
			started++;
		}
	}
	FA_CHECK(lfp_group_wait(&g) == 0);
	lfp_group_get_stats(&g, &st);
	FA_CHECK(st.started == (unsigned long long)started);
	FA_CHECK(st.finished == (unsigned long long)started);
	FA_CHECK(st.running == 0 && !st.cancelled && st.first_error == 0);
	FA_CHECK(fa_task_runs == started);
	lfp_group_destroy(&g);
	return 0;
}

/* ---- batch ---- */

static void *fa_flushed[8];
static unsigned int fa_nflushed;

static void fa_flush(void **items, unsigned int n, void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < n && fa_nflushed < 8; i++)
		fa_flushed[fa_nflushed++] = items[i];
}

static int sc_batch_init(void)
{
	struct lfp_batch_stats st;
	struct lfp_batch b;
	unsigned long m = fa_mark();
	int ret, i;

	memset(&b, 0, sizeof(b));
	fa_nflushed = 0;
	ret = lfp_batch_init(&b, 4, 4, 1000, fa_flush, NULL);
	if (fa_hit(m)) {
		/* calloc: -ENOMEM; pthread_create: -EAGAIN. */
		FA_CHECK(ret == fa.err);
		FA_CHECK(lfp_batch_add(&b, &item[0]) == -EINVAL);
		lfp_batch_destroy(&b);
		return 0;
	}
	FA_CHECK(ret == 0);
	for (i = 0; i < 3; i++)
		FA_CHECK(lfp_batch_add(&b, &item[i]) == 0);
	lfp_batch_close(&b);
	lfp_batch_get_stats(&b, &st);
	FA_CHECK(st.added == 3 && st.flushed == 3 && st.pending == 0);
	FA_CHECK(fa_nflushed == 3);
	for (i = 0; i < 3; i++)
		FA_CHECK(fa_flushed[i] == &item[i]);
	lfp_batch_destroy(&b);
	return 0;
}

/* ---- pubsub ---- */

static int sc_pubsub(void)
{
	struct lfp_pubsub_sub sub[3];
	int ok[3], i, ret, n = 0;
	struct lfp_pubsub ps;
	unsigned long m;
	void *p;

	memset(sub, 0, sizeof(sub));
	FA_CHECK(lfp_pubsub_init(&ps) == 0);
	for (i = 0; i < 3; i++) {
		m = fa_mark();
		ret = lfp_pubsub_subscribe(&ps, &sub[i], 4);
		ok[i] = !fa_hit(m);
		FA_CHECK(ret == (ok[i] ? 0 : -ENOMEM));
		n += ok[i];
		FA_CHECK(lfp_pubsub_subscribers(&ps) == (unsigned int)n);
	}
	/* Exactly the subscriptions that succeeded get the message. */
	FA_CHECK(lfp_pubsub_publish(&ps, &item[2]) == n);
	for (i = 0; i < 3; i++) {
		if (!ok[i]) {
			/* Never subscribed: its destroy is harmless. */
			lfp_pubsub_sub_destroy(&sub[i], NULL);
			continue;
		}
		FA_CHECK(lfp_pubsub_pop(&sub[i], &p, 0, NULL) == 0 &&
			 p == &item[2]);
		lfp_pubsub_unsubscribe(&ps, &sub[i]);
		lfp_pubsub_sub_destroy(&sub[i], NULL);
	}
	FA_CHECK(lfp_pubsub_destroy(&ps) == 0);
	return 0;
}

/* ---- snap: the copy is the caller's allocation, counted here ---- */

struct fa_obj {
	struct lfp_snap_node node;
	int *val;
};

static void fa_obj_free(struct lfp_snap_node *node)
{
	struct fa_obj *o = lfp_container_of(node, struct fa_obj, node);

	free(o->val);
	free(o);
}

static int fa_modify(const struct lfp_snap_node *old,
		     struct lfp_snap_node *scratch, void *arg)
{
	struct fa_obj *s = lfp_container_of(scratch, struct fa_obj, node);
	const struct fa_obj *o = old ? lfp_container_of(old, struct fa_obj, node) :
				 NULL;

	(void)arg;
	free(s->val);
	s->val = fa_user_alloc(sizeof(*s->val));
	if (!s->val)
		return -ENOMEM;
	*s->val = (o ? *o->val : 0) + 1;
	return 0;
}

static int fa_snap_val(struct lfp_snap *snap)
{
	struct lfp_snap_node *n;
	int v = 0;

	lfp_snap_read_lock();
	n = lfp_snap_deref(snap);
	if (n)
		v = *lfp_container_of(n, struct fa_obj, node)->val;
	lfp_snap_read_unlock();
	return v;
}

static int sc_snap_update(void)
{
	struct lfp_snap snap;
	struct fa_obj *s;
	unsigned long m;
	int i, ret, val = 0;

	FA_CHECK(lfp_snap_init(&snap, NULL, fa_obj_free) == 0);
	for (i = 0; i < 3; i++) {
		s = calloc(1, sizeof(*s));
		if (!s)
			exit(2);
		m = fa_mark();
		ret = lfp_snap_update(&snap, &s->node, fa_modify, NULL);
		if (fa_hit(m)) {
			/* Aborted with @modify's errno: @s stays ours. */
			FA_CHECK(ret == -ENOMEM);
			fa_obj_free(&s->node);
		} else {
			FA_CHECK(ret == 0);
			val++;
		}
		FA_CHECK(fa_snap_val(&snap) == val);
	}
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
	return 0;
}

/* ---- the calls that must not allocate at all ---- */

static void fa_node_free(struct lfp_snap_node *node)
{
	free(node);
}

static int sc_noalloc(void)
{
	struct lfp_sflight sf;
	struct lfp_rmap_ref ref;
	struct lfp_snap_node *n;
	struct lfp_pubsub ps;
	struct lfp_pcount pc;
	struct lfp_event ev;
	struct lfp_group g;
	struct lfp_snap snap;

	FA_CHECK(lfp_event_init(&ev) == 0);
	FA_CHECK(lfp_event_fire(&ev) == 1);
	FA_CHECK(lfp_event_wait(&ev, 10, NULL) == 0);
	FA_CHECK(lfp_event_reinit(&ev) == 0);
	FA_CHECK(lfp_snap_init(&snap, NULL, fa_node_free) == 0);
	n = calloc(1, sizeof(*n));
	FA_CHECK(n && lfp_snap_publish(&snap, n) == 0);
	n = calloc(1, sizeof(*n));
	FA_CHECK(n && lfp_snap_publish_sync(&snap, n) == 0);
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
	FA_CHECK(lfp_sflight_init(&sf) == 0);
	FA_CHECK(lfp_sflight_destroy(&sf) == 0);
	FA_CHECK(lfp_group_init(&g, 3) == 0);
	FA_CHECK(lfp_group_wait(&g) == 0);
	lfp_group_destroy(&g);
	FA_CHECK(lfp_pubsub_init(&ps) == 0);
	FA_CHECK(lfp_pubsub_publish(&ps, &item[0]) == 0);
	FA_CHECK(lfp_pubsub_destroy(&ps) == 0);
	FA_CHECK(lfp_rmap_ref_init(&ref) == 0);
	lfp_rmap_ref_destroy(&ref);
	FA_CHECK(lfp_pcount_init(&pc, 4, 0) == 0);
	lfp_pcount_destroy(&pc);
	return 0;
}

/* ---- the runner ---- */

struct fa_scenario {
	const char *name;
	int (*run)(void);
	int noalloc;	/* must make no allocating call at all */
};

static const struct fa_scenario fa_scenarios[] = {
	{ "dropq_init", sc_dropq_init, 0 },
	{ "dropq_resize", sc_dropq_resize, 0 },
	{ "pcount_init", sc_pcount_init, 0 },
	{ "pcount_slot", sc_pcount_slot, 0 },
	{ "rmap_init", sc_rmap_init, 0 },
	{ "rmap_reload", sc_rmap_reload, 0 },
	{ "sflight_do", sc_sflight_do, 0 },
	{ "sflight_join", sc_sflight_join, 0 },
	{ "group_go", sc_group_go, 0 },
	{ "batch_init", sc_batch_init, 0 },
	{ "pubsub", sc_pubsub, 0 },
	{ "snap_update", sc_snap_update, 0 },
	{ "noalloc", sc_noalloc, 1 },
};

#define FA_MAX_N	200

static int fa_run(const struct fa_scenario *s, unsigned long *fails)
{
	unsigned long n, calls;
	int ret;

	for (n = 1; n <= FA_MAX_N; n++) {
		__atomic_store_n(&fa.calls, 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&fa.failed, 0, __ATOMIC_SEQ_CST);
		fa.fail_at = n;
		fa.bad = 0;
		__atomic_store_n(&fa.armed, 1, __ATOMIC_SEQ_CST);
		ret = s->run();
		__atomic_store_n(&fa.armed, 0, __ATOMIC_SEQ_CST);
		calls = __atomic_load_n(&fa.calls, __ATOMIC_SEQ_CST);
		/* Frees still queued behind a grace period are not leaks. */
		lfp_snap_barrier();
		if (__lsan_do_recoverable_leak_check()) {
			/* Maybe from an earlier N, the pointer hidden till now. */
			printf("# %s: leak found after the run that failed call %lu\n",
			       s->name, n);
			return -1;
		}
		if (ret || fa.bad)
			return -1;
		if (s->noalloc && calls) {
			printf("# %s: %lu allocating calls\n", s->name, calls);
			return -1;
		}
		if (!fa.failed) {
			*fails = n - 1;
			if (!s->noalloc && !*fails) {
				printf("# %s: no allocating call was made\n",
				       s->name);
				return -1;
			}
			return 0;
		}
	}
	printf("# %s: still failing at call %d\n", s->name, FA_MAX_N);
	return -1;
}

int main(void)
{
	unsigned int i, n = LFP_ARRAY_SIZE(fa_scenarios);
	unsigned long fails;
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Registration is not injected (see the top of this file). */
	lfp_snap_read_lock();
	lfp_snap_read_unlock();
	printf("TAP version 13\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		fails = 0;
		if (fa_run(&fa_scenarios[i], &fails)) {
			printf("not ok %u failalloc_%s\n", i + 1,
			       fa_scenarios[i].name);
			bad++;
		} else {
			printf("ok %u failalloc_%s fails=%lu\n", i + 1,
			       fa_scenarios[i].name, fails);
		}
	}
	return bad ? 1 : 0;
}
