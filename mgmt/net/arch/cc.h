/*
 * lwIP architecture port for vmanhv (see lwip/arch.h for what a port may
 * define). The types, integer limits and format macros come from newlib's
 * <stdint.h>, <inttypes.h> and <limits.h>, which lwIP includes by default.
 */
#ifndef VMANHV_LWIP_ARCH_CC_H
#define VMANHV_LWIP_ARCH_CC_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

/* newlib's <sys/types.h> has ssize_t (a long) but its <limits.h> no
 * SSIZE_MAX, without which lwip/arch.h would typedef a conflicting int. */
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

/* x86_64 is little-endian; lwip/def.h supplies LITTLE_ENDIAN's value. */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* Diagnostics go to the firmware console through newlib's stdio. */
#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)

/* A failed lwIP assertion is a broken invariant of the management plane: say
 * where and stop (abort() ends in the firmware's _kill/_exit). */
#define LWIP_PLATFORM_ASSERT(x) do { \
		printf("lwIP assertion \"%s\" failed at %s:%d\n", (x), __FILE__, __LINE__); \
		abort(); \
	} while (0)

/*
 * Provided by the firmware: 32 random bits from the hardware generator
 * (RDRAND/RDSEED). lwIP uses them for its first ephemeral ports, DHCP
 * transaction ids and the SNTP start-up delay.
 */
uint32_t vmanhv_random32(void);
#define LWIP_RAND() ((u32_t)vmanhv_random32())

#endif /* VMANHV_LWIP_ARCH_CC_H */
