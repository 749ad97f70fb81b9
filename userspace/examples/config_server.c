// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A configuration snapshot server on lfprim snap.
 *
 * Request handlers (here: reader threads) look at the current
 * configuration on every request, many times per second and never
 * blocking; an administrator (here: the main thread) replaces it now and
 * then, either with a whole new configuration (publish) or by changing
 * one field of the current one (update: copy, modify, compare-and-swap).
 * A handler sees either the old configuration or the new one, never a mix,
 * and an old one is freed only once no handler can still be looking at it.
 *
 * The program checks its own result: no handler saw a torn configuration
 * or an older version after a newer one, every configuration ever
 * installed was freed exactly once, and the last one holds every change.
 * It exits 0 when all of that holds.
 *
 * Build: cc -O2 config_server.c -o config_server $(pkg-config --cflags --libs lfprim)
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lfprim/snap.h>

#define HANDLERS	4
#define VERSIONS	2000

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* The snap owns each config from its install until free_config() runs. */
struct config {
	struct lfp_snap_node node;	/* embedded: the snap points here */
	unsigned long version;		/* goes up by one per change */
	unsigned int port;
	unsigned int max_clients;
	unsigned long check;		/* version ^ port ^ max_clients */
	char motd[32];
};

static struct lfp_snap current;
static atomic_ulong allocated, freed;
static atomic_int stop;

static unsigned long config_check(const struct config *c)
{
	return c->version ^ c->port ^ c->max_clients;
}

/* Called once per replaced config, after a grace period. */
static void free_config(struct lfp_snap_node *node)
{
	free(container_of(node, struct config, node));
	atomic_fetch_add(&freed, 1);
}

static struct config *new_config(void)
{
	struct config *c = calloc(1, sizeof(*c));

	if (c)
		atomic_fetch_add(&allocated, 1);
	return c;
}

struct handler {
	pthread_t thread;
	unsigned long requests;
	unsigned long torn;		/* inconsistent config seen */
	unsigned long backwards;	/* older version after a newer one */
};

/* A request handler: read the config, use it, leave the section. */
static void *handler_main(void *arg)
{
	struct handler *h = arg;
	unsigned long last = 0;

	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		const struct config *c;

		lfp_snap_read_lock();
		c = container_of(lfp_snap_deref(&current), struct config, node);
		if (c->check != config_check(c))
			h->torn++;
		if (c->version < last)
			h->backwards++;
		last = c->version;
		lfp_snap_read_unlock();
		/* c must not be used from here on: it may be freed. */
		h->requests++;
	}
	return NULL;
}

/* update's modify: copy the whole old config, then change one field. */
static int raise_clients(const struct lfp_snap_node *old,
			 struct lfp_snap_node *scratch, void *arg)
{
	const struct config *o = container_of(old, struct config, node);
	struct config *n = container_of(scratch, struct config, node);

	*n = *o;	/* the embedded node too: lfprim rewrites it on retire */
	n->version = o->version + 1;
	n->max_clients = o->max_clients + 1;
	n->check = config_check(n);
	return 0;
}

int main(void)
{
	struct handler h[HANDLERS] = { 0 };
	unsigned long requests = 0, bad = 0, v;
	struct lfp_snap_stats st;
	struct config *c;
	int i, ret = 0;

	c = new_config();
	if (!c)
		return 1;
	c->version = 1;
	c->port = 8000;
	c->max_clients = 100;
	c->check = config_check(c);
	snprintf(c->motd, sizeof(c->motd), "hello");
	if (lfp_snap_init(&current, &c->node, free_config))
		return 1;

	for (i = 0; i < HANDLERS; i++)
		if (pthread_create(&h[i].thread, NULL, handler_main, &h[i]))
			return 1;

	/* The administrator: odd versions are new configs, even ones edits. */
	for (v = 2; v <= VERSIONS; v++) {
		c = new_config();
		if (!c) {
			ret = 1;
			break;
		}
		if (v % 2) {
			c->version = v;
			c->port = 8000 + v % 100;
			c->max_clients = 100 + v / 2;
			c->check = config_check(c);
			snprintf(c->motd, sizeof(c->motd), "config %lu", v);
			ret = lfp_snap_publish(&current, &c->node);
		} else {
			ret = lfp_snap_update(&current, &c->node, raise_clients, NULL);
		}
		if (ret) {
			fprintf(stderr, "config_server: change %lu: %s\n", v, strerror(-ret));
			free_config(&c->node);
			break;
		}
	}

	atomic_store(&stop, 1);
	for (i = 0; i < HANDLERS; i++) {
		pthread_join(h[i].thread, NULL);
		requests += h[i].requests;
		bad += h[i].torn + h[i].backwards;
	}

	lfp_snap_read_lock();
	c = container_of(lfp_snap_deref(&current), struct config, node);
	v = c->version;
	if (v != VERSIONS || c->max_clients != 100 + (VERSIONS - 1) / 2 + 1)
		bad++;
	lfp_snap_read_unlock();

	lfp_snap_get_stats(&current, &st);
	lfp_snap_destroy(&current);
	lfp_snap_barrier();	/* every retired config freed */

	printf("config_server: %lu requests on %d handlers, %llu publishes, %llu updates (%llu retries), version %lu\n",
	       requests, HANDLERS, st.publishes, st.updates, st.retries, v);
	if (ret || bad || atomic_load(&freed) != atomic_load(&allocated) ||
	    st.publishes + st.updates != VERSIONS - 1) {
		fprintf(stderr, "config_server: FAILED: %lu bad reads, %lu of %lu configs freed\n",
			bad, atomic_load(&freed), atomic_load(&allocated));
		return 1;
	}
	printf("config_server: ok\n");
	return 0;
}
