/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/wsman/action.h"
#include "mgmt/wsman/names.h"

struct action_entry {
	const char *uri;
	enum wsman_action action;
};

/* Sorted by strcmp() of uri, for bsearch(); test_wsman_envelope checks
 * that every entry is found. */
static const struct action_entry actions[] = {
	{ WSMAN_ACTION_URI_IDENTIFY, WSMAN_ACTION_IDENTIFY },
	{ WSMAN_ACTION_URI_EVT_STATUS, WSMAN_ACTION_EVT_STATUS },
	{ WSMAN_ACTION_URI_EVT_RENEW, WSMAN_ACTION_EVT_RENEW },
	{ WSMAN_ACTION_URI_SUBSCRIBE, WSMAN_ACTION_SUBSCRIBE },
	{ WSMAN_ACTION_URI_UNSUBSCRIBE, WSMAN_ACTION_UNSUBSCRIBE },
	{ WSMAN_ACTION_URI_ENUMERATE, WSMAN_ACTION_ENUMERATE },
	{ WSMAN_ACTION_URI_ENUM_STATUS, WSMAN_ACTION_ENUM_STATUS },
	{ WSMAN_ACTION_URI_PULL, WSMAN_ACTION_PULL },
	{ WSMAN_ACTION_URI_RELEASE, WSMAN_ACTION_RELEASE },
	{ WSMAN_ACTION_URI_ENUM_RENEW, WSMAN_ACTION_ENUM_RENEW },
	{ WSMAN_ACTION_URI_CREATE, WSMAN_ACTION_CREATE },
	{ WSMAN_ACTION_URI_DELETE, WSMAN_ACTION_DELETE },
	{ WSMAN_ACTION_URI_GET, WSMAN_ACTION_GET },
	{ WSMAN_ACTION_URI_PUT, WSMAN_ACTION_PUT },
};

static int compare_uri(const void *key, const void *entry)
{
	return strcmp(key, ((const struct action_entry *)entry)->uri);
}

enum wsman_action wsman_action_from_uri(const char *uri)
{
	const struct action_entry *e;

	e = bsearch(uri, actions, sizeof(actions) / sizeof(actions[0]), sizeof(actions[0]),
		    compare_uri);
	return e != NULL ? e->action : WSMAN_ACTION_OTHER;
}

const char *wsman_action_uri(enum wsman_action action)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (actions[i].action == action) {
			return actions[i].uri;
		}
	}
	return NULL;
}

const char *wsman_action_method(const char *action_uri, const char *resource_uri)
{
	size_t len;
	const char *tail;

	if (action_uri == NULL || resource_uri == NULL) {
		return NULL;
	}
	len = strlen(resource_uri);
	if (strncmp(action_uri, resource_uri, len) != 0 || action_uri[len] != '/') {
		return NULL;
	}
	tail = action_uri + len + 1;
	return tail[0] != '\0' && strchr(tail, '/') == NULL ? tail : NULL;
}
