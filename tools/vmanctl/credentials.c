/* SPDX-License-Identifier: MIT */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/credentials.h"
#include "tools/vmanctl/netrc.h"

#define NETRC_FILE_MAX	(1024 * 1024)

int credentials_read_password_file(const char *path, char *out, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int rc = 0;

	if (f == NULL) {
		return -errno;
	}
	if (fgets(out, (int)len, f) == NULL) {
		rc = ferror(f) ? -EIO : -ENODATA;
	} else {
		out[strcspn(out, "\r\n")] = '\0';
		rc = out[0] == '\0' ? -ENODATA : 0;
	}
	if (f != stdin) {
		fclose(f);
	}
	return rc;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* The URL's parts through libcurl's own parser (RFC 3986), /wsman by default. */
static int url_parse(struct vmanctl *v, char *host, size_t host_len)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL, *port = NULL, *path = NULL, *full = NULL;
	int rc = VMANCTL_USAGE;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, v->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		vmanctl_error("'%s' is not a URL (e.g. https://host:5986/wsman)", v->url);
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		vmanctl_error("the URL must be http:// or https://, not %s://", scheme);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK || strcmp(path, "/") == 0) {
		curl_url_set(u, CURLUPART_PATH, "/wsman", 0);
	}
	curl_url_get(u, CURLUPART_URL, &full, 0);
	copy(v->url, sizeof(v->url), full);
	v->https = strcmp(scheme, "https") == 0;
	snprintf(v->hostport, sizeof(v->hostport), "%s:%s", h, port);
	copy(host, host_len, h);
	rc = VMANCTL_OK;
out:
	curl_free(scheme);
	curl_free(h);
	curl_free(port);
	curl_free(path);
	curl_free(full);
	curl_url_cleanup(u);
	return rc;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;

	if (f == NULL) {
		return NULL;
	}
	buf = malloc(NETRC_FILE_MAX);
	*len = buf == NULL ? 0 : fread(buf, 1, NETRC_FILE_MAX, f);
	fclose(f);
	return buf;
}

/* The netrc entry of HOST: VMANCTL_OK found or not, VMANCTL_USAGE malformed. */
static int from_netrc(struct vmanctl *v, const char *host, bool user_given,
		      struct netrc_entry *e)
{
	char path[VMANCTL_PATH_MAX];
	const char *home = getenv("HOME");
	unsigned line = 0;
	size_t len;
	char *text;
	int rc;

	if (v->netrc_file != NULL) {
		copy(path, sizeof(path), v->netrc_file);
	} else if (home != NULL) {
		snprintf(path, sizeof(path), "%s/.netrc", home);
	} else {
		return VMANCTL_OK;
	}
	text = read_all(path, &len);
	if (text == NULL) {
		if (v->netrc_file != NULL) {
			vmanctl_error("cannot read the netrc file %s: %s", path, strerror(errno));
			return VMANCTL_USAGE;
		}
		return VMANCTL_OK;
	}
	rc = netrc_find(text, len, host, user_given ? v->user : NULL, e, &line);
	free(text);
	if (rc == -EINVAL) {
		vmanctl_error("%s line %u: malformed netrc entry", path, line);
		return VMANCTL_USAGE;
	}
	return VMANCTL_OK;
}

static int password_from_file(struct vmanctl *v)
{
	int rc = credentials_read_password_file(v->password_file, v->password,
						 sizeof(v->password));

	if (rc < 0) {
		vmanctl_error("cannot read a password from %s: %s", v->password_file,
			      rc == -ENODATA ? "its first line is empty" : strerror(-rc));
		return VMANCTL_USAGE;
	}
	return VMANCTL_OK;
}

int credentials_resolve(struct vmanctl *v)
{
	struct netrc_entry e = { { 0 }, { 0 } };
	const char *env;
	char host[VMANCTL_TOKEN_MAX];
	bool user_given;
	int rc;

	if (v->url[0] == '\0' && (env = getenv("VMANCTL_URL")) != NULL) {
		copy(v->url, sizeof(v->url), env);
	}
	if (v->url[0] == '\0') {
		vmanctl_error("no endpoint: give --url URL or set VMANCTL_URL "
			      "(e.g. http://127.0.0.1:15985/wsman)");
		return VMANCTL_USAGE;
	}
	rc = url_parse(v, host, sizeof(host));
	if (rc != VMANCTL_OK) {
		return rc;
	}
	if (v->user[0] == '\0' && (env = getenv("VMANCTL_USER")) != NULL) {
		copy(v->user, sizeof(v->user), env);
	}
	user_given = v->user[0] != '\0';
	rc = from_netrc(v, host, user_given, &e);
	if (rc != VMANCTL_OK) {
		return rc;
	}
	if (!user_given) {
		copy(v->user, sizeof(v->user), e.login[0] != '\0' ? e.login : "admin");
	}
	if (v->password_file != NULL) {
		return password_from_file(v);
	}
	if ((env = getenv("VMANCTL_PASSWORD")) != NULL && *env != '\0') {
		copy(v->password, sizeof(v->password), env);
	} else if (e.password[0] != '\0') {
		copy(v->password, sizeof(v->password), e.password);
	} else {
		vmanctl_error("no password for %s at %s: give --password-file FILE, set "
			      "VMANCTL_PASSWORD, or add 'machine %s login %s password ...' to "
			      "your netrc file", v->user, v->hostport, host, v->user);
		return VMANCTL_USAGE;
	}
	return VMANCTL_OK;
}
