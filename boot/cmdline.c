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

static const char *const secret_keys[] = { "password" };

static bool is_secret_word(const char *word, size_t len)
{
	for (size_t i = 0; i < sizeof(secret_keys) / sizeof(secret_keys[0]); i++) {
		size_t key_len = strlen(secret_keys[i]);

		if (len > key_len && strncmp(word, secret_keys[i], key_len) == 0 &&
		    word[key_len] == '=') {
			return true;
		}
	}
	return false;
}

/* Append n bytes of s to out at *pos, keeping room for the NUL. */
static void append(char *out, size_t out_len, size_t *pos, const char *s, size_t n)
{
	while (n-- > 0U && *pos + 1U < out_len) {
		out[(*pos)++] = *s++;
	}
}

void cmdline_redact(const char *cmdline, char *out, size_t out_len)
{
	size_t pos = 0;
	const char *p = cmdline;

	if (out_len == 0U) {
		return;
	}
	while (*p != '\0') {
		size_t gap = strspn(p, " \t");
		size_t word = strcspn(p + gap, " \t");

		append(out, out_len, &pos, p, gap);
		p += gap;
		if (is_secret_word(p, word)) {
			size_t key = (size_t)(strchr(p, '=') - p) + 1U;

			append(out, out_len, &pos, p, key);
			append(out, out_len, &pos, "***", 3);
		} else {
			append(out, out_len, &pos, p, word);
		}
		p += word;
	}
	out[pos] = '\0';
}

/* Where the separator starts (NULL: none) and where the guest's words do. */
static char *find_separator(char *cmdline, const char **rest)
{
	size_t len = strlen(cmdline);
	char *sep;

	if (strncmp(cmdline, "-- ", 3) == 0 || strcmp(cmdline, "--") == 0) {
		*rest = cmdline + (len > 2 ? 3 : 2);
		return cmdline;
	}
	sep = strstr(cmdline, " -- ");
	if (sep != NULL) {
		*rest = sep + 4;
		return sep;
	}
	if (len >= 3 && strcmp(cmdline + len - 3, " --") == 0) {
		*rest = cmdline + len;
		return cmdline + len - 3;
	}
	return NULL;
}

void cmdline_split_guest(char *cmdline, char *guest, size_t guest_len)
{
	const char *rest = "";
	char *sep = find_separator(cmdline, &rest);
	size_t n = strlen(rest);

	if (guest_len > 0) {
		n = n < guest_len - 1 ? n : guest_len - 1;
		memmove(guest, rest, n);
		guest[n] = '\0';
	}
	if (sep != NULL) {
		*sep = '\0';
	}
}
