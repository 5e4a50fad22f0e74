/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "boot/cmdline.h"

/* Find the word for key; *value_out points past '=' or is NULL when bare. */
static const char *find_word(const char *cmdline, const char *key, const char **value_out)
{
	size_t key_len = strlen(key);
	const char *p = cmdline;

	while (p != NULL && *p != '\0') {
		size_t word_len;

		while (*p == ' ' || *p == '\t') {
			p++;
		}
		word_len = strcspn(p, " \t");
		if (word_len >= key_len && strncmp(p, key, key_len) == 0 &&
		    (word_len == key_len || p[key_len] == '=')) {
			*value_out = word_len == key_len ? NULL : p + key_len + 1;
			return p;
		}
		p += word_len;
	}
	return NULL;
}

bool cmdline_has(const char *cmdline, const char *key)
{
	const char *value;

	return key[0] != '\0' && find_word(cmdline, key, &value) != NULL;
}

bool cmdline_value(const char *cmdline, const char *key, char *out, size_t out_len)
{
	const char *value;
	size_t len;

	if (key[0] == '\0' || out_len == 0U || find_word(cmdline, key, &value) == NULL ||
	    value == NULL) {
		return false;
	}
	len = strcspn(value, " \t");
	if (len >= out_len) {
		len = out_len - 1U;
	}
	memcpy(out, value, len);
	out[len] = '\0';
	return true;
}
