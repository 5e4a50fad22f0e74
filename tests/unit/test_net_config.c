/* sources: mgmt/net/net_config.c boot/cmdline.c */
/* SPDX-License-Identifier: MIT */
/*
 * mgmt/net/net_config.c: `ip=ADDR/PREFIX` and `gw=ADDR` (docs/console.md,
 * docs/network.md).  A rejected value must leave *out asking for DHCP and
 * *why naming the fault.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/net/net_config.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static struct net_config cfg;
static const char *why;

static int parse(const char *cmdline)
{
	memset(&cfg, 0xa5, sizeof(cfg));	/* no field may keep an old value */
	why = NULL;
	return net_config_parse(cmdline, &cfg, &why);
}

static void check_accepted(const char *cmdline, uint32_t addr, uint32_t prefix, uint32_t gw,
			   const char *file, int line)
{
	int err = parse(cmdline);

	if (err != 0 || !cfg.is_static || cfg.address != addr || cfg.prefix_len != prefix ||
	    cfg.gateway != gw) {
		print_error("\"%s\": err %d (%s), static %d, %08x/%u gw %08x; wanted %08x/%u gw %08x\n",
			    cmdline, err, why ? why : "-", cfg.is_static, cfg.address,
			    cfg.prefix_len, cfg.gateway, addr, prefix, gw);
		_fail(file, line);
	}
}

static void check_rejected(const char *cmdline, const char *file, int line)
{
	int err = parse(cmdline);

	if (err != -EINVAL || cfg.is_static || cfg.address != 0U || cfg.prefix_len != 0U ||
	    cfg.gateway != 0U || why == NULL || why[0] == '\0') {
		print_error("\"%s\": err %d, why %s, static %d, %08x/%u gw %08x; wanted -EINVAL "
			    "and DHCP\n", cmdline, err, why ? why : "NULL", cfg.is_static,
			    cfg.address, cfg.prefix_len, cfg.gateway);
		_fail(file, line);
	}
}

#define accepted(cmdline, addr, prefix, gw) check_accepted(cmdline, addr, prefix, gw, __FILE__, __LINE__)
#define rejected(cmdline) check_rejected(cmdline, __FILE__, __LINE__)

static void prefix_to_mask_values(void **state)
{
	assert_int_equal(net_prefix_to_mask(0), 0x00000000U);
	assert_int_equal(net_prefix_to_mask(1), 0x80000000U);
	assert_int_equal(net_prefix_to_mask(8), 0xFF000000U);
	assert_int_equal(net_prefix_to_mask(24), 0xFFFFFF00U);
	assert_int_equal(net_prefix_to_mask(31), 0xFFFFFFFEU);
	assert_int_equal(net_prefix_to_mask(32), 0xFFFFFFFFU);
}

static void no_ip_means_dhcp(void **state)
{
	assert_int_equal(parse(""), 0);
	assert_false(cfg.is_static);
	assert_int_equal(cfg.address, 0);
	assert_int_equal(cfg.prefix_len, 0);
	assert_int_equal(cfg.gateway, 0);
	assert_int_equal(parse("console=serial exit"), 0);
	assert_false(cfg.is_static);
}

static void other_keys_starting_with_ip_are_not_ip(void **state)
{
	assert_int_equal(parse("ipx=10.0.0.1/24 myip=10.0.0.1/24 gwx=10.0.0.2"), 0);
	assert_false(cfg.is_static);
}

static void ip_valid_forms(void **state)
{
	accepted("ip=192.168.1.10/24", IP(192, 168, 1, 10), 24, 0);
	accepted("ip=10.0.2.15/8", IP(10, 0, 2, 15), 8, 0);
	accepted("ip=172.16.0.1/12", IP(172, 16, 0, 1), 12, 0);
	accepted("ip=1.2.3.4/16", IP(1, 2, 3, 4), 16, 0);
	accepted("ip=223.255.255.254/24", IP(223, 255, 255, 254), 24, 0);
	accepted("ip=100.200.250.1/1", IP(100, 200, 250, 1), 1, 0);
}

static void ip_among_other_words(void **state)
{
	accepted("console=serial ip=192.168.77.2/24 exit=net", IP(192, 168, 77, 2), 24, 0);
	accepted("  exit\tip=10.1.2.3/16\t", IP(10, 1, 2, 3), 16, 0);
}

