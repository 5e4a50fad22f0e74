/* SPDX-License-Identifier: MIT */
/*
 * wsa:Action URIs as an enum: a request's action is looked up once, when
 * its envelope is parsed, and everything after dispatches on the enum
 * (reference/style.md, practice 15).
 */
#ifndef VMANHV_MGMT_WSMAN_ACTION_H
#define VMANHV_MGMT_WSMAN_ACTION_H

enum wsman_action {
	WSMAN_ACTION_NONE = 0,		/* no wsa:Action header */
	WSMAN_ACTION_OTHER,		/* a URI vmanhv does not know */
	WSMAN_ACTION_IDENTIFY,		/* DSP0226 clause 11 */
	WSMAN_ACTION_GET,		/* DSP0226 7.3 (WS-Transfer) */
	WSMAN_ACTION_PUT,		/* DSP0226 7.4 */
	WSMAN_ACTION_CREATE,		/* DSP0226 7.6 */
	WSMAN_ACTION_DELETE,		/* DSP0226 7.5 */
	WSMAN_ACTION_ENUMERATE,		/* DSP0226 clause 8 (WS-Enumeration) */
	WSMAN_ACTION_PULL,
	WSMAN_ACTION_RELEASE,
	WSMAN_ACTION_ENUM_RENEW,
	WSMAN_ACTION_ENUM_STATUS,
	WSMAN_ACTION_SUBSCRIBE,		/* DSP0226 clause 10 (WS-Eventing) */
	WSMAN_ACTION_UNSUBSCRIBE,
	WSMAN_ACTION_EVT_RENEW,
	WSMAN_ACTION_EVT_STATUS,
	WSMAN_ACTION_INVOKE,		/* DSP0226 clause 9, DSP0227: <ResourceURI>/<Method> */
	WSMAN_ACTION_COUNT
};

/* The action for uri: WSMAN_ACTION_OTHER when unknown (never INVOKE). */
enum wsman_action wsman_action_from_uri(const char *uri);

/*
 * DSP0226 clause 9, DSP0227: a custom action is a method of the request's
 * class, <ResourceURI>/<Method>.  The method's name (a pointer into
 * action_uri) when action_uri is resource_uri, '/' and a name without
 * '/'; NULL otherwise (the action is then unknown).
 */
const char *wsman_action_method(const char *action_uri, const char *resource_uri);

/* The URI of a fixed action; NULL for NONE, OTHER and INVOKE. */
const char *wsman_action_uri(enum wsman_action action);

#endif
