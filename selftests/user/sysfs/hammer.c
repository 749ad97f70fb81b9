// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The hammer tests: each runs the hammers (every file of an instance at
 * once, sysfs/common.h) of the primitives it names, in that order.
 */
TEST(hammer_snap_pcount_seqstat_sampler)
{
	snap_hammer(_metadata);
	pcount_hammer(_metadata);
	seqstat_hammer(_metadata);
	sampler_hammer(_metadata);
}

TEST(hammer_dropq) { dropq_hammer(_metadata); }
TEST(hammer_rmap) { rmap_hammer(_metadata); }
TEST(hammer_sflight_event)
{
	sflight_hammer(_metadata);
	event_hammer(_metadata);
}

TEST(hammer_group) { group_hammer(_metadata); }
TEST(hammer_batch_pubsub)
{
	batch_hammer(_metadata);
	pubsub_hammer(_metadata);
}