static void prefix_0_and_32_accepted(void **state)
{
	accepted("ip=10.0.0.1/0", IP(10, 0, 0, 1), 0, 0);
	accepted("ip=10.0.0.1/32", IP(10, 0, 0, 1), 32, 0);
}

static void prefix_over_32_rejected(void **state)
{
	rejected("ip=10.0.0.1/33");
	rejected("ip=10.0.0.1/64");
	rejected("ip=10.0.0.1/99");
	rejected("ip=10.0.0.1/100");
	rejected("ip=10.0.0.1/4294967320");	/* 2^32 + 24 */
}

static void prefix_missing_rejected(void **state)
{
	rejected("ip=10.0.0.1");
	rejected("ip=10.0.0.1/");
	rejected("ip=10.0.0.1 /24");
	rejected("ip=10.0.0.1\\24");
}

static void prefix_malformed_rejected(void **state)
{
	rejected("ip=10.0.0.1/-1");
	rejected("ip=10.0.0.1/+24");
	rejected("ip=10.0.0.1/024");
	rejected("ip=10.0.0.1/00");
	rejected("ip=10.0.0.1/2a");
	rejected("ip=10.0.0.1/0x18");
	rejected("ip=10.0.0.1//24");
	rejected("ip=10.0.0.1/24/8");
	rejected("ip=10.0.0.1/255.255.255.0");
}

static void octet_over_255_rejected(void **state)
{
	rejected("ip=256.0.0.1/8");
	rejected("ip=10.256.0.1/8");
	rejected("ip=10.0.256.1/8");
	rejected("ip=10.0.0.256/8");
	rejected("ip=10.0.0.999/8");
	rejected("ip=10.0.0.1000/8");
	rejected("ip=10.0.0.4294967297/8");	/* 2^32 + 1: wraps to 1 in 32 bits */
}

static void leading_zeros_rejected(void **state)
{
	rejected("ip=010.0.0.1/8");
	rejected("ip=10.00.0.1/8");
	rejected("ip=10.0.0.01/8");
	rejected("ip=192.168.001.010/24");
	rejected("ip=10.0.0.000/8");
}

static void wrong_octet_count_rejected(void **state)
{
	rejected("ip=10.0.1/8");
	rejected("ip=10/8");
	rejected("ip=167772161/8");		/* 10.0.0.1 as one number */
	rejected("ip=10.0.0.1.5/8");
	rejected("ip=10..0.1/8");
	rejected("ip=.10.0.0.1/8");
	rejected("ip=10.0.0.1./8");
	rejected("ip=10.0.0./8");
}

static void non_decimal_octets_rejected(void **state)
{
	rejected("ip=0x0a.0.0.1/8");
	rejected("ip=10.0.0.a/8");
	rejected("ip=10.-1.0.1/8");
	rejected("ip=10.+1.0.1/8");
	rejected("ip=10.0.0.1e0/8");
	rejected("ip=::1/128");
	rejected("ip=fe80::1/64");
	rejected("ip=localhost/8");
}

static void trailing_garbage_rejected(void **state)
{
	rejected("ip=10.0.0.1/24x");
	rejected("ip=10.0.0.1/24.");
	rejected("ip=10.0.0.1/24,gw=10.0.0.2");
	rejected("ip=10.0.0.1/24\n");
	rejected("ip=10.0.0.1x/24");
}

static void empty_values_rejected(void **state)
{
	rejected("ip=");
	rejected("ip");
	rejected("ip= 10.0.0.1/24");
	rejected("ip=/24");
	rejected("ip=/");
	rejected("ip=10.0.0.1/24 gw=");
	rejected("ip=10.0.0.1/24 gw");
}

static void non_host_addresses_rejected(void **state)
{
	rejected("ip=0.0.0.0/0");
	rejected("ip=0.1.2.3/8");
	rejected("ip=127.0.0.1/8");
	rejected("ip=224.0.0.1/4");
	rejected("ip=239.1.2.3/24");
	rejected("ip=240.0.0.1/24");
	rejected("ip=255.255.255.255/32");
}

