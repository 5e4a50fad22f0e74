/* SPDX-License-Identifier: MIT */
/*
 * The management endpoint as a whole (docs/http.md): once the network has
 * its address, the management loop starts it here.  It seeds the random
 * generator, sets up authentication from `user=`/`password=`, makes the
 * TLS identity, and opens HTTP (5985) and HTTPS (5986) with the WS-Man
 * endpoint on /wsman.
 */
#ifndef VMANHV_MGMT_HTTP_HTTP_SERVICE_H
#define VMANHV_MGMT_HTTP_HTTP_SERVICE_H

/*
 * Start everything; prints the `rng:`, `auth:`, `tls:` and `http:` lines
 * of docs/http.md.  Once only.  0 when HTTP listens (HTTPS may still be
 * off, and says so); else the error of the step that stopped it.
 */
int http_service_start(const char *cmdline);

#endif
