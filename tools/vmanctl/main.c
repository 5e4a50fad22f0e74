/* SPDX-License-Identifier: MIT */
/*
 * vmanctl [GLOBAL OPTIONS] COMMAND [ARGS]: the global options, the command
 * table and the exit status (docs/vmanctl.1).
 */
#include <curl/curl.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/commands.h"
#include "tools/vmanctl/credentials.h"
#include "tools/vmanctl/transport.h"

static const struct command *const commands[] = {
	&cmd_host, &cmd_list, &cmd_show, &cmd_define, &cmd_start, &cmd_stop, &cmd_pause,
	&cmd_resume, &cmd_reset, &cmd_set, &cmd_console, &cmd_destroy, &cmd_pools,
	&cmd_profiles, &cmd_forget,
};

#define DEFAULT_TIMEOUT_S	60

/* Errors and notes look alike: on stderr, after the program's name (stdout
 * stays the command's output, for pipes and --json). */
static void report(const char *fmt, va_list ap)
{
	fputs("vmanctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vmanctl_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
}

void vmanctl_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
}

static void usage(FILE *out)
{
	fputs("usage: vmanctl [GLOBAL OPTIONS] COMMAND [ARGS] [--json]\n\n"
	      "Manage the VMs of a vmanhv host over WS-Management.\n\ncommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		fprintf(out, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
	}
	fputs("\nglobal options:\n"
	      "  --url URL             the endpoint, http://HOST:5985/wsman (Digest) or\n"
	      "                        https://HOST:5986/wsman (Basic, key pinned); $VMANCTL_URL\n"
	      "  --user NAME           $VMANCTL_USER, else the netrc login, else admin\n"
	      "  --password-file FILE  its first line is the password (- for stdin);\n"
	      "                        else $VMANCTL_PASSWORD, else the netrc password\n"
	      "  --netrc-file FILE     instead of ~/.netrc\n"
	      "  --known-hosts FILE    pinned keys, default ~/.config/vmanctl/known_hosts\n"
	      "  --timeout SECONDS     per request, and for a job to finish (default 60)\n"
	      "  --json                listings as JSON\n"
	      "  -v, --verbose         show each SOAP request and reply on stderr\n"
	      "  -h, --help            this; vmanctl COMMAND --help for a command\n"
	      "  --version\n\n"
	      "exit status: 0 done, 1 refused or failed, 2 usage, 3 unreachable,\n"
	      "4 authentication failed, 5 the server's key does not match its pin.\n"
	      "See vmanctl(1): man -l docs/vmanctl.1\n", out);
}

enum { OPT_URL = 256, OPT_USER, OPT_PASSWORD_FILE, OPT_NETRC, OPT_KNOWN, OPT_TIMEOUT,
       OPT_VERSION, OPT_JSON };

static int global_option(struct vmanctl *v, int c)
{
	char *end;

	switch (c) {
	case OPT_URL:
		snprintf(v->url, sizeof(v->url), "%s", optarg);
		return VMANCTL_OK;
	case OPT_USER:
		snprintf(v->user, sizeof(v->user), "%s", optarg);
		return VMANCTL_OK;
	case OPT_PASSWORD_FILE:
		v->password_file = optarg;
		return VMANCTL_OK;
	case OPT_NETRC:
		v->netrc_file = optarg;
		return VMANCTL_OK;
	case OPT_KNOWN:
		snprintf(v->known_hosts, sizeof(v->known_hosts), "%s", optarg);
		return VMANCTL_OK;
	case OPT_TIMEOUT:
		v->timeout_s = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || v->timeout_s < 1 || v->timeout_s > 86400) {
			vmanctl_error("--timeout takes whole seconds from 1 to 86400, not '%s'",
				      optarg);
			return VMANCTL_USAGE;
		}
		return VMANCTL_OK;
	case OPT_JSON:
		v->json = true;
		return VMANCTL_OK;
	case 'v':
		v->verbose = true;
		return VMANCTL_OK;
	case 'h':
		usage(stdout);
		return -1;
	case OPT_VERSION:
		printf("vmanctl %s\n", VMANCTL_VERSION);
		return -1;
	default:
		usage(stderr);
		return VMANCTL_USAGE;
	}
}

static int global_options(struct vmanctl *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, OPT_URL },
		{ "user", required_argument, NULL, OPT_USER },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "netrc-file", required_argument, NULL, OPT_NETRC },
		{ "known-hosts", required_argument, NULL, OPT_KNOWN },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	/* "+": stop at the command, whose options are its own */
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		rc = global_option(v, c);
		if (rc != VMANCTL_OK) {
			return rc;
		}
	}
	return VMANCTL_OK;
}

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i]->name, name) == 0) {
			return commands[i];
		}
	}
	return NULL;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			return true;
		}
	}
	return false;
}

static int run(struct vmanctl *v, int argc, char **argv)
{
	const struct command *cmd;
	int rc = global_options(v, argc, argv);

	if (rc != VMANCTL_OK) {
		return rc < 0 ? VMANCTL_OK : rc;
	}
	if (optind >= argc) {
		usage(stderr);
		return VMANCTL_USAGE;
	}
	cmd = command_find(argv[optind]);
	if (cmd == NULL) {
		vmanctl_error("unknown command '%s' (vmanctl --help lists them)", argv[optind]);
		return VMANCTL_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (v->known_hosts[0] == '\0' &&
	    pin_default_path(v->known_hosts, sizeof(v->known_hosts)) < 0) {
		vmanctl_error("no home directory for the known-hosts file: give --known-hosts");
		return VMANCTL_USAGE;
	}
	/* --help needs no endpoint; other commands do, except forget */
	if (!cmd->offline && !wants_help(argc, argv)) {
		rc = credentials_resolve(v);
		if (rc != VMANCTL_OK) {
			return rc;
		}
	}
	optind = 0;	/* glibc: a fresh getopt scan over the command's argv */
	return cmd->run(v, cmd, argc, argv);
}

int main(int argc, char **argv)
{
	struct vmanctl v = { .timeout_s = DEFAULT_TIMEOUT_S };
	int rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		vmanctl_error("libcurl could not start");
		return VMANCTL_UNREACHABLE;
	}
	LIBXML_TEST_VERSION
	rc = run(&v, argc, argv);
	transport_close(&v);
	/* the password leaves memory with the process; clear it anyway */
	memset(v.password, 0, sizeof(v.password));
	xmlCleanupParser();
	curl_global_cleanup();
	return rc;
}