static void subnet_address_and_broadcast_rejected(void **state)
{
	rejected("ip=192.168.1.0/24");
	rejected("ip=192.168.1.255/24");
	rejected("ip=10.0.0.0/8");
	rejected("ip=10.255.255.255/8");
	rejected("ip=192.168.1.4/30");
	rejected("ip=192.168.1.7/30");
	accepted("ip=192.168.1.5/30", IP(192, 168, 1, 5), 30, 0);
	accepted("ip=192.168.1.6/30", IP(192, 168, 1, 6), 30, 0);
}

static void prefix_31_and_32_have_no_broadcast(void **state)
{
	accepted("ip=10.0.0.0/31", IP(10, 0, 0, 0), 31, 0);
	accepted("ip=10.0.0.1/31", IP(10, 0, 0, 1), 31, 0);
	accepted("ip=10.0.0.0/32", IP(10, 0, 0, 0), 32, 0);
	accepted("ip=10.0.0.255/32", IP(10, 0, 0, 255), 32, 0);
}

static void gw_valid(void **state)
{
	accepted("ip=192.168.1.10/24 gw=192.168.1.1", IP(192, 168, 1, 10), 24, IP(192, 168, 1, 1));
	accepted("gw=10.0.2.2 ip=10.0.2.15/24", IP(10, 0, 2, 15), 24, IP(10, 0, 2, 2));
	accepted("ip=10.0.0.1/8 gw=10.254.3.4", IP(10, 0, 0, 1), 8, IP(10, 254, 3, 4));
	accepted("ip=10.0.0.0/31 gw=10.0.0.1", IP(10, 0, 0, 0), 31, IP(10, 0, 0, 1));
	accepted("ip=10.0.0.1/0 gw=8.8.8.8", IP(10, 0, 0, 1), 0, IP(8, 8, 8, 8));
}

static void gw_outside_subnet_rejected(void **state)
{
	rejected("ip=192.168.1.10/24 gw=192.168.2.1");
	rejected("ip=192.168.1.10/24 gw=10.0.0.1");
	rejected("ip=192.168.1.5/30 gw=192.168.1.9");
	rejected("ip=10.0.0.0/31 gw=10.0.0.2");
}

static void gw_equal_to_address_rejected(void **state)
{
	rejected("ip=192.168.1.10/24 gw=192.168.1.10");
	rejected("ip=10.0.0.1/32 gw=10.0.0.1");
}

static void gw_with_prefix_32_rejected(void **state)
{
	rejected("ip=10.0.0.1/32 gw=10.0.0.2");
}

static void gw_non_host_address_rejected(void **state)
{
	rejected("ip=10.0.0.1/0 gw=0.0.0.0");
	rejected("ip=10.0.0.1/0 gw=127.0.0.1");
	rejected("ip=10.0.0.1/0 gw=224.0.0.1");
	rejected("ip=10.0.0.1/0 gw=255.255.255.255");
}

/* docs/console.md: "the default gateway, another host in the same subnet". */
static void gw_subnet_broadcast_rejected(void **state)
{
	rejected("ip=192.168.1.10/24 gw=192.168.1.255");
	rejected("ip=192.168.1.5/30 gw=192.168.1.7");
}

static void gw_subnet_address_rejected(void **state)
{
	rejected("ip=192.168.1.10/24 gw=192.168.1.0");
	rejected("ip=192.168.1.5/30 gw=192.168.1.4");
}

static void gw_malformed_rejected(void **state)
{
	rejected("ip=192.168.1.10/24 gw=192.168.1");
	rejected("ip=192.168.1.10/24 gw=192.168.1.1/24");
	rejected("ip=192.168.1.10/24 gw=192.168.1.01");
	rejected("ip=192.168.1.10/24 gw=192.168.1.256");
	rejected("ip=192.168.1.10/24 gw=192.168.1.1x");
	rejected("ip=192.168.1.10/24 gw=192.168.1.1.");
	rejected("ip=192.168.1.10/24 gw=router");
}

static void gw_without_ip_rejected(void **state)
{
	rejected("gw=10.0.2.2");
	rejected("gw");
}

static void gw_with_bad_ip_rejected(void **state)
{
	rejected("ip=10.0.0.1 gw=10.0.0.2");
	rejected("ip= gw=10.0.0.2");
}

