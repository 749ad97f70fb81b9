// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-kernel benchmark runner: the shared scenario rows
 * (include/lfprim/core/bench/all.h) plus the rows only the kernel has
 * (bench_rows.h), run on kthreads pinned one per CPU, configured and
 * started through /sys/kernel/lfprim/bench/ or at load time through
 * bench_* module parameters (bench_autorun=1, like refscale).
 *
 * A run is a matrix: every selected scenario x every thread count x every
 * read percentage that applies, walked by the shared driver
 * (lfp_bench_walk() in include/lfprim/core/bench.h).  Each point is one
 * untimed warm-up run and then @runs timed runs of @duration_ms; the
 * median is appended to the result as one line and logged.  The pcount
 * scenarios fold at the built-in pcount's batch (the pcount_batch
 * parameter, pcount/batch) as it is when the run starts.
 *
 * The run executes in a work item; lfp_bench_mutex guards the
 * configuration, the state and the result.  Writing 0 to run, or
 * unloading the module, raises lfp_bench_abort: the current run's threads
 * stop at their next look at the stop flag (at most 64 operations away),
 * the work item finishes, and nothing is left behind.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <lfprim/backend/bench.h>
#include <lfprim/core/parse.h>
#include <lfprim/core/bench/all.h>

#include "bench.h"
#include "bench_rows.h"
#include "compat.h"
#include "knobs/knobs.h"

/* The rows only the kernel has, after the shared ones. */
static const struct lfp_bench_scenario *const lfp_bench_own[] = {
	&lfp_kbench_sc_rwsem_read,
	&lfp_kbench_sc_percpu_rwsem_read,
	&lfp_kbench_sc_this_cpu_add,
	&lfp_kbench_sc_this_cpu_cmpxchg,
	&lfp_kbench_sc_percpu_counter_add,
	&lfp_kbench_sc_lfht_lookup,
	&lfp_kbench_sc_ring_push,
	&lfp_kbench_sc_ring_push_irq,
	&lfp_kbench_sc_ring_push4,
	&lfp_kbench_sc_llist_push,
	&lfp_kbench_sc_kfifo_push,
};

#define LFP_BENCH_NR	(ARRAY_SIZE(lfp_bench_all) + ARRAY_SIZE(lfp_bench_own))
#define LFP_BENCH_LIST	8	/* entries in a threads or read_pct list */
static_assert(LFP_BENCH_NR <= LFP_BENCH_MAX_SCENARIOS);
static_assert(LFP_BENCH_LIST <= LFP_BENCH_MAX_LIST);

static int lfp_bench_run_once(const struct lfp_bench_point *p, unsigned int ms,
			      u64 *ps, u64 *ops, u64 *calls);
static void lfp_bench_begin(const struct lfp_bench_point *p);
static int lfp_bench_end(const struct lfp_bench_point *p, int err);

/* pcount_batch is set when a run starts, under lfp_bench_mutex. */
static struct lfp_bench_world lfp_bench_world = {
	.name = "kernel",
	.shared = lfp_bench_all,
	.nshared = ARRAY_SIZE(lfp_bench_all),
	.own = lfp_bench_own,
	.nown = ARRAY_SIZE(lfp_bench_own),
	.run = lfp_bench_run_once,
	.begin = lfp_bench_begin,
	.end = lfp_bench_end,
};

/* ---- configuration ---- */

enum lfp_bench_state { LFP_BENCH_IDLE, LFP_BENCH_RUNNING, LFP_BENCH_DONE,
		       LFP_BENCH_STOPPED, LFP_BENCH_FAILED };

static const char * const lfp_bench_state_name[] = {
	"idle", "running", "done", "stopped", "failed",
};

static DEFINE_MUTEX(lfp_bench_mutex);
static struct lfp_bench_cfg lfp_bench_cfg = {
	.scenarios = 1,			/* snap-read */
	.threads = { 1 }, .nthreads = 1,
	.read_pct = { 100 }, .npct = 1,
	.duration_ms = 200, .runs = 5,
	.sflight_us = LFP_BENCH_SFLIGHT_US_DEFAULT,
};

/* Everything below is guarded by lfp_bench_mutex. */
static struct lfp_bench_cfg lfp_bench_active;
static enum lfp_bench_state lfp_bench_state;
static unsigned int lfp_bench_points, lfp_bench_points_done;
static const struct lfp_bench_scenario *lfp_bench_cur;
static unsigned int lfp_bench_cur_threads, lfp_bench_cur_pct;
static int lfp_bench_err;
static char *lfp_bench_result;
static size_t lfp_bench_result_len, lfp_bench_result_cap;

