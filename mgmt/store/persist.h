/* SPDX-License-Identifier: MIT */
/*
 * What the firmware keeps in its configuration store and when
 * (docs/store.md): the VM definitions and the child pools, restored at
 * boot (the pools first) and written after every change a client makes;
 * the management users, restored when authentication starts and written
 * after every account change.  Firmware only (the store on the boot disk,
 * mgmt/store/config_store.h).
 */
#ifndef VMANHV_MGMT_STORE_PERSIST_H
#define VMANHV_MGMT_STORE_PERSIST_H

#include <stdbool.h>
#include <stdint.h>

#include "mgmt/http/auth.h"

/*
 * At boot, once guest files are known and before the endpoint serves: make
 * the stored child pools again, then recreate the stored VMs, start those
 * marked for it, and from then on write both after every change
 * (virtual_system_changed(), child_pools_changed()).
 */
void persist_definitions_boot(void);

/* Snapshot every child pool and every VM's definition into the store and
 * commit, in one generation: 0 or the error (said). */
int definitions_save(void);

/*
 * From the management loop, each round: at most twice a second, whether a
 * VM became active or inactive since the definitions were last written (a
 * stop completes after RequestStateChange returns; a guest powers off by
 * itself); if so they are written again, so that AutomaticStartupAction 3
 * (Restart if previously active) sees what was running when the power went.
 */
void persist_watch(uint64_t now_us);

/*
 * When authentication starts, right after auth_create() made `user` from
 * the command line (`password_given`: password= was there): the stored
 * users replace it, or it seeds the store (accounts_restore() says how).
 * From then on the users are written after every account change.
 * Returns how many stored users are in use (0: the command line's user).
 */
int persist_accounts_boot(struct auth_context *auth, const char *user, bool password_given);

#endif
