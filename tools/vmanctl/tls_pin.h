/* SPDX-License-Identifier: MIT */
/*
 * Trust on first use of an HTTPS endpoint's key, as ssh does with host keys.
 * The vmanhv firmware makes its own self-signed certificate (docs/auth.md),
 * so no CA can vouch for it; instead the first connection records the
 * SHA-256 of its public key in the known-hosts file (pin.h), and every later
 * connection has libcurl refuse, during the TLS handshake and before any
 * credentials are sent, a key that is not that one (CURLOPT_PINNEDPUBLICKEY).
 */
#ifndef VMANCTL_TLS_PIN_H
#define VMANCTL_TLS_PIN_H

#include "tools/vmanctl/vmanctl.h"

/*
 * tls_pin_ensure - v->pin for v->hostport: from the known-hosts file, or
 * fetched from the server (a handshake without credentials) and added to it
 * with a note on stderr.  Returns VMANCTL_OK, VMANCTL_UNREACHABLE or
 * VMANCTL_USAGE (unusable known-hosts file), having said why.
 */
int tls_pin_ensure(struct vmanctl *v);

/*
 * tls_pin_mismatch - the server no longer presents the pinned key: say so
 * as ssh does, with both fingerprints and how to remove the pin.
 * Returns VMANCTL_PIN.
 */
int tls_pin_mismatch(struct vmanctl *v);

/* "AA:BB:..." for 32 bytes, and its NUL */
#define TLS_CERT_FP_MAX	(3 * 32)

/*
 * tls_pin_fetch - the server's current pin ("sha256//...", PIN_MAX) and its
 * certificate's SHA-256 fingerprint ("AA:BB:...", as the firmware's console
 * prints it).  VMANCTL_OK or VMANCTL_UNREACHABLE.
 */
int tls_pin_fetch(struct vmanctl *v, char *pin, char *cert_fp, size_t fp_len);

#endif
