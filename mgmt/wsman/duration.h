/* SPDX-License-Identifier: MIT */
/*
 * xs:duration (XML Schema Part 2, 3.2.6) as used by wsman:OperationTimeout
 * (DSP0226 6.1) and, later, enumeration expirations: "PT60S", "PT60.000S"
 * (WinRM and openwsman send milliseconds), "P1DT2H".
 */
#ifndef VMANHV_MGMT_WSMAN_DURATION_H
#define VMANHV_MGMT_WSMAN_DURATION_H

#include <stdint.h>

/*
 * Parse s (whitespace already collapsed) into milliseconds.  A year counts
 * 365 days and a month 30 (a timeout has no calendar to anchor them);
 * fractions of a second beyond milliseconds are dropped; a value too large
 * for uint64_t saturates.  Returns 0, or -EINVAL for anything that is not an
 * xs:duration, and for a negative one (a time-out cannot be).
 */
int wsman_duration_parse_ms(const char *s, uint64_t *ms);

#endif
