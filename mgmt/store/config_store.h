/* SPDX-License-Identifier: MIT */
/*
 * The firmware's configuration store (mgmt/store/store.h) on partition 2 of
 * the boot disk (hv/boot_disk.h), opened once at boot.  Management CPU only.
 */
#ifndef VMANHV_MGMT_STORE_CONFIG_STORE_H
#define VMANHV_MGMT_STORE_CONFIG_STORE_H

#include "mgmt/store/store.h"

/* Keys (docs/store.md). */
#define STORE_KEY_TLS_KEY	"tls/key"	/* RFC 5915 ECPrivateKey, DER */
#define STORE_KEY_TLS_CERT	"tls/cert"	/* X.509, DER */

/* Load the store; prints one `store:` line (docs/console.md).  0, or
 * -ENODEV without a boot disk (nothing is then kept across reboots). */
int config_store_open(void);

/* The store, or NULL when there is none. */
struct store *config_store(void);

/* Commit; on failure says so on the console.  0 or the error. */
int config_store_commit(const char *why);

#endif
