/* SPDX-License-Identifier: MIT */
#ifndef VMANHV_MGMT_LIBS_CHECK_H
#define VMANHV_MGMT_LIBS_CHECK_H

#include <stddef.h>

/*
 * Exercise each third-party library the management core stands on once at
 * boot (a SHA-256 known answer, an XML parse, lwIP's init) and describe
 * their versions in buf.  0, or -EIO naming the library that failed in buf.
 */
int mgmt_libs_check(char *buf, size_t len);

#endif
