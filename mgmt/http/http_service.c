/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the management endpoint (http_service.h): the pieces in
 * order, each saying on the console what it did or why it could not.
 * Without random numbers nothing starts (no nonces, no keys); without
 * authentication /wsman answers only unauthenticated Identify; without a
 * certificate only HTTP listens.
 */
#include <errno.h>
#include <string.h>

#include <lwip/ip4_addr.h>
#include <lwip/netif.h>

#include "boot/cmdline.h"
#include "hv/clock.h"
#include "hv/log.h"
#include "mgmt/http/auth.h"
#include "mgmt/http/http_server.h"
#include "mgmt/http/http_service.h"
#include "mgmt/http/rng.h"
#include "mgmt/http/tls_identity.h"
#include "mgmt/store/config_store.h"
#include "mgmt/store/persist.h"
#include "mgmt/http/tls_server.h"
#include "mgmt/profiles/account.h"
#include "mgmt/wsman/wsman.h"

/* The account when the command line names none (there is never a default password). */
#define HTTP_SERVICE_DEFAULT_USER	"admin"

/* Set up once by http_service_start(); then owned by the server's callbacks. */
static struct {
	bool started;
	struct mgmt_rng rng;
	struct auth_context *auth;
	struct wsman_endpoint wsman;
	struct tls_identity identity;
	struct http_route routes[1];
} service;

static uint64_t service_now_ms(void)
{
	return clock_now_us() / 1000U;
}

/* `user=` and `password=` (docs/console.md); the password is never printed back. */
static void auth_start(const char *cmdline)
{
	char user[AUTH_USER_MAX + 2U] = HTTP_SERVICE_DEFAULT_USER;
	char password[AUTH_PASSWORD_MAX + 2U];
	bool has_password = cmdline_value(cmdline, "password", password, sizeof(password));
	const char *generated = NULL;
	int stored;

	(void)cmdline_value(cmdline, "user", user, sizeof(user));
	/* One byte more than the limit: a longer value is refused, not cut short. */
	service.auth = auth_create(user, has_password ? password : NULL, mgmt_rng, &service.rng,
				   &generated);
	memset(password, 0, sizeof(password));
	/* the stored users, or this one seeds the store (docs/store.md) */
	stored = service.auth != NULL ? persist_accounts_boot(service.auth, user, has_password) : 0;
	if (service.auth == NULL) {
		hv_log("auth: user= or password= unusable (see docs/http.md), or out of memory: "
		       "/wsman answers only unauthenticated Identify\n");
	} else if (generated != NULL && stored == 0) {
		hv_log("auth: user %s, generated password %s\n", user, generated);
	}
	account_attach(service.auth);	/* CIM_Account: these users (docs/profiles.md) */
}

/* The address and MAC of the management interface, for the certificate. */
static uint32_t interface_ipv4(const uint8_t **mac)
{
	const struct netif *netif = netif_default;

	*mac = NULL;
	if (netif == NULL) {
		return 0;
	}
	if (netif->hwaddr_len == 6U) {
		*mac = netif->hwaddr;
	}
	return lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(netif)));
}

/* The identity kept in the configuration store: 0, or -ENOENT when there is
 * none (first boot, or no store), -EINVAL when it does not fit. */
static int tls_identity_restore(struct tls_identity *id)
{
	struct store *st = config_store();
	const void *key, *cert;
	size_t key_len, cert_len;

	if (st == NULL || (key = store_get(st, STORE_KEY_TLS_KEY, &key_len)) == NULL ||
	    (cert = store_get(st, STORE_KEY_TLS_CERT, &cert_len)) == NULL) {
		return -ENOENT;
	}
	if (key_len > sizeof(id->key_der) || cert_len > sizeof(id->cert_der)) {
		hv_log("tls: the stored certificate does not fit; making a new one\n");
		return -EINVAL;
	}
	memcpy(id->key_der, key, key_len);
	id->key_len = key_len;
	memcpy(id->cert_der, cert, cert_len);
	id->cert_len = cert_len;
	if (tls_identity_finish(id) != 0) {
		hv_log("tls: the stored certificate is unusable; making a new one\n");
		return -EINVAL;
	}
	hv_log("tls: certificate from the configuration store\n");
	return 0;
}

/* Keep a new identity across reboots (issue 3: made on first boot only). */
static void tls_identity_keep(const struct tls_identity *id)
{
	struct store *st = config_store();

	if (st == NULL || store_set(st, STORE_KEY_TLS_KEY, id->key_der, id->key_len) != 0 ||
	    store_set(st, STORE_KEY_TLS_CERT, id->cert_der, id->cert_len) != 0 ||
	    config_store_commit("the TLS certificate") != 0) {
		hv_log("tls: certificate not kept: a new one at the next boot\n");
	}
}

/* The key, the certificate, its fingerprint on the console; NULL: HTTPS stays off. */
static struct altcp_tls_config *tls_start(void)
{
	char fingerprint[TLS_FINGERPRINT_TEXT_LEN];
	const uint8_t *mac;
	uint32_t ipv4 = interface_ipv4(&mac);
	struct altcp_tls_config *config;
	int err = tls_identity_restore(&service.identity);

	if (err != 0) {
		err = tls_identity_generate(&service.identity, mac, ipv4, mgmt_rng, &service.rng);
		if (err == 0) {
			tls_identity_keep(&service.identity);
		}
	}
	if (err != 0) {
		hv_log("tls: no certificate (%d): HTTPS off\n", err);
		return NULL;
	}
	config = tls_server_config_create(&service.identity, &service.rng);
	tls_identity_wipe_key(&service.identity);
	if (config == NULL) {
		hv_log("tls: lwIP refused the key or certificate (out of memory?): HTTPS off\n");
		return NULL;
	}
	tls_identity_fingerprint_text(&service.identity, fingerprint);
	hv_log("tls: certificate sha256 fingerprint %s\n", fingerprint);
	return config;
}

static int listeners_start(struct altcp_tls_config *tls)
{
	struct http_server_config cfg = {
		.routes = service.routes,
		.route_count = 1,
		.auth = service.auth,
		.tls = tls,
		.now_ms = service_now_ms,
	};
	int err;

	service.routes[0] = (struct http_route){
		.path = WSMAN_PATH,
		.method = HTTP_METHOD_POST,
		.handler = wsman_handle,
		.ctx = &service.wsman,
		.authenticate = true,
		.anonymous_identify = true,
	};
	err = http_server_start(&cfg);
	if (err != 0) {
		hv_log("http: could not listen (%d): management endpoint off\n", err);
	} else if (tls != NULL) {
		hv_log("http: listening on %u (http) and %u (https)\n", HTTP_PORT, HTTPS_PORT);
	} else {
		hv_log("http: listening on %u (http)\n", HTTP_PORT);
	}
	return err;
}

int http_service_start(const char *cmdline)
{
	const char *why = "";
	int err;

	if (service.started) {
		return -EALREADY;
	}
	service.started = true;
	err = mgmt_rng_init(&service.rng, &why);
	if (err != 0) {
		hv_log("rng: %s: management endpoint off\n", why);
		return err;
	}
	auth_start(cmdline);
	wsman_endpoint_init(&service.wsman, mgmt_rng, &service.rng);
	return listeners_start(tls_start());
}
