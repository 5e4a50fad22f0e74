/* SPDX-License-Identifier: MIT */
/* forget: drop an endpoint's pinned key, as ssh-keygen -R does for hosts. */
#include <stdio.h>
#include <string.h>

#include "tools/vmanctl/commands.h"
#include "tools/vmanctl/pin.h"

static int run_forget(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = { COMMAND_COMMON_OPTIONS };
	const char *hostport;
	int c, rc;

	while ((c = command_getopt(v, cmd, argc, argv, "", opts)) != -1) {
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	if (optind + 1 != argc) {
		return command_usage_error(cmd, "give one HOST:PORT");
	}
	hostport = argv[optind];
	rc = pin_remove(v->known_hosts, hostport);
	if (rc < 0) {
		vmanctl_error("cannot rewrite %s: %s", v->known_hosts, strerror(-rc));
		return VMANCTL_FAILED;
	}
	if (rc == 0) {
		vmanctl_error("%s has no pin for %s", v->known_hosts, hostport);
		return VMANCTL_FAILED;
	}
	printf("removed the pin of %s from %s\n", hostport, v->known_hosts);
	return VMANCTL_OK;
}

const struct command cmd_forget = {
	"forget", "HOST:PORT", "Remove the pinned key of an HTTPS endpoint.",
	"\nAfter a host got a new key (a new disk, a reinstall), the next\n"
	"connection is refused until its old pin is removed; the one after pins\n"
	"the new key.  HOST:PORT as vmanctl printed it, e.g. 127.0.0.1:15986.\n",
	run_forget, true,
};
