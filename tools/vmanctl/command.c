/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "tools/vmanctl/commands.h"

void command_help(const struct command *cmd)
{
	printf("usage: vmanctl [GLOBAL OPTIONS] %s %s\n\n%s\n%s", cmd->name, cmd->usage,
	       cmd->summary, cmd->help);
}

int command_usage_error(const struct command *cmd, const char *why)
{
	vmanctl_error("%s: %s", cmd->name, why);
	fprintf(stderr, "usage: vmanctl %s %s\n(vmanctl %s --help tells more)\n", cmd->name,
		cmd->usage, cmd->name);
	return VMANCTL_USAGE;
}

int command_getopt(struct vmanctl *v, const struct command *cmd, int argc, char **argv,
		   const char *shortopts, const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);

	if (c == 'J') {
		v->json = true;
		return command_getopt(v, cmd, argc, argv, shortopts, longopts);
	}
	if (c == 'h') {
		command_help(cmd);
		return -2;
	}
	return c;
}

const char *command_one_name(const struct command *cmd, int argc, char **argv)
{
	if (optind >= argc) {
		command_usage_error(cmd, "the VM's name is missing");
		return NULL;
	}
	if (optind + 1 < argc) {
		command_usage_error(cmd, "one VM name only");
		return NULL;
	}
	return argv[optind];
}