static void failure_after_good_ip_resets_to_dhcp(void **state)
{
	/* ip= parses; gw= fails: the address must not survive. */
	rejected("ip=192.168.1.10/24 gw=192.168.2.1");
	assert_int_equal(cfg.address, 0);
	assert_string_not_equal(why, "");
}

static void error_names_the_key(void **state)
{
	rejected("ip=10.0.0.1/33");
	assert_non_null(strstr(why, "ip="));
	rejected("ip=10.0.0.1/24 gw=10.0.1.1");
	assert_non_null(strstr(why, "gw="));
	rejected("gw=10.0.0.1");
	assert_non_null(strstr(why, "gw="));
}

static void long_values_rejected(void **state)
{
	char line[4200];

	/* A valid address followed by a long tail: truncation must not make it valid. */
	snprintf(line, sizeof(line), "ip=192.168.1.10/24%01000d", 0);
	rejected(line);
	snprintf(line, sizeof(line), "ip=192.168.1.10/24%s", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	rejected(line);
	memset(line, '1', sizeof(line) - 1);
	memcpy(line, "ip=", 3);
	line[sizeof(line) - 1] = '\0';
	rejected(line);
	memset(line, '.', sizeof(line) - 1);
	memcpy(line, "ip=", 3);
	rejected(line);
	snprintf(line, sizeof(line), "ip=10.0.0.1/24 gw=10.0.0.2%0500d", 7);
	rejected(line);
	rejected("ip=0000000000000000000010.0.0.1/8");
	rejected("ip=10.0.0.1/0000000000000000000024");
}

static void longest_valid_value_accepted(void **state)
{
	accepted("ip=223.255.255.254/24 gw=223.255.255.253", IP(223, 255, 255, 254), 24,
		 IP(223, 255, 255, 253));
	accepted("ip=200.200.200.200/32", IP(200, 200, 200, 200), 32, 0);
}

static void ip_far_into_long_cmdline(void **state)
{
	char line[8192];
	size_t n = 0;

	while (n + 20 < sizeof(line) - 64) {
		n += (size_t)snprintf(line + n, sizeof(line) - n, "opt%zu=value ", n);
	}
	snprintf(line + n, sizeof(line) - n, "ip=172.20.1.2/16 gw=172.20.0.1");
	accepted(line, IP(172, 20, 1, 2), 16, IP(172, 20, 0, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefix_to_mask_values),
		cmocka_unit_test(no_ip_means_dhcp),
		cmocka_unit_test(other_keys_starting_with_ip_are_not_ip),
		cmocka_unit_test(ip_valid_forms),
		cmocka_unit_test(ip_among_other_words),
		cmocka_unit_test(prefix_0_and_32_accepted),
		cmocka_unit_test(prefix_over_32_rejected),
		cmocka_unit_test(prefix_missing_rejected),
		cmocka_unit_test(prefix_malformed_rejected),
		cmocka_unit_test(octet_over_255_rejected),
		cmocka_unit_test(leading_zeros_rejected),
		cmocka_unit_test(wrong_octet_count_rejected),
		cmocka_unit_test(non_decimal_octets_rejected),
		cmocka_unit_test(trailing_garbage_rejected),
		cmocka_unit_test(empty_values_rejected),
		cmocka_unit_test(non_host_addresses_rejected),
		cmocka_unit_test(subnet_address_and_broadcast_rejected),
		cmocka_unit_test(prefix_31_and_32_have_no_broadcast),
		cmocka_unit_test(gw_valid),
		cmocka_unit_test(gw_outside_subnet_rejected),
		cmocka_unit_test(gw_equal_to_address_rejected),
		cmocka_unit_test(gw_with_prefix_32_rejected),
		cmocka_unit_test(gw_non_host_address_rejected),
		cmocka_unit_test(gw_subnet_broadcast_rejected),
		cmocka_unit_test(gw_subnet_address_rejected),
		cmocka_unit_test(gw_malformed_rejected),
		cmocka_unit_test(gw_without_ip_rejected),
		cmocka_unit_test(gw_with_bad_ip_rejected),
		cmocka_unit_test(failure_after_good_ip_resets_to_dhcp),
		cmocka_unit_test(error_names_the_key),
		cmocka_unit_test(long_values_rejected),
		cmocka_unit_test(longest_valid_value_accepted),
		cmocka_unit_test(ip_far_into_long_cmdline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