static int lfp_bench_abort;
static DECLARE_WAIT_QUEUE_HEAD(lfp_bench_wq);
static void lfp_bench_workfn(struct work_struct *work);
static DECLARE_WORK(lfp_bench_work, lfp_bench_workfn);
static bool lfp_bench_autorun;

#define lfp_bench_parse_list(buf, lo, hi, out, n) \
	lfp_parse_uint_list(buf, lo, hi, out, LFP_BENCH_LIST, n)

/* "all" or a comma-separated list of scenario names. */
#define LFP_BENCH_SCENARIOS_MAX	1024	/* longest list written */

static int lfp_bench_parse_scenarios(const char *buf, u64 *mask)
{
	char *tmp = kmalloc(LFP_BENCH_SCENARIOS_MAX, GFP_KERNEL);
	int ret;

	if (!tmp)
		return -ENOMEM;
	ret = lfp_bench_parse_scenarios_in(&lfp_bench_world, buf, tmp,
					   LFP_BENCH_SCENARIOS_MAX, mask);
	kfree(tmp);
	return ret;
}

static int lfp_bench_show_list(char *buf, const unsigned int *v,
			       unsigned int n)
{
	int len = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		len += sysfs_emit_at(buf, len, "%s%u", i ? "," : "", v[i]);
	return len + sysfs_emit_at(buf, len, "\n");
}

static int lfp_bench_show_scenarios(char *buf, u64 mask)
{
	int len = 0, first = 1;
	unsigned int i;

	for (i = 0; i < LFP_BENCH_NR; i++) {
		if (!(mask & BIT_ULL(i)))
			continue;
		len += sysfs_emit_at(buf, len, "%s%s", first ? "" : ",",
				     lfp_bench_at(&lfp_bench_world, i)->name);
		first = 0;
	}
	return len + sysfs_emit_at(buf, len, "\n");
}

/* ---- one run: pinned kthreads ---- */

struct lfp_bench_worker {
	struct task_struct *task;
	const struct lfp_bench_scenario *sc;
	void *ctx;
	struct lfp_bench_thread t;
	unsigned int read_pct;
	unsigned long ops;
	u64 ns;
	struct completion done;
} ____cacheline_aligned;	/* the workers' state is not shared */

static atomic_t lfp_bench_ready;
static int lfp_bench_go, lfp_bench_stop;

