/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "hv/log.h"
#include "mgmt/http/auth_digest.h"
#include "mgmt/http/auth_keep.h"
#include "mgmt/store/accounts.h"
#include "mgmt/store/fields.h"

#define FORMAT_FIELD	"format"
#define USER_FIELD	"user"
#define HA1_PREFIX	"ha1/"

static void ha1_field_name(enum auth_digest_alg alg, char *out, size_t size)
{
	snprintf(out, size, HA1_PREFIX "%s", auth_digest_alg_name(alg));
}

int accounts_encode(const struct auth_users *users, void *buf, size_t size, size_t *len)
{
	struct fields_writer w;
	char name[32];

	fields_writer_init(&w, buf, size);
	fields_put_uint(&w, FORMAT_FIELD, ACCOUNTS_FORMAT);
	for (uint32_t i = 0; i < users->count; i++) {
		fields_put_text(&w, USER_FIELD, users->user[i].name);
		for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT; alg++) {
			ha1_field_name((enum auth_digest_alg)alg, name, sizeof(name));
			fields_put_text(&w, name, users->user[i].ha1[alg]);
		}
	}
	*len = w.used;
	return w.overflow ? -ENOSPC : 0;
}

/* Which H(A1) field f is: its algorithm, or -1. */
static int ha1_field(const struct field *f)
{
	char name[32];

	for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT; alg++) {
		ha1_field_name((enum auth_digest_alg)alg, name, sizeof(name));
		if (field_is(f, name)) {
			return (int)alg;
		}
	}
	return -1;
}

static int format_check(const void *p, size_t len, size_t *off)
{
	struct field f;
	uint64_t format;

	if (fields_next(p, len, off, &f) != 1 || !field_is(&f, FORMAT_FIELD) ||
	    field_uint(&f, UINT32_MAX, &format) != 0 || format == 0U) {
		return -EBADMSG;
	}
	return format > ACCOUNTS_FORMAT ? -EPROTONOSUPPORT : 0;
}

/* One field into users: 0 or -EBADMSG. */
static int field_apply(const struct field *f, struct auth_users *users)
{
	struct auth_user *u = users->count > 0U ? &users->user[users->count - 1U] : NULL;
	int alg = ha1_field(f);

	if (field_is(f, USER_FIELD)) {
		if (users->count == AUTH_USERS_MAX) {
			return -EBADMSG;
		}
		u = &users->user[users->count++];
		return field_text(f, u->name, sizeof(u->name)) == 0 ? 0 : -EBADMSG;
	}
	if (alg >= 0 && u != NULL) {
		memset(u->ha1[alg], 0, sizeof(u->ha1[alg]));	/* repeated: the last one */
		return field_text(f, u->ha1[alg], sizeof(u->ha1[alg])) == 0 ? 0 : -EBADMSG;
	}
	if (alg >= 0) {
		return -EBADMSG;	/* an H(A1) before any user */
	}
	hv_log("store: field \"%.*s\" of the users unknown to this firmware; skipped\n",
	       (int)f->name_len, f->name);
	return 0;
}

int accounts_decode(const void *p, size_t len, struct auth_users *users)
{
	struct field f;
	size_t off = 0;
	int rc = format_check(p, len, &off);

	memset(users, 0, sizeof(*users));
	while (rc == 0 && (rc = fields_next(p, len, &off, &f)) == 1) {
		rc = field_apply(&f, users);
	}
	if (rc == 0 && users->count == 0U) {
		rc = -EBADMSG;
	}
	for (uint32_t i = 0; rc == 0 && i < users->count; i++) {
		for (uint32_t alg = 0; alg < AUTH_DIGEST_ALG_COUNT; alg++) {
			rc = users->user[i].ha1[alg][0] == '\0' ? -EBADMSG : rc;
		}
	}
	return rc;
}

int accounts_write(struct store *st, const struct auth_context *auth)
{
	uint8_t record[ACCOUNTS_RECORD_MAX];
	size_t len;
	int err = accounts_encode(auth_users_of(auth), record, sizeof(record), &len);

	if (err == 0) {
		err = store_set(st, ACCOUNTS_KEY, record, len);
	}
	mbedtls_platform_zeroize(record, sizeof(record));
	return err;
}

/* The command line's user (made by auth_create) put into users, in place of
 * a stored one of the same name or after them; *changed when that differs
 * from what was stored.  false when there is no room. */
static bool command_line_user_merge(struct auth_users *users, const struct auth_users *now,
				    const char *user, bool *changed)
{
	const struct auth_user *given = auth_users_find(now, user);
	struct auth_user *stored = (struct auth_user *)auth_users_find(users, user);

	if (given == NULL) {
		return true;
	}
	if (stored == NULL && users->count == AUTH_USERS_MAX) {
		return false;
	}
	*changed = stored == NULL || memcmp(stored, given, sizeof(*given)) != 0;
	*(stored != NULL ? stored : &users->user[users->count++]) = *given;
	return true;
}

int accounts_restore(const struct store *st, struct auth_context *auth, const char *user,
		     bool reset, bool *changed)
{
	struct auth_users users;
	const void *value;
	size_t len = 0;
	int err;

	*changed = false;
	value = store_get(st, ACCOUNTS_KEY, &len);
	if (value == NULL) {
		return 0;
	}
	err = accounts_decode(value, len, &users);
	if (err == 0 && reset &&
	    !command_line_user_merge(&users, auth_users_of(auth), user, changed)) {
		hv_log("auth: %u users stored: user %s of the command line not added (name a "
		       "stored one to reset its password)\n", AUTH_USERS_MAX, user);
	}
	if (err == 0) {
		err = auth_users_replace(auth, &users);
	}
	if (err != 0) {
		hv_log("auth: the stored users are unusable (%d): only user %s of the command "
		       "line\n", err, user);
	} else {
		err = (int)users.count;
	}
	mbedtls_platform_zeroize(&users, sizeof(users));
	return err;
}
