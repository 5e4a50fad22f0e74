/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stddef.h>

#include "boot/cmdline.h"
#include "mgmt/net/net_config.h"

/* "255.255.255.255/32" is 18 characters; a longer value is not an address. */
#define VALUE_MAX	24U

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A decimal number of 1 to `max_digits` digits, no leading zero (inet_aton
 * would read "010" as octal: refuse the ambiguity).  Returns the end or NULL.
 */
static const char *parse_decimal(const char *s, uint32_t max_digits, uint32_t *out)
{
	uint32_t value = 0, digits = 0;

	while (is_digit(s[digits]) && digits < max_digits) {
		value = value * 10U + (uint32_t)(s[digits] - '0');
		digits++;
	}
	if (digits == 0U || is_digit(s[digits]) || (digits > 1U && s[0] == '0')) {
		return NULL;
	}
	*out = value;
	return s + digits;
}

/* Exactly four dotted decimal octets (RFC 791 notation). Returns the end or NULL. */
static const char *parse_ipv4(const char *s, uint32_t *out)
{
	uint32_t addr = 0;

	for (uint32_t i = 0; i < 4U; i++) {
		uint32_t octet;

		if (i > 0U && *s++ != '.') {
			return NULL;
		}
		s = parse_decimal(s, 3, &octet);
		if (s == NULL || octet > 255U) {
			return NULL;
		}
		addr = addr << 8 | octet;
	}
	*out = addr;
	return s;
}

uint32_t net_prefix_to_mask(uint32_t prefix_len)
{
	return prefix_len == 0U ? 0U : 0xFFFFFFFFU << (32U - prefix_len);
}

/* An address a host may have: not 0/8, loopback, multicast or reserved (RFC 1122 3.2.1.3). */
static bool is_host_address(uint32_t a)
{
	uint32_t first = a >> 24;

	return first != 0U && first != 127U && first < 224U;
}

/* Not the subnet's own address or its broadcast (RFC 1122 3.2.1.3; /31, /32 have neither). */
static bool is_in_subnet_host_range(uint32_t a, uint32_t prefix_len)
{
	uint32_t host = a & ~net_prefix_to_mask(prefix_len);

	return prefix_len >= 31U || (host != 0U && host != ~net_prefix_to_mask(prefix_len));
}

static int parse_ip(const char *value, struct net_config *cfg, const char **why)
{
	const char *end = parse_ipv4(value, &cfg->address);

	if (end == NULL || *end != '/') {
		*why = "ip= wants ADDR/PREFIX, e.g. ip=192.168.1.10/24";
		return -EINVAL;
	}
	end = parse_decimal(end + 1, 2, &cfg->prefix_len);
	if (end == NULL || *end != '\0' || cfg->prefix_len > 32U) {
		*why = "ip= needs a prefix length of 0 to 32 after the /";
		return -EINVAL;
	}
	if (!is_host_address(cfg->address) ||
	    !is_in_subnet_host_range(cfg->address, cfg->prefix_len)) {
		*why = "ip= address cannot belong to a host";
		return -EINVAL;
	}
	return 0;
}

static int parse_gw(const char *value, struct net_config *cfg, const char **why)
{
	uint32_t mask = net_prefix_to_mask(cfg->prefix_len);
	const char *end = parse_ipv4(value, &cfg->gateway);

	if (end == NULL || *end != '\0') {
		*why = "gw= wants a dotted address, e.g. gw=192.168.1.1";
		return -EINVAL;
	}
	/* The gateway must be reachable on the link (RFC 1122 3.3.1.1). */
	if (!is_host_address(cfg->gateway) || cfg->gateway == cfg->address ||
	    (cfg->gateway & mask) != (cfg->address & mask) ||
	    !is_in_subnet_host_range(cfg->gateway, cfg->prefix_len)) {
		*why = "gw= must be another host in the ip= subnet";
		return -EINVAL;
	}
	return 0;
}

int net_config_parse(const char *cmdline, struct net_config *out, const char **why)
{
	char value[VALUE_MAX];
	int err;

	*out = (struct net_config){ .is_static = false };
	if (!cmdline_has(cmdline, "ip")) {
		if (cmdline_has(cmdline, "gw")) {
			*why = "gw= needs ip= (DHCP supplies its own gateway)";
			return -EINVAL;
		}
		return 0;
	}
	if (!cmdline_value(cmdline, "ip", value, sizeof(value))) {
		*why = "ip= wants ADDR/PREFIX, e.g. ip=192.168.1.10/24";
		return -EINVAL;
	}
	err = parse_ip(value, out, why);
	if (err == 0 && cmdline_has(cmdline, "gw")) {
		value[0] = '\0';
		(void)cmdline_value(cmdline, "gw", value, sizeof(value));
		err = parse_gw(value, out, why);
	}
	if (err != 0) {
		*out = (struct net_config){ .is_static = false };
		return err;
	}
	out->is_static = true;
	return 0;
}