static int lfp_bench_worker_fn(void *arg)
{
	struct lfp_bench_worker *w = arg;
	u64 t0;

	atomic_inc(&lfp_bench_ready);
	wake_up_all(&lfp_bench_wq);
	wait_event(lfp_bench_wq,
		   READ_ONCE(lfp_bench_go) || READ_ONCE(lfp_bench_stop));
	t0 = ktime_get_ns();
	w->ops = lfp_bench_loop(w->sc, w->ctx, &w->t, w->read_pct,
				&lfp_bench_stop);
	w->ns = ktime_get_ns() - t0;
	complete(&w->done);
	/* Stay until kthread_stop(), so the runner's task reference holds. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* The @i-th online CPU, wrapping around. */
static int lfp_bench_cpu(unsigned int i)
{
	unsigned int k = i % num_online_cpus();
	int cpu;

	for_each_online_cpu(cpu)
		if (!k--)
			return cpu;
	return -1;
}

static void lfp_bench_raise_stop(void)
{
	WRITE_ONCE(lfp_bench_stop, 1);
	WRITE_ONCE(lfp_bench_go, 1);
	wake_up_all(&lfp_bench_wq);
}

/* The world's run hook: one run of @p on pinned kthreads. */
static int lfp_bench_run_once(const struct lfp_bench_point *p, unsigned int ms,
			      u64 *ps, u64 *ops, u64 *calls)
{
	const struct lfp_bench_scenario *sc = p->sc;
	unsigned int threads = p->args.nthreads;
	struct lfp_bench_worker *w;
	unsigned int i, started;
	void *ctx = NULL;
	u64 sum = 0;
	int cpu, ret;

	w = kcalloc(threads, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ret = sc->init(&ctx, &p->args);
	if (ret) {
		kfree(w);
		return ret;
	}
	atomic_set(&lfp_bench_ready, 0);
	WRITE_ONCE(lfp_bench_go, 0);
	WRITE_ONCE(lfp_bench_stop, 0);
	for (started = 0; started < threads; started++) {
		w[started] = (struct lfp_bench_worker){
			.sc = sc, .ctx = ctx, .read_pct = p->read_pct,
			.t = { .id = started, .nthreads = threads,
			       .rng = started + 1 },
		};
		init_completion(&w[started].done);
		w[started].task = kthread_create(lfp_bench_worker_fn,
						 &w[started], "lfprim_bench/%u",
						 started);
		if (IS_ERR(w[started].task)) {
			ret = PTR_ERR(w[started].task);
			break;
		}
		cpu = lfp_bench_cpu(started);
		/* A CPU going offline meanwhile leaves the thread unpinned. */
		if (cpu >= 0)
			set_cpus_allowed_ptr(w[started].task, cpumask_of(cpu));
		wake_up_process(w[started].task);
	}
	if (ret || READ_ONCE(lfp_bench_abort)) {
		lfp_bench_raise_stop();
	} else {
		wait_event(lfp_bench_wq,
			   atomic_read(&lfp_bench_ready) == started ||
			   READ_ONCE(lfp_bench_abort));
		WRITE_ONCE(lfp_bench_go, 1);
		wake_up_all(&lfp_bench_wq);
		wait_event_timeout(lfp_bench_wq, READ_ONCE(lfp_bench_abort),
				   msecs_to_jiffies(ms));
		lfp_bench_raise_stop();
	}
	*ops = 0;
	*calls = 0;
	for (i = 0; i < started; i++) {
		wait_for_completion(&w[i].done);
		kthread_stop(w[i].task);
		*ops += w[i].ops;
		*calls += w[i].t.calls;
		sum += lfp_bench_ps_per_op(w[i].ns, w[i].ops);
	}
	sc->cleanup(ctx);
	kfree(w);
	*ps = started ? div_u64(sum, started) : 0;
	if (!ret && READ_ONCE(lfp_bench_abort))
		ret = -EINTR;
	return ret;
}

/* A point starts: what status shows. */
static void lfp_bench_begin(const struct lfp_bench_point *p)
{
	mutex_lock(&lfp_bench_mutex);
	lfp_bench_cur = p->sc;
	lfp_bench_cur_threads = p->args.nthreads;
	lfp_bench_cur_pct = p->read_pct;
	mutex_unlock(&lfp_bench_mutex);
}

/* A point is measured: log its line and append it; an error stops. */
static int lfp_bench_end(const struct lfp_bench_point *p, int err)
{
	if (err)
		return err;
	pr_info("%.*s\n", p->len - 1, p->line);
	mutex_lock(&lfp_bench_mutex);
	if (lfp_bench_result_len + p->len <= lfp_bench_result_cap) {
		memcpy(lfp_bench_result + lfp_bench_result_len, p->line, p->len);
		lfp_bench_result_len += p->len;
	}
	lfp_bench_points_done++;
	mutex_unlock(&lfp_bench_mutex);
	return 0;
}

static void lfp_bench_workfn(struct work_struct *work)
{
	struct lfp_bench_point *p = kmalloc(sizeof(*p), GFP_KERNEL);
	enum lfp_bench_state state;
	unsigned int done, points;
	int ret = -ENOMEM;

	if (p)
		ret = lfp_bench_walk(&lfp_bench_world, &lfp_bench_active, p);
	kfree(p);
	mutex_lock(&lfp_bench_mutex);
	if (READ_ONCE(lfp_bench_abort)) {
		lfp_bench_state = LFP_BENCH_STOPPED;
	} else if (ret < 0) {
		lfp_bench_state = LFP_BENCH_FAILED;
		lfp_bench_err = ret;
		if (lfp_bench_cur)
			pr_warn("bench: %s threads=%u read_pct=%u failed: %d\n",
				lfp_bench_cur->name, lfp_bench_cur_threads,
				lfp_bench_cur_pct, ret);
		else
			pr_warn("bench: failed: %d\n", ret);
	} else {
		lfp_bench_state = LFP_BENCH_DONE;
	}
	/* Copies: the next run may start as soon as the mutex is dropped. */
	state = lfp_bench_state;
	done = lfp_bench_points_done;
	points = lfp_bench_points;
	mutex_unlock(&lfp_bench_mutex);
	pr_info("bench: %s, %u/%u points\n", lfp_bench_state_name[state],
		done, points);
}

/* Start a run of the current configuration; lfp_bench_mutex held. */
static int lfp_bench_start_locked(void)
{
	size_t cap;

	if (lfp_bench_state == LFP_BENCH_RUNNING)
		return -EBUSY;
	lfp_bench_active = lfp_bench_cfg;
	lfp_bench_world.pcount_batch = lfp_pcount_batch(&lfp_builtin_pcount);
	lfp_bench_points = lfp_bench_walk(&lfp_bench_world, &lfp_bench_active,
					  NULL);
	cap = (size_t)lfp_bench_points * LFP_BENCH_LINE_MAX;
	if (cap > lfp_bench_result_cap) {
		char *buf = kvmalloc(cap, GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		kvfree(lfp_bench_result);
		lfp_bench_result = buf;
		lfp_bench_result_cap = cap;
	}
	lfp_bench_result_len = 0;
	lfp_bench_points_done = 0;
	lfp_bench_err = 0;
	lfp_bench_cur = NULL;
	WRITE_ONCE(lfp_bench_abort, 0);
	lfp_bench_state = LFP_BENCH_RUNNING;
	queue_work(system_long_wq, &lfp_bench_work);
	return 0;
}

/* Stop a run and wait until its threads are gone. */
static void lfp_bench_stop_run(void)
{
	WRITE_ONCE(lfp_bench_abort, 1);
	wake_up_all(&lfp_bench_wq);
	flush_work(&lfp_bench_work);
}

/* ---- /sys/kernel/lfprim/bench ---- */

/* Configuration writes: parse, then apply only while no run is going. */
#define LFP_BENCH_CFG_STORE(name, parse)				\
static ssize_t name##_store(struct kobject *kobj,			\
			    struct kobj_attribute *attr,		\
			    const char *buf, size_t count)		\
{									\
	struct lfp_bench_cfg c;						\
	int ret;							\
									\
	mutex_lock(&lfp_bench_mutex);					\
	c = lfp_bench_cfg;						\
	ret = parse;							\
	if (!ret && lfp_bench_state == LFP_BENCH_RUNNING)		\
		ret = -EBUSY;						\
	if (!ret)							\
		lfp_bench_cfg = c;					\
	mutex_unlock(&lfp_bench_mutex);					\
	return ret ? ret : count;					\
}

LFP_BENCH_CFG_STORE(scenario, lfp_bench_parse_scenarios(buf, &c.scenarios))
LFP_BENCH_CFG_STORE(threads,
		    lfp_bench_parse_list(buf, 1, LFP_BENCH_MAX_THREADS,
					 c.threads, &c.nthreads))
LFP_BENCH_CFG_STORE(read_pct,
		    lfp_bench_parse_list(buf, 0, 100, c.read_pct, &c.npct))
LFP_BENCH_CFG_STORE(duration_ms,
		    lfp_parse_uint(buf, 1, LFP_BENCH_MAX_MS,
					 &c.duration_ms))
LFP_BENCH_CFG_STORE(runs,
		    lfp_parse_uint(buf, 1, LFP_BENCH_MAX_RUNS, &c.runs))
LFP_BENCH_CFG_STORE(sflight_us,
		    lfp_parse_uint(buf, 1, LFP_BENCH_MAX_SFLIGHT_US,
				   &c.sflight_us))

/*
 * The configuration and the state are written under lfp_bench_mutex
 * (a store replaces the whole configuration): @expr, evaluated under it.
 */
#define lfp_bench_locked(expr) ({					\
	typeof(expr) __v;						\
									\
	mutex_lock(&lfp_bench_mutex);					\
	__v = (expr);							\
	mutex_unlock(&lfp_bench_mutex);					\
	__v;								\
})

