/* SPDX-License-Identifier: MIT */
/*
 * vmanhv-mgmt: the management core as a Linux program (docs/bench.md).
 * The same WS-Man endpoint, CIM providers, Digest authentication and HTTP
 * parser as the firmware, on a POSIX socket (hosted_server.h) and the
 * hv/api.h test backend (hv_backend.c), plus the benchmark class
 * (bench_provider.h).  For tests, fuzzing by hand and benchmarks; never a
 * product.
 *
 *   vmanhv-mgmt [--port N] [--user NAME] [--password TEXT] [--instances N]
 *
 * Prints `hosted: listening on 127.0.0.1:<port>` once it serves; SIGINT or
 * SIGTERM end it cleanly (everything freed, so leak checkers see the truth).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mgmt/hosted/bench_provider.h"
#include "mgmt/hosted/hosted_server.h"
#include "mgmt/http/auth.h"
#include "mgmt/http/rng.h"
#include "mgmt/profiles/job.h"
#include "mgmt/profiles/registry.h"
#include "mgmt/wsman/cim_ops.h"
#include "mgmt/wsman/wsman.h"

#define HOSTED_DEFAULT_USER		"admin"
#define HOSTED_DEFAULT_INSTANCES	100U
/* The firmware listens on 5985; a test or a benchmark usually asks for 0 (any). */
#define HOSTED_DEFAULT_PORT		5985U
#define HOSTED_PROVIDERS_MAX		64U

struct options {
	unsigned long port;
	const char *user;
	const char *password;
	unsigned long instances;
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/* The jobs' wall clock (mgmt/profiles/job.h: StartTime and the like). */
static uint64_t wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000U + (uint64_t)ts.tv_nsec / 1000U;
}

static int usage(const char *why)
{
	fprintf(stderr, "vmanhv-mgmt: %s\nusage: vmanhv-mgmt [--port N] [--user NAME] "
		"[--password TEXT] [--instances N]\n", why);
	return 2;
}

/* A whole decimal number within [0, max]; false for anything else. */
static bool parse_number(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	if (*text < '0' || *text > '9') {
		return false;
	}
	errno = 0;
	*out = strtoul(text, &end, 10);
	return errno == 0 && *end == '\0' && *out <= max;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'w' },
		{ "instances", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	*o = (struct options){ HOSTED_DEFAULT_PORT, HOSTED_DEFAULT_USER, NULL,
			       HOSTED_DEFAULT_INSTANCES };
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			if (!parse_number(optarg, 65535U, &o->port)) {
				return usage("--port takes 0 to 65535");
			}
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'w':
			o->password = optarg;
			break;
		case 'n':
			if (!parse_number(optarg, 10000000U, &o->instances)) {
				return usage("--instances takes 0 to 10000000");
			}
			break;
		default:
			return usage(opt == 'h' ? "the hosted management core" : "unknown option");
		}
	}
	return optind == argc ? 0 : usage("unexpected argument");
}

/* The firmware's providers (mgmt/profiles/registry.c) and the benchmark class. */
static int registry_build(struct cim_registry *reg, const struct cim_provider **list,
			  const struct bench_provider *bench)
{
	if (profiles_registry.count >= HOSTED_PROVIDERS_MAX) {
		return -E2BIG;
	}
	for (size_t i = 0; i < profiles_registry.count; i++) {
		list[i] = profiles_registry.providers[i];
	}
	list[profiles_registry.count] = &bench->provider;
	*reg = (struct cim_registry){ list, profiles_registry.count + 1U,
				      profiles_registry.method_error };
	return 0;
}

static void signals_install(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	/* No SA_RESTART: poll() returns EINTR and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a client gone mid-reply is an EPIPE, not a death */
}

/* Everything the program owns, so it can all be freed at the end. */
struct hosted {
	struct mgmt_rng rng;
	struct auth_context *auth;
	struct wsman_endpoint wsman;
	struct wsman_cim_state cim;
	struct bench_provider bench;
	const struct cim_provider *providers[HOSTED_PROVIDERS_MAX];
	struct cim_registry registry;
	struct http_route route;
	struct hosted_server *server;
};

static int hosted_start(struct hosted *h, const struct options *o)
{
	const char *why = "";
	const char *generated = NULL;
	struct http_server_config cfg;

	if (mgmt_rng_init(&h->rng, &why) != 0) {
		fprintf(stderr, "vmanhv-mgmt: rng: %s\n", why);
		return -1;
	}
	h->auth = auth_create(o->user, o->password, mgmt_rng, &h->rng, &generated);
	if (h->auth == NULL) {
		fprintf(stderr, "vmanhv-mgmt: --user or --password unusable (docs/auth.md)\n");
		return -1;
	}
	if (generated != NULL) {
		printf("auth: user %s, generated password %s\n", o->user, generated);
	}
	bench_provider_init(&h->bench, (uint32_t)o->instances);
	if (registry_build(&h->registry, h->providers, &h->bench) != 0) {
		fprintf(stderr, "vmanhv-mgmt: too many providers\n");
		return -1;
	}
	wsman_endpoint_init(&h->wsman, mgmt_rng, &h->rng);
	wsman_cim_enable(&h->wsman, &h->cim, &h->registry, monotonic_ms);
	job_clock_attach(&(const struct job_clock){ monotonic_ms, wall_us });
	/* The firmware's route (mgmt/http/http_service.c). */
	h->route = (struct http_route){ .path = WSMAN_PATH, .method = HTTP_METHOD_POST,
					.handler = wsman_handle, .ctx = &h->wsman,
					.authenticate = true, .anonymous_identify = true };
	cfg = (struct http_server_config){ .routes = &h->route, .route_count = 1,
					   .auth = h->auth, .now_ms = monotonic_ms };
	h->server = hosted_server_open(&cfg, (uint16_t)o->port);
	if (h->server == NULL) {
		fprintf(stderr, "vmanhv-mgmt: cannot listen on port %lu: %s\n", o->port,
			strerror(errno));
		return -1;
	}
	printf("hosted: listening on 127.0.0.1:%u (http), %lu %s instances\n",
	       hosted_server_port(h->server), o->instances, BENCH_CLASS);
	return 0;
}

static void hosted_stop(struct hosted *h)
{
	if (h->server != NULL) {
		hosted_server_close(h->server);
	}
	auth_destroy(h->auth);
	mgmt_rng_free(&h->rng);
}

int main(int argc, char **argv)
{
	static struct hosted h;
	struct options o;
	int rc = parse_options(argc, argv, &o);

	if (rc != 0) {
		return rc;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signals_install();
	if (hosted_start(&h, &o) != 0) {
		hosted_stop(&h);
		return 1;
	}
	rc = hosted_server_run(h.server, &stop_requested);
	printf("hosted: stopped after %u WS-Man requests\n", h.wsman.requests);
	hosted_stop(&h);
	return rc == 0 ? 0 : 1;
}
