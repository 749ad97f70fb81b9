// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Every row of the knob table (sysfs/knobs.h), checked the same way.  A
 * file: junk fails with EINVAL or ERANGE, lo - 1 and hi + 1 fail (EINVAL
 * for -1 of an unsigned number, ERANGE otherwise), nothing is half
 * applied, lo and hi are taken and read back exactly.  A parameter: the
 * same input fails the load, lo and hi load and read back.
 */

/* List-only junk: empty entries, too many entries. */
static const struct bad_input bad_list[] = {
	{ "1,,2", EINVAL }, { "1,", EINVAL }, { "50,", EINVAL }, { ",", EINVAL },
	{ "1,2,3,4,5,6,7,8,9", EINVAL },
};

/* A module parameter's junk: "%s" is the parameter's name. */
static const struct bad_input bad_param[] = {
	{ "%s", EINVAL }, { "%s=", EINVAL }, { "%s=abc", EINVAL },
	{ "%s=-5", EINVAL }, { "%s=12abc", EINVAL },
	{ "%s=99999999999999999999999", ERANGE },
};

static unsigned long long knob_hi(const struct knob *k)
{
	char path[256];

	if (!k->hi_file)
		return k->hi;
	snprintf(path, sizeof(path), ROOT "%s", k->hi_file);
	return read_ull(path);
}

/* The text of lo - 1 and the -errno that rejects it. */
static int knob_below(const struct knob *k, char *buf, size_t len)
{
	if (k->kind != KNOB_S64 && !k->lo) {
		snprintf(buf, len, "-1");
		return -EINVAL;
	}
	snprintf(buf, len, "%lld", k->lo - 1);
	return -ERANGE;
}

/* The text of hi + 1, rejected with ERANGE. */
static void knob_above(const struct knob *k, char *buf, size_t len)
{
	unsigned long long hi = knob_hi(k);

	if (hi == ULLONG_MAX)
		snprintf(buf, len, "18446744073709551616");
	else
		snprintf(buf, len, "%llu", hi + 1);
}

static void knob_junk(struct __test_metadata *_metadata, const char *path,
		      const char *state, enum knob_kind kind)
{
	switch (kind) {
	case KNOB_UINT:
		check_rejects_at(_metadata, path, state, bad_uint, ARRAY_LEN(bad_uint));
		break;
	case KNOB_U64:
		check_rejects_at(_metadata, path, state, bad_u64, ARRAY_LEN(bad_u64));
		break;
	case KNOB_S64:
		check_rejects_at(_metadata, path, state, bad_s64, ARRAY_LEN(bad_s64));
		break;
	case KNOB_LIST:
		check_rejects_at(_metadata, path, state, bad_uint, ARRAY_LEN(bad_uint));
		check_rejects_at(_metadata, path, state, bad_list, ARRAY_LEN(bad_list));
		break;
	}
}

/* Writes @v to @path: it must apply and read back as "@v\n". */
static void knob_takes(struct __test_metadata *_metadata, const char *path,
		       const char *v)
{
	char want[64], got[64];

	TH_LOG("%s <- '%s'", path, v);
	EXPECT_EQ((ssize_t)strlen(v), write_str(path, v));
	snprintf(want, sizeof(want), "%s\n", v);
	ASSERT_EQ(0, read_str(path, got, sizeof(got)));
	EXPECT_STREQ(want, got);
}

static void knob_file(struct __test_metadata *_metadata, const struct knob *k)
{
	char path[256], state[256], old[4096], v[64];
	struct bad_input edge[2];

	snprintf(path, sizeof(path), ROOT "%s", k->file);
	snprintf(state, sizeof(state), ROOT "%s",
		 k->action_state ? k->action_state : k->file);
	knob_junk(_metadata, path, state, k->kind);
	edge[0].err = -knob_below(k, v, sizeof(v));
	edge[0].text = strdup(v);
	knob_above(k, v, sizeof(v));
	edge[1].err = ERANGE;
	edge[1].text = strdup(v);
	ASSERT_NE(NULL, edge[0].text);
	ASSERT_NE(NULL, edge[1].text);
	check_rejects_at(_metadata, path, state, edge, ARRAY_LEN(edge));
	free((void *)edge[0].text);
	free((void *)edge[1].text);
	if (k->action_state)
		return;
	ASSERT_EQ(0, read_str(path, old, sizeof(old)));
	snprintf(v, sizeof(v), "%lld", k->lo);
	knob_takes(_metadata, path, v);
	snprintf(v, sizeof(v), "%llu", knob_hi(k));
	knob_takes(_metadata, path, v);
	/* Back to where it was. */
	EXPECT_EQ((ssize_t)strlen(old), write_str(path, old));
}