static ssize_t scenario_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return lfp_bench_show_scenarios(buf,
					lfp_bench_locked(lfp_bench_cfg.scenarios));
}

static ssize_t threads_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct lfp_bench_cfg c = lfp_bench_locked(lfp_bench_cfg);

	return lfp_bench_show_list(buf, c.threads, c.nthreads);
}

static ssize_t read_pct_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	struct lfp_bench_cfg c = lfp_bench_locked(lfp_bench_cfg);

	return lfp_bench_show_list(buf, c.read_pct, c.npct);
}

#define LFP_BENCH_CFG_SHOW(name)					\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%u\n",					\
			  lfp_bench_locked(lfp_bench_cfg.name));	\
}

LFP_BENCH_CFG_SHOW(duration_ms)
LFP_BENCH_CFG_SHOW(runs)
LFP_BENCH_CFG_SHOW(sflight_us)

static ssize_t run_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  lfp_bench_locked(lfp_bench_state) ==
			  LFP_BENCH_RUNNING);
}

static ssize_t run_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	unsigned int v;
	int ret;

	ret = lfp_parse_uint(buf, 0, 1, &v);
	if (ret)
		return ret;
	if (!v) {
		lfp_bench_stop_run();
		return count;
	}
	mutex_lock(&lfp_bench_mutex);
	ret = lfp_bench_start_locked();
	mutex_unlock(&lfp_bench_mutex);
	return ret ? ret : count;
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	int len;

	mutex_lock(&lfp_bench_mutex);
	len = sysfs_emit(buf, "state=%s points=%u/%u",
			 lfp_bench_state_name[lfp_bench_state],
			 lfp_bench_points_done, lfp_bench_points);
	if (lfp_bench_cur && (lfp_bench_state == LFP_BENCH_RUNNING ||
			      lfp_bench_state == LFP_BENCH_FAILED))
		len += sysfs_emit_at(buf, len,
				     " scenario=%s threads=%u read_pct=%u",
				     lfp_bench_cur->name,
				     lfp_bench_cur_threads, lfp_bench_cur_pct);
	if (lfp_bench_state == LFP_BENCH_FAILED)
		len += sysfs_emit_at(buf, len, " error=%d", lfp_bench_err);
	len += sysfs_emit_at(buf, len, "\n");
	mutex_unlock(&lfp_bench_mutex);
	return len;
}

