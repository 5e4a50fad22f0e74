/* SPDX-License-Identifier: MIT */
/*
 * console: a VM's serial output (its COM1 ring, DESIGN.md section 5) through
 * the vendor class vmanhv_ConsoleOutput proposed in docs/vmanctl.md
 * ("Console"): Get with InstanceID vmanhv:<vm>:console gives Data (the
 * bytes the ring still holds, base64), StartOffset (their offset in
 * everything the console ever wrote) and TotalBytes.  --follow polls and
 * prints what is new, as tail -f does.
 */
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/vmanctl/cim.h"
#include "tools/vmanctl/commands.h"

#define CONSOLE_POLL_MS	500

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Writes the part of DATA (base64 of the bytes from START) past *PRINTED. */
static int print_new(const char *data, unsigned long long start, unsigned long long *printed)
{
	size_t len = strlen(data);
	unsigned char *bytes = malloc(len / 4 * 3 + 3);
	int n = bytes ? EVP_DecodeBlock(bytes, (const unsigned char *)data, (int)len) : -1;

	if (n < 0) {
		free(bytes);
		return -1;
	}
	/* EVP_DecodeBlock counts the padding's zero bytes: drop them */
	n -= len >= 1 && data[len - 1] == '=';
	n -= len >= 2 && data[len - 2] == '=';
	if (*printed < start) {
		*printed = start;	/* the ring dropped what we had not seen */
	}
	if (*printed < start + (unsigned long long)n) {
		size_t skip = (size_t)(*printed - start);

		fwrite(bytes + skip, 1, (size_t)n - skip, stdout);
		fflush(stdout);
		*printed = start + (unsigned long long)n;
	}
	free(bytes);
	return 0;
}

static int read_console(struct vmanctl *v, const char *name, unsigned long long *printed)
{
	char id[128];
	struct selector sel = { "InstanceID", id };
	struct cim_instance out;
	struct wsman_fault fault;
	const char *data, *start;
	int rc;

	snprintf(id, sizeof(id), "vmanhv:%s:console", name);
	rc = wsman_get(v, URI_CONSOLE_OUTPUT, &sel, 1, &out, &fault);
	if (rc == VMANCTL_FAILED && fault.present) {
		if (wsman_fault_is_not_served(&fault) && strstr(fault.reason, "instance") == NULL) {
			vmanctl_error("console %s: this endpoint does not serve VM consoles (class "
				      "vmanhv_ConsoleOutput, docs/vmanctl.md): %s", name,
				      fault.reason);
		} else {
			char what[160];

			snprintf(what, sizeof(what), "reading the console of %s failed", name);
			wsman_fault_report(what, &fault);
		}
	}
	if (rc != VMANCTL_OK) {
		return rc;
	}
	data = instance_get(&out, "Data");
	start = instance_get(&out, "StartOffset");
	if (data != NULL && print_new(data, start ? strtoull(start, NULL, 10) : 0, printed) < 0) {
		vmanctl_error("console %s: Data is not base64", name);
		rc = VMANCTL_FAILED;
	}
	instance_free(&out);
	return rc;
}

static int run_console(struct vmanctl *v, const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' }, COMMAND_COMMON_OPTIONS,
	};
	unsigned long long printed = 0;
	bool follow = false;
	const char *name;
	int c, rc;

	while ((c = command_getopt(v, cmd, argc, argv, "f", opts)) != -1) {
		if (c == 'f') {
			follow = true;
			continue;
		}
		return c == -2 ? VMANCTL_OK : VMANCTL_USAGE;
	}
	if ((name = command_one_name(cmd, argc, argv)) == NULL) {
		return VMANCTL_USAGE;
	}
	rc = read_console(v, name, &printed);
	if (!follow) {
		return rc;
	}
	signal(SIGINT, on_interrupt);
	while (rc == VMANCTL_OK && !interrupted) {
		usleep(CONSOLE_POLL_MS * 1000);
		rc = read_console(v, name, &printed);
	}
	return rc;
}

const struct command cmd_console = {
	"console", "NAME [--follow]", "Print a VM's serial console output.",
	"\nWhat the VM's COM1 wrote, as far as the host still holds it.  With\n"
	"--follow (-f), keep printing what it writes until Ctrl-C.\n", run_console, false,
};
