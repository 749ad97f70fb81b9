// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A user's program (C or C++) with file-scope objects from every static
 * initializer; BAD=n makes one with a constant out of range, which must
 * not compile.
 */
#include <lfprim/event.h>
#include <lfprim/group.h>
#include <lfprim/pubsub.h>
#include <lfprim/sampler.h>
#include <lfprim/seqstat.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

#include <stdio.h>

static void freed(struct lfp_snap_node *n)
{
}

static DEFINE_LFP_EVENT(ev);
static struct lfp_event ev2 = LFP_EVENT_INIT(ev2);
static DEFINE_LFP_SAMPLER(half, 500000);
static DEFINE_LFP_SEQSTAT(st, LFP_SEQSTAT_MAX_FIELDS);
static DEFINE_LFP_SFLIGHT(sf);
static DEFINE_LFP_SNAP(sn, freed);
static DEFINE_LFP_PUBSUB(topic);
static DEFINE_LFP_GROUP(tasks, LFP_GROUP_LIMIT_MAX);

#if BAD == 1
static DEFINE_LFP_SAMPLER(bad, LFP_SAMPLER_PPM_MAX + 1);
#elif BAD == 2
static DEFINE_LFP_SEQSTAT(bad, 0);
#elif BAD == 3
static DEFINE_LFP_SEQSTAT(bad, LFP_SEQSTAT_MAX_FIELDS + 1);
#elif BAD == 4
static DEFINE_LFP_GROUP(bad, 0);
#elif BAD == 5
static DEFINE_LFP_GROUP(bad, LFP_GROUP_LIMIT_MAX + 1);
#endif

static int task(void *arg, struct lfp_event *cancel)
{
	return 0;
}

int main(void)
{
	struct lfp_sflight_stats s;
	int ok = 1;

	ok &= lfp_event_fire(&ev) == 1 && lfp_event_wait(&ev2, 0, NULL) == -ETIMEDOUT;
	ok &= lfp_sampler_ppm(&half) == 500000;
	ok &= lfp_seqstat_nfields(&st) == LFP_SEQSTAT_MAX_FIELDS;
	lfp_sflight_get_stats(&sf, &s);
	ok &= s.leaders == 0 && lfp_sflight_forget(&sf, 1) == 0;
	ok &= lfp_snap_publish(&sn, NULL) == 0;
	ok &= lfp_pubsub_subscribers(&topic) == 0 && lfp_pubsub_publish(&topic, &ok) == 0;
	ok &= lfp_group_go(&tasks, task, NULL, LFP_WAIT_FOREVER, NULL) == 0;
	ok &= lfp_group_wait(&tasks) == 0;
	printf("static initializers: %s\n", ok ? "ok" : "FAILED");
	return !ok;
}