static ssize_t scenarios_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	const struct lfp_bench_scenario *sc;
	unsigned int i;
	int len = 0;

	for (i = 0; i < LFP_BENCH_NR; i++) {
		sc = lfp_bench_at(&lfp_bench_world, i);
		len += sysfs_emit_at(buf, len, "%s family=%s replaces=%s read_pct=",
				     sc->name, sc->family,
				     sc->replaces ? sc->replaces : "-");
		if (sc->read_section && sc->update_section)
			len += sysfs_emit_at(buf, len, "mixed\n");
		else
			len += sysfs_emit_at(buf, len, "%u\n",
					     lfp_bench_read_pct(sc, 100));
	}
	return len;
}

static struct kobj_attribute lfp_attr_bench_scenario = __ATTR_RW(scenario);
static struct kobj_attribute lfp_attr_bench_threads = __ATTR_RW(threads);
static struct kobj_attribute lfp_attr_bench_read_pct = __ATTR_RW(read_pct);
static struct kobj_attribute lfp_attr_bench_duration_ms = __ATTR_RW(duration_ms);
static struct kobj_attribute lfp_attr_bench_runs = __ATTR_RW(runs);
static struct kobj_attribute lfp_attr_bench_sflight_us = __ATTR_RW(sflight_us);
static struct kobj_attribute lfp_attr_bench_run = __ATTR_RW(run);
static struct kobj_attribute lfp_attr_bench_status = __ATTR_RO(status);
static struct kobj_attribute lfp_attr_bench_scenarios = __ATTR_RO(scenarios);

/* The result can outgrow a page: a binary attribute read at offsets. */
static ssize_t result_read(struct file *file, struct kobject *kobj,
			   LFP_BIN_ATTR_CONST struct bin_attribute *attr,
			   char *buf, loff_t off, size_t count)
{
	ssize_t n = 0;

	mutex_lock(&lfp_bench_mutex);
	if (off < lfp_bench_result_len) {
		n = min_t(size_t, count, lfp_bench_result_len - off);
		memcpy(buf, lfp_bench_result + off, n);
	}
	mutex_unlock(&lfp_bench_mutex);
	return n;
}

static LFP_BIN_ATTR_CONST struct bin_attribute lfp_attr_bench_result = {
	.attr = { .name = "result", .mode = 0444 },
	.read = result_read,
};

static struct attribute *lfp_bench_attrs[] = {
	&lfp_attr_bench_scenario.attr,
	&lfp_attr_bench_threads.attr,
	&lfp_attr_bench_read_pct.attr,
	&lfp_attr_bench_duration_ms.attr,
	&lfp_attr_bench_runs.attr,
	&lfp_attr_bench_sflight_us.attr,
	&lfp_attr_bench_run.attr,
	&lfp_attr_bench_status.attr,
	&lfp_attr_bench_scenarios.attr,
	NULL,
};

