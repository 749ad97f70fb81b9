// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/lfprim/rmap: the built-in rmap, u64 -> u64, edited key by
 * key or reloaded whole.
 *
 * lfp_builtin_rmap_lock serializes set, delete, reload and dump (the
 * writers of the published map and the walk of it); size reads the
 * published map under the read-side lock only.
 */
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include <lfprim/rmap.h>

#include "knobs.h"

static struct lfp_rmap_ref lfp_builtin_rmap;
/* Serializes the built-in map's writers with its reloads. */
static DEFINE_MUTEX(lfp_builtin_rmap_lock);
/* The published map, for writers (under lfp_builtin_rmap_lock). */
static struct lfp_rmap *lfp_builtin_rmap_cur;
static atomic64_t lfp_builtin_rmap_reloads;

struct lfp_builtin_val {
	struct lfp_rmap_node node;
	u64 value;
};

static void lfp_builtin_val_free(struct lfp_rmap_node *node)
{
	kfree(container_of(node, struct lfp_builtin_val, node));
}

static void lfp_builtin_map_release(struct lfp_rmap *map)
{
	kfree(map);
}

/* Bounded so that one reload cannot take the machine's memory. */
#define LFP_RMAP_RELOAD_MAX	1000000U

/* A map holding keys 0 .. n - 1, each key's value = key * mult. */
static struct lfp_rmap *lfp_builtin_map_build(unsigned int n, u64 mult)
{
	struct lfp_rmap *map = kzalloc(sizeof(*map), GFP_KERNEL);
	struct lfp_builtin_val *v;
	unsigned int k;

	if (!map)
		return NULL;
	if (lfp_rmap_init(map, lfp_builtin_val_free)) {
		kfree(map);
		return NULL;
	}
	for (k = 0; k < n; k++) {
		v = kzalloc(sizeof(*v), GFP_KERNEL);
		if (v) {
			v->node.key = k;
			v->value = k * mult;
		}
		if (!v || lfp_rmap_insert(map, &v->node)) {
			kfree(v);
			lfp_rmap_destroy(map);
			kfree(map);
			return NULL;
		}
	}
	return map;
}

static ssize_t set_store(struct kobject *kobj, struct kobj_attribute *attr,
			 const char *buf, size_t count)
{
	struct lfp_builtin_val *v;
	u64 key, value;
	int ret;

	ret = lfp_parse_kv(buf, &key, &value);
	if (ret)
		return ret;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->node.key = key;
	v->value = value;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_replace(lfp_builtin_rmap_cur, &v->node);
	mutex_unlock(&lfp_builtin_rmap_lock);
	if (ret < 0) {
		kfree(v);
		return ret;
	}
	return count;
}
static struct kobj_attribute lfp_attr_rmap_set = __ATTR_WO(set);

static ssize_t delete_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	u64 key;
	int ret;

	ret = lfp_parse_kv(buf, &key, NULL);
	if (ret)
		return ret;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_delete(lfp_builtin_rmap_cur, key);
	mutex_unlock(&lfp_builtin_rmap_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_rmap_delete = __ATTR_WO(delete);

static ssize_t reload_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	struct lfp_rmap *map;
	u64 n, mult;
	int ret;

	ret = lfp_parse_kv(buf, &n, &mult);
	if (ret)
		return ret;
	if (n > LFP_RMAP_RELOAD_MAX)
		return -ERANGE;
	/* Built off line; readers keep using the old map meanwhile. */
	map = lfp_builtin_map_build(n, mult);
	if (!map)
		return -ENOMEM;
	mutex_lock(&lfp_builtin_rmap_lock);
	ret = lfp_rmap_ref_publish(&lfp_builtin_rmap, map,
				   lfp_builtin_map_release);
	if (!ret) {
		lfp_builtin_rmap_cur = map;
		atomic64_inc(&lfp_builtin_rmap_reloads);
	}
	mutex_unlock(&lfp_builtin_rmap_lock);
	return ret ? ret : count;
}
static struct kobj_attribute lfp_attr_rmap_reload = __ATTR_WO(reload);

static ssize_t rmap_size_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	unsigned long n;

	lfp_rmap_read_lock();
	n = lfp_rmap_size(lfp_rmap_ref_deref(&lfp_builtin_rmap));
	lfp_rmap_read_unlock();
	return sysfs_emit(buf, "%lu\n", n);
}
static struct kobj_attribute lfp_attr_rmap_size =
	__ATTR(size, 0444, rmap_size_show, NULL);

static ssize_t reloads_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&lfp_builtin_rmap_reloads));
}
static struct kobj_attribute lfp_attr_rmap_reloads = __ATTR_RO(reloads);

/* Up to a page of "key value" lines, in table order; "..." if cut short. */
struct lfp_dump {
	char *buf;
	int len;
};

static int lfp_dump_fn(struct lfp_rmap_node *node, void *arg)
{
	struct lfp_dump *d = arg;
	char line[48];
	int n;

	n = scnprintf(line, sizeof(line), "%llu %llu\n", node->key,
		      container_of(node, struct lfp_builtin_val, node)->value);
	if (d->len + n > PAGE_SIZE - 5) {
		d->len += sysfs_emit_at(d->buf, d->len, "...\n");
		return 1;
	}
	d->len += sysfs_emit_at(d->buf, d->len, "%s", line);
	return 0;
}

static ssize_t dump_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct lfp_dump d = { .buf = buf };

	/* Under the writers' mutex: the map cannot be destroyed meanwhile. */
	mutex_lock(&lfp_builtin_rmap_lock);
	lfp_rmap_for_each(lfp_builtin_rmap_cur, lfp_dump_fn, &d);
	mutex_unlock(&lfp_builtin_rmap_lock);
	return d.len;
}
static struct kobj_attribute lfp_attr_rmap_dump = __ATTR_RO(dump);

static struct attribute *lfp_rmap_attrs[] = {
	&lfp_attr_rmap_set.attr,
	&lfp_attr_rmap_delete.attr,
	&lfp_attr_rmap_reload.attr,
	&lfp_attr_rmap_size.attr,
	&lfp_attr_rmap_reloads.attr,
	&lfp_attr_rmap_dump.attr,
	NULL,
};

static const struct attribute_group lfp_rmap_group = {
	.name = "rmap",
	.attrs = lfp_rmap_attrs,
};

static int lfp_rmap_knob_init(void)
{
	int ret;

	ret = lfp_rmap_ref_init(&lfp_builtin_rmap);
	if (ret)
		return ret;
	lfp_builtin_rmap_cur = lfp_builtin_map_build(0, 0);
	if (!lfp_builtin_rmap_cur)
		return -ENOMEM;
	lfp_rmap_ref_publish(&lfp_builtin_rmap, lfp_builtin_rmap_cur,
			     lfp_builtin_map_release);
	return 0;
}

static void lfp_rmap_knob_exit(void)
{
	lfp_rmap_ref_destroy(&lfp_builtin_rmap);
}

const struct lfp_knob lfp_knob_rmap = {
	.name = "rmap",
	.group = &lfp_rmap_group,
	.init = lfp_rmap_knob_init,
	.exit = lfp_rmap_knob_exit,
};