TEST(knob_limits)
{
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	for (i = 0; i < ARRAY_LEN(knobs); i++)
		if (knobs[i].file)
			knob_file(_metadata, &knobs[i]);
	/* pcount's bound remembers the largest batch: start afresh. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
}

/* Loads with @param=@v: it must load and read back as "@v\n". */
static void param_takes(struct __test_metadata *_metadata, const struct knob *k,
			const char *v)
{
	char params[256], path[256], want[64], got[64];

	snprintf(params, sizeof(params), "%s=%s", k->param, v);
	TH_LOG("params '%s'", params);
	ASSERT_EQ(0, load(params));
	snprintf(want, sizeof(want), "%s\n", v);
	snprintf(path, sizeof(path), "/sys/module/lfprim/parameters/%s", k->param);
	ASSERT_EQ(0, read_str(path, got, sizeof(got)));
	EXPECT_STREQ(want, got);
	if (k->file) {
		snprintf(path, sizeof(path), ROOT "%s", k->file);
		ASSERT_EQ(0, read_str(path, got, sizeof(got)));
		EXPECT_STREQ(want, got);
	}
	ASSERT_EQ(0, unload());
}

static void param_rejects(struct __test_metadata *_metadata,
			  const char *params, int err)
{
	TH_LOG("params '%s'", params);
	EXPECT_EQ(-err, load(params));
	EXPECT_FALSE(loaded());
	if (loaded())
		unload();
}

static void knob_param(struct __test_metadata *_metadata, const struct knob *k)
{
	char params[256], v[64];
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_LEN(bad_param); i++) {
		snprintf(params, sizeof(params), bad_param[i].text, k->param);
		param_rejects(_metadata, params, bad_param[i].err);
	}
	err = -knob_below(k, v, sizeof(v));
	snprintf(params, sizeof(params), "%s=%s", k->param, v);
	param_rejects(_metadata, params, err);
	knob_above(k, v, sizeof(v));
	snprintf(params, sizeof(params), "%s=%s", k->param, v);
	param_rejects(_metadata, params, ERANGE);
	snprintf(v, sizeof(v), "%lld", k->lo);
	param_takes(_metadata, k, v);
	snprintf(v, sizeof(v), "%llu", knob_hi(k));
	param_takes(_metadata, k, v);
}

/* Many loads: a fixture only to get a longer timeout than TEST()'s 30 s. */
FIXTURE(params) {
	int unused;
};

FIXTURE_SETUP(params)
{
}

FIXTURE_TEARDOWN(params)
{
}

TEST_F_TIMEOUT(params, param_limits, 600)
{
	unsigned int i;

	if (loaded())
		ASSERT_EQ(0, unload());
	for (i = 0; i < ARRAY_LEN(knobs); i++)
		if (knobs[i].param)
			knob_param(_metadata, &knobs[i]);
	ASSERT_EQ(0, load(""));
}

/*
 * A module parameter of a built-in instance (the rows with follow_value)
 * shows the live value of its knob (the load-time value until a write),
 * stays read-only, and keeps the old value when a write is refused.
 */
TEST(param_follows_knob)
{
	char knob[128], param[128], want[64], got[64], params[512] = "";
	const struct knob *k;
	struct stat st;
	unsigned int i;
	size_t len;

	if (loaded())
		ASSERT_EQ(0, unload());
	for (i = 0; i < ARRAY_LEN(knobs); i++) {
		if (!knobs[i].follow_value)
			continue;
		len = strlen(params);
		snprintf(params + len, sizeof(params) - len, "%s%s=5",
			 len ? " " : "", knobs[i].param);
	}
	ASSERT_EQ(0, load(params));
	for (i = 0; i < ARRAY_LEN(knobs); i++) {
		k = &knobs[i];
		if (!k->follow_value)
			continue;
		TH_LOG("%s <- %s", k->file, k->follow_value);
		snprintf(knob, sizeof(knob), ROOT "%s", k->file);
		snprintf(param, sizeof(param), "/sys/module/lfprim/parameters/%s",
			 k->param);
		ASSERT_EQ(0, stat(param, &st));
		EXPECT_EQ(0444, st.st_mode & 0777);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ("5\n", got);
		EXPECT_EQ((ssize_t)strlen(k->follow_value),
			  write_str(knob, k->follow_value));
		snprintf(want, sizeof(want), "%s\n", k->follow_value);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_EQ(-k->follow_err, write_str(knob, k->follow_bad));
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		EXPECT_STREQ(want, got);
		EXPECT_GT(0, write_str(param, "6"));
		ASSERT_EQ(0, read_str(knob, got, sizeof(got)));
		EXPECT_STREQ(want, got);
	}
	/* A new load starts from its own parameters again. */
	ASSERT_EQ(0, unload());
	ASSERT_EQ(0, load(""));
	for (i = 0; i < ARRAY_LEN(knobs); i++) {
		k = &knobs[i];
		if (!k->follow_value)
			continue;
		snprintf(param, sizeof(param), "/sys/module/lfprim/parameters/%s",
			 k->param);
		TH_LOG("%s after a new load", param);
		ASSERT_EQ(0, read_str(param, got, sizeof(got)));
		snprintf(want, sizeof(want), "%s\n", k->follow_default);
		EXPECT_STREQ(want, got);
	}
}