static LFP_BIN_ATTR_CONST struct bin_attribute *LFP_BIN_ATTR_CONST lfp_bench_bin_attrs[] = {
	&lfp_attr_bench_result,
	NULL,
};

static const struct attribute_group lfp_bench_group = {
	.name = "bench",
	.attrs = lfp_bench_attrs,
	.bin_attrs = lfp_bench_bin_attrs,
};

/* ---- module parameters: the same parsers, read-only after load ---- */

#define LFP_BENCH_PARAM(name, parse, show, desc)			\
static int lfp_param_set_##name(const char *val,			\
				const struct kernel_param *kp)		\
{									\
	struct lfp_bench_cfg c = lfp_bench_cfg;				\
	int ret = parse;						\
									\
	if (!ret)							\
		lfp_bench_cfg = c;					\
	return ret;							\
}									\
static int lfp_param_get_##name(char *buf,				\
				const struct kernel_param *kp)		\
{									\
	/* The sysfs stores change lfp_bench_cfg under the mutex. */	\
	return lfp_bench_locked(show);					\
}									\
static const struct kernel_param_ops lfp_param_ops_##name = {		\
	.set = lfp_param_set_##name,					\
	.get = lfp_param_get_##name,					\
};									\
module_param_cb(name, &lfp_param_ops_##name, NULL, 0444);		\
MODULE_PARM_DESC(name, desc)

LFP_BENCH_PARAM(bench_scenario,
		lfp_bench_parse_scenarios(val, &c.scenarios),
		lfp_bench_show_scenarios(buf, lfp_bench_cfg.scenarios),
		"Benchmark scenarios: comma-separated names or 'all' (default snap-read)");
LFP_BENCH_PARAM(bench_threads,
		lfp_bench_parse_list(val, 1, LFP_BENCH_MAX_THREADS,
				     c.threads, &c.nthreads),
		lfp_bench_show_list(buf, lfp_bench_cfg.threads,
				    lfp_bench_cfg.nthreads),
		"Benchmark thread counts, comma-separated, 1..256 (default 1)");
LFP_BENCH_PARAM(bench_read_pct,
		lfp_bench_parse_list(val, 0, 100, c.read_pct, &c.npct),
		lfp_bench_show_list(buf, lfp_bench_cfg.read_pct,
				    lfp_bench_cfg.npct),
		"Benchmark read percentages, comma-separated, 0..100 (default 100)");
LFP_BENCH_PARAM(bench_duration_ms,
		lfp_parse_uint(val, 1, LFP_BENCH_MAX_MS, &c.duration_ms),
		sysfs_emit(buf, "%u\n", lfp_bench_cfg.duration_ms),
		"Benchmark run length in ms, 1..60000 (default 200)");
LFP_BENCH_PARAM(bench_runs,
		lfp_parse_uint(val, 1, LFP_BENCH_MAX_RUNS, &c.runs),
		sysfs_emit(buf, "%u\n", lfp_bench_cfg.runs),
		"Timed runs per point, median reported, 1..51 (default 5)");
LFP_BENCH_PARAM(bench_sflight_us,
		lfp_parse_uint(val, 1, LFP_BENCH_MAX_SFLIGHT_US,
			       &c.sflight_us),
		sysfs_emit(buf, "%u\n", lfp_bench_cfg.sflight_us),
		"The stampede scenarios' slow function in us, 1..10000 (default 20)");
module_param_named(bench_autorun, lfp_bench_autorun, bool, 0444);
MODULE_PARM_DESC(bench_autorun, "Start the configured benchmark at load (default 0)");

/* Once /sys/kernel/lfprim/bench exists: start the run bench_autorun asks. */
static int lfp_bench_start(void)
{
	int ret = 0;

	if (!lfp_bench_autorun)
		return 0;
	mutex_lock(&lfp_bench_mutex);
	ret = lfp_bench_start_locked();
	mutex_unlock(&lfp_bench_mutex);
	return ret;
}

/* Once /sys/kernel/lfprim/bench is gone: stop a run, free its result. */
static void lfp_bench_exit(void)
{
	lfp_bench_stop_run();
	kvfree(lfp_bench_result);
	lfp_bench_result = NULL;
}

/* Last in main.c's table: every other instance exists while a run does. */
const struct lfp_knob lfp_knob_bench = {
	.name = "bench",
	.group = &lfp_bench_group,
	.start = lfp_bench_start,
	.exit = lfp_bench_exit,
};
