/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/vmanctl/pin.h"

int pin_is_valid(const char *pin)
{
	size_t plen = strlen(PIN_PREFIX), n;

	if (strncmp(pin, PIN_PREFIX, plen) != 0) {
		return 0;
	}
	pin += plen;
	n = strlen(pin);
	/* base64 of 32 bytes: 43 characters and one '=' (RFC 4648 section 4) */
	if (n != 44 || pin[43] != '=') {
		return 0;
	}
	return strspn(pin, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
	       == 43;
}

/* Splits LINE (its newline removed) into host:port and pin; false for
 * comments and blank lines. */
static bool split_line(char *line, char **host, char **pin)
{
	char *save = NULL;

	line[strcspn(line, "\r\n")] = '\0';
	*host = strtok_r(line, " \t", &save);
	if (*host == NULL || **host == '#') {
		return false;
	}
	*pin = strtok_r(NULL, " \t", &save);
	return true;
}

int pin_lookup(const char *path, const char *hostport, char *pin, unsigned *line)
{
	char buf[PIN_LINE_MAX];
	FILE *f = fopen(path, "r");
	unsigned n = 0;
	int rc = -ENOENT;

	if (f == NULL) {
		return errno == ENOENT ? -ENOENT : -errno;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *host, *value;

		n++;
		if (!split_line(buf, &host, &value) || strcmp(host, hostport) != 0) {
			continue;
		}
		*line = n;
		if (value == NULL || !pin_is_valid(value)) {
			rc = -EINVAL;
			break;
		}
		snprintf(pin, PIN_MAX, "%s", value);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}

static int make_parent(const char *path)
{
	char dir[PIN_LINE_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		return 0;
	}
	*slash = '\0';
	if (mkdir(dir, 0700) == 0 || errno == EEXIST) {
		return 0;
	}
	if (errno != ENOENT) {
		return -errno;
	}
	/* ~/.config itself may be missing on a fresh account */
	if (make_parent(dir) < 0) {
		return -errno;
	}
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -errno;
}

int pin_add(const char *path, const char *hostport, const char *pin)
{
	char old[PIN_MAX];
	unsigned line;
	int rc, fd;
	FILE *f;

	if (!pin_is_valid(pin) || strpbrk(hostport, " \t\r\n#") != NULL || *hostport == '\0') {
		return -EINVAL;
	}
	rc = pin_lookup(path, hostport, old, &line);
	if (rc == 0 || rc == -EINVAL) {
		return -EEXIST;
	}
	rc = make_parent(path);
	if (rc < 0) {
		return rc;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0) {
		return -errno;
	}
	f = fdopen(fd, "a");
	if (f == NULL) {
		rc = -errno;
		close(fd);
		return rc;
	}
	fprintf(f, "%s %s\n", hostport, pin);
	return fclose(f) == 0 ? 0 : -errno;
}

/* Copies IN to OUT without HOSTPORT's lines: the number dropped or -errno. */
static int copy_without(FILE *in, FILE *out, const char *hostport)
{
	char buf[PIN_LINE_MAX], work[PIN_LINE_MAX];
	int dropped = 0;

	while (fgets(buf, sizeof(buf), in) != NULL) {
		char *host, *value;

		memcpy(work, buf, sizeof(buf));
		if (split_line(work, &host, &value) && strcmp(host, hostport) == 0) {
			dropped++;
			continue;
		}
		if (fputs(buf, out) == EOF) {
			return -EIO;
		}
	}
	return ferror(in) ? -EIO : dropped;
}

int pin_remove(const char *path, const char *hostport)
{
	char tmp[PIN_LINE_MAX + 8];
	FILE *in, *out;
	int dropped, fd;

	in = fopen(path, "r");
	if (in == NULL) {
		return errno == ENOENT ? 0 : -errno;
	}
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	out = fd < 0 ? NULL : fdopen(fd, "w");
	if (out == NULL) {
		dropped = -errno;
		fclose(in);
		return dropped;
	}
	dropped = copy_without(in, out, hostport);
	fclose(in);
	if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
		dropped = -errno;
	}
	fclose(out);
	if (dropped >= 0 && rename(tmp, path) != 0) {
		dropped = -errno;
	}
	if (dropped < 0) {
		unlink(tmp);
	}
	return dropped;
}

int pin_default_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg != NULL && *xdg == '/') {
		n = snprintf(buf, len, "%s/vmanctl/known_hosts", xdg);
	} else if (home != NULL && *home != '\0') {
		n = snprintf(buf, len, "%s/.config/vmanctl/known_hosts", home);
	} else {
		return -ENOENT;
	}
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}
