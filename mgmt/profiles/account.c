/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "mgmt/http/auth.h"
#include "mgmt/profiles/account.h"
#include "mgmt/profiles/host_system.h"

/* Alphabetical, as the WS-CIM schema (DSP0230) sequences them. */
enum {
	P_CREATION_CLASS_NAME,
	P_ELEMENT_NAME,
	P_ENABLED_STATE,
	P_NAME,
	P_SYSTEM_CREATION_CLASS_NAME,
	P_SYSTEM_NAME,
	P_USER_ID,
	P_USER_PASSWORD,
	P_COUNT
};

static const struct cim_property props[P_COUNT] = {
	[P_CREATION_CLASS_NAME] = { .name = "CreationClassName", .type = CIM_TYPE_STRING,
				    .key = true },
	[P_ELEMENT_NAME] = { .name = "ElementName", .type = CIM_TYPE_STRING },
	[P_ENABLED_STATE] = { .name = "EnabledState", .type = CIM_TYPE_UINT16 },
	[P_NAME] = { .name = "Name", .type = CIM_TYPE_STRING, .key = true },
	[P_SYSTEM_CREATION_CLASS_NAME] = { .name = "SystemCreationClassName",
					   .type = CIM_TYPE_STRING, .key = true },
	[P_SYSTEM_NAME] = { .name = "SystemName", .type = CIM_TYPE_STRING, .key = true },
	[P_USER_ID] = { .name = "UserID", .type = CIM_TYPE_STRING },
	/* CIM_Account.UserPassword: string[] (OctetString in the MOF; here the
	 * password's UTF-8 text, the first element), Write, never read back */
	[P_USER_PASSWORD] = { .name = "UserPassword", .type = CIM_TYPE_STRING, .array = true,
			      .write = true },
};

const struct cim_class account_class = {
	.name = ACCOUNT_CLASS,
	.cim_namespace = CIM_NAMESPACE_DEFAULT,
	.props = props,
	.prop_count = P_COUNT,
};

/* The provider's state: the users the accounts are, once attached. */
struct account_store {
	struct account_users users;
	bool attached;
	void (*on_change)(void);	/* account_on_change() */
};

static struct account_store store;

void account_users_attach(const struct account_users *users)
{
	store.attached = users != NULL;
	if (users != NULL) {
		store.users = *users;
	}
}

void account_on_change(void (*fn)(void))
{
	store.on_change = fn;
}

/* A user was added, changed or removed: 0 passes through, after telling the listener. */
static int changed(const struct account_store *s, int err)
{
	if (err == 0 && s->on_change != NULL) {
		s->on_change();
	}
	return err;
}

static int account_emit(const char *user, cim_instance_fn fn, void *ctx)
{
	struct cim_instance inst;

	memset(&inst, 0, sizeof(inst));
	inst.cls = &account_class;
	inst.values[P_CREATION_CLASS_NAME].s = ACCOUNT_CLASS;
	inst.values[P_ELEMENT_NAME].s = user;
	inst.values[P_ENABLED_STATE].u = 2;	/* Enabled: it can log in */
	inst.values[P_NAME].s = user;
	inst.values[P_SYSTEM_CREATION_CLASS_NAME].s = HOST_SYSTEM_CLASS;
	inst.values[P_SYSTEM_NAME].s = HOST_SYSTEM_NAME;
	inst.values[P_USER_ID].s = user;
	inst.values[P_USER_PASSWORD].is_null = true;	/* write-only */
	return fn(ctx, &inst);
}

