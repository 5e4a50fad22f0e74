/* SPDX-License-Identifier: MIT */
/*
 * The commands, one table (main.c) of these; each command file defines its
 * entries.  A command's run() gets argv from its own name on, parses its
 * options with command_getopt() and returns a vmanctl exit code.
 */
#ifndef VMANCTL_COMMANDS_H
#define VMANCTL_COMMANDS_H

#include <getopt.h>

#include "tools/vmanctl/vmanctl.h"

struct command {
	const char *name;
	const char *usage;	/* after "vmanctl NAME " */
	const char *summary;	/* one line for vmanctl --help */
	const char *help;	/* the rest of vmanctl NAME --help */
	int (*run)(struct vmanctl *v, const struct command *cmd, int argc, char **argv);
	bool offline;		/* needs no endpoint (forget) */
};

extern const struct command cmd_host, cmd_profiles, cmd_pools;
extern const struct command cmd_list, cmd_show;
extern const struct command cmd_define, cmd_destroy, cmd_set;
extern const struct command cmd_start, cmd_stop, cmd_pause, cmd_resume, cmd_reset;
extern const struct command cmd_console, cmd_forget;

/* The end of every command's option table: --json and --help. */
#define COMMAND_COMMON_OPTIONS \
	{ "json", no_argument, NULL, 'J' }, { "help", no_argument, NULL, 'h' }, \
	{ NULL, 0, NULL, 0 }

/*
 * command_getopt - getopt_long over the command's options; --json and
 * --help are handled here ('h' prints the help and returns -2).  Returns the
 * option character, -1 at the end, '?' for a bad option (said by getopt).
 */
int command_getopt(struct vmanctl *v, const struct command *cmd, int argc, char **argv,
		   const char *shortopts, const struct option *longopts);

/* command_usage_error - "vmanctl: WHY" and the usage line; VMANCTL_USAGE. */
int command_usage_error(const struct command *cmd, const char *why);

/* command_help - the command's usage and help on stdout. */
void command_help(const struct command *cmd);

/*
 * command_one_name - the single positional argument (a VM's name) after
 * the options, or NULL after saying what is wrong.
 */
const char *command_one_name(const struct command *cmd, int argc, char **argv);

#endif
