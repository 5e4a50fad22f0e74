/* SPDX-License-Identifier: MIT */
/*
 * The firmware command line: space-separated `key` or `key=value` words
 * (docs/console.md lists the keys).
 */
#ifndef VMANHV_BOOT_CMDLINE_H
#define VMANHV_BOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* True when `key` appears, bare or with a value. */
bool cmdline_has(const char *cmdline, const char *key);
/*
 * Copy the value of `key=value` into out (NUL-terminated, truncated to
 * out_len - 1).  False when the key is absent or bare; `key=` gives "".
 */
bool cmdline_value(const char *cmdline, const char *key, char *out, size_t out_len);

/*
 * Copy cmdline into out with the value of every secret option (`password=`)
 * replaced by "***", so the console never shows a credential.  out is always
 * NUL-terminated; a line that does not fit is cut.
 */
void cmdline_redact(const char *cmdline, char *out, size_t out_len);

/*
 * Everything after the first " -- " is the command line of the Linux guest
 * that `guest=` starts (docs/console.md), not the firmware's: copy it into
 * guest (NUL-terminated, cut to guest_len - 1; "" without a separator) and
 * end cmdline before the separator, so that no firmware option is read from
 * the guest's words.
 */
void cmdline_split_guest(char *cmdline, char *guest, size_t guest_len);

#endif
