/* SPDX-License-Identifier: MIT */
/*
 * The known-hosts file of pinned server keys (trust on first use, as ssh
 * does with host keys): one line per endpoint,
 *
 *     HOST:PORT sha256//BASE64
 *
 * where BASE64 is the SHA-256 of the server certificate's public key
 * (SubjectPublicKeyInfo DER), the form libcurl's CURLOPT_PINNEDPUBLICKEY
 * takes.  Lines starting with # and blank lines are kept as they are.
 */
#ifndef VMANCTL_PIN_H
#define VMANCTL_PIN_H

#include <stddef.h>

#define PIN_PREFIX	"sha256//"
#define PIN_MAX		64	/* "sha256//" + 44 base64 characters + NUL fits */
#define PIN_LINE_MAX	512

/* pin_is_valid - PIN is "sha256//" and the base64 of 32 bytes. */
int pin_is_valid(const char *pin);

/*
 * pin_lookup - the pin of HOSTPORT in the file at PATH into PIN (PIN_MAX).
 * Returns 0 with *LINE its line, -ENOENT (no such line, or no file), -EINVAL
 * (the line for HOSTPORT is malformed, *LINE says where), or -errno when the
 * file cannot be read.
 */
int pin_lookup(const char *path, const char *hostport, char *pin, unsigned *line);

/*
 * pin_add - append "HOSTPORT PIN" to PATH, creating the file (mode 0600) and
 * its directory (0700) when missing.  HOSTPORT already pinned: -EEXIST.
 * Returns 0 or -errno.
 */
int pin_add(const char *path, const char *hostport, const char *pin);

/*
 * pin_remove - drop HOSTPORT's line(s) from PATH, rewriting it through a
 * temporary file and rename(2) so a crash leaves the old or the new file.
 * Returns the number of lines removed (0 when none) or -errno.
 */
int pin_remove(const char *path, const char *hostport);

/* pin_default_path - $XDG_CONFIG_HOME/vmanctl/known_hosts, else ~/.config/... */
int pin_default_path(char *buf, size_t len);

#endif