static int account_enumerate(void *pctx, uint32_t from, cim_instance_fn fn, void *ctx)
{
	const struct account_store *s = pctx;
	const char *user;

	if (!s->attached) {
		return 0;
	}
	for (uint32_t i = from; (user = s->users.name_fn(s->users.ctx, i)) != NULL; i++) {
		int rc = account_emit(user, fn, ctx);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static const char *string_of(const struct cim_instance *inst, const char *prop)
{
	int i = cim_class_property(inst->cls, prop);

	return i < 0 || inst->values[i].is_null ? NULL : inst->values[i].s;
}

/* The password a client sent: UserPassword's one element. */
static const char *password_of(const struct cim_instance *inst, struct cim_result *res)
{
	const struct cim_value *v = &inst->values[P_USER_PASSWORD];

	if (v->is_null || v->count == 0U) {
		return NULL;
	}
	if (v->count != 1U || v->sa == NULL || v->sa[0] == NULL) {
		cim_fail(res, CIM_ERR_INVALID_PARAMETER, "UserPassword must hold one password");
		return NULL;
	}
	return v->sa[0];
}

/* Keys a client may give on Create must be the ones the account will have. */
static const char *scoping_problem(const struct cim_instance *inst)
{
	const char *ccn = string_of(inst, "CreationClassName");
	const char *sccn = string_of(inst, "SystemCreationClassName");
	const char *sn = string_of(inst, "SystemName");

	if (ccn != NULL && strcasecmp(ccn, ACCOUNT_CLASS) != 0) {
		return "CreationClassName must be CIM_Account";
	}
	if ((sccn != NULL && strcasecmp(sccn, HOST_SYSTEM_CLASS) != 0) ||
	    (sn != NULL && strcmp(sn, HOST_SYSTEM_NAME) != 0)) {
		return "accounts belong to the host system CIM_ComputerSystem vmanhv";
	}
	return NULL;
}

/* The new account's name: Name and UserID, either or both (then equal). */
static const char *new_user_name(const struct cim_instance *inst, struct cim_result *res)
{
	const char *name = string_of(inst, "Name");
	const char *uid = string_of(inst, "UserID");
	const char *problem = scoping_problem(inst);

	if (problem != NULL) {
		cim_fail(res, CIM_ERR_INVALID_PARAMETER, "%s", problem);
		return NULL;
	}
	if (name != NULL && uid != NULL && strcmp(name, uid) != 0) {
		cim_fail(res, CIM_ERR_INVALID_PARAMETER, "Name and UserID differ");
		return NULL;
	}
	if (name == NULL && uid == NULL) {
		cim_fail(res, CIM_ERR_INVALID_PARAMETER, "Name or UserID (the user name) is required");
		return NULL;
	}
	return name != NULL ? name : uid;
}

const char *account_name(uint32_t i)
{
	return store.attached ? store.users.name_fn(store.users.ctx, i) : NULL;
}

void account_ref(const char *user, struct cim_ref *ref)
{
	*ref = (struct cim_ref){
		.class_name = ACCOUNT_CLASS,
		.cim_namespace = CIM_NAMESPACE_DEFAULT,
		.key_count = 4,
		.keys = {
			{ "CreationClassName", ACCOUNT_CLASS, NULL },
			{ "Name", user, NULL },
			{ "SystemCreationClassName", HOST_SYSTEM_CLASS, NULL },
			{ "SystemName", HOST_SYSTEM_NAME, NULL },
		},
	};
}

/* A user add or password change error (auth.h) as a CIM status and reason. */
static enum cim_status user_write_failed(int err, const char *user, struct cim_result *res)
{
	switch (-err) {
	case EEXIST:
		return cim_fail(res, CIM_ERR_ALREADY_EXISTS, "an account named %.64s exists", user);
	case EINVAL:
		return cim_fail(res, CIM_ERR_INVALID_PARAMETER,
				"user names are 1 to 64 bytes without ':' or control characters, "
				"passwords 1 to 128 bytes without control characters");
	case ENOSPC:
		return cim_fail(res, CIM_ERR_FAILED, "at most %u accounts", AUTH_USERS_MAX);
	case ENOENT:
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no account named %.64s", user);
	default:
		return cim_fail(res, CIM_ERR_FAILED, "the password could not be hashed");
	}
}

static enum cim_status account_create(void *pctx, const struct cim_instance *inst,
				      struct cim_ref *created, struct cim_arena *arena,
				      struct cim_result *res)
{
	struct account_store *s = pctx;
	const char *user = new_user_name(inst, res);
	const char *password;
	char *copy;
	int err;

	if (!s->attached) {
		return cim_fail(res, CIM_ERR_FAILED, "authentication is not running");
	}
	if (user == NULL) {
		return res->status;
	}
	password = password_of(inst, res);
	if (password == NULL) {
		return res->status != CIM_OK ? res->status
		       : cim_fail(res, CIM_ERR_INVALID_PARAMETER, "UserPassword is required");
	}
	err = changed(s, s->users.add_fn(s->users.ctx, user, password));
	if (err != 0) {
		return user_write_failed(err, user, res);
	}
	copy = cim_arena_strndup(arena, user, strlen(user));
	if (copy == NULL) {
		return cim_fail(res, CIM_ERR_FAILED, "no memory left for the reply");
	}
	account_ref(copy, created);
	return CIM_OK;
}

/* Put: the merged instance (transfer.c) carries the new UserPassword; nothing
 * else is writable.  No UserPassword: nothing changes. */
static enum cim_status account_put(void *pctx, const struct cim_instance *inst,
				   struct cim_result *res)
{
	struct account_store *s = pctx;
	const char *user = string_of(inst, "Name");
	const char *password = password_of(inst, res);
	int err;

	if (!s->attached || user == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no such account");
	}
	if (password == NULL) {
		return res->status;
	}
	err = changed(s, s->users.set_password_fn(s->users.ctx, user, password));
	return err == 0 ? CIM_OK : user_write_failed(err, user, res);
}

static const char *key_of(const struct cim_key *keys, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(keys[i].name, name) == 0) {
			return keys[i].value;
		}
	}
	return NULL;
}

/*
 * Delete: never the last account, or nobody could manage the host again;
 * refused as CIM_ERR_ACCESS_DENIED (wsman:AccessDenied, DSP0226 14.6: the
 * sender may not do this to the resource), not as a server failure.
 */
static enum cim_status account_delete(void *pctx, const struct cim_key *keys, size_t n,
				      struct cim_result *res)
{
	struct account_store *s = pctx;
	const char *user = key_of(keys, n, "Name");
	int err;

	if (!s->attached || user == NULL) {
		return cim_fail(res, CIM_ERR_NOT_FOUND, "no such account");
	}
	err = changed(s, s->users.remove_fn(s->users.ctx, user));
	if (err == -EBUSY) {
		return cim_fail(res, CIM_ERR_ACCESS_DENIED,
				"%.64s is the last account and cannot be deleted", user);
	}
	return err == 0 ? CIM_OK : cim_fail(res, CIM_ERR_NOT_FOUND, "no account named %.64s", user);
}

const struct cim_provider account_provider = {
	.cls = &account_class,
	.enumerate = account_enumerate,
	.pctx = &store,
	.put = account_put,
	.create = account_create,
	.delete = account_delete,
};
