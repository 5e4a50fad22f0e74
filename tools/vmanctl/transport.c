/* SPDX-License-Identifier: MIT */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/vmanctl/tls_pin.h"
#include "tools/vmanctl/transport.h"

struct sink {
	char *data;
	size_t len, cap;
	bool too_big;
};

static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;

	if (s->len + n + 1 > TRANSPORT_REPLY_MAX) {
		s->too_big = true;
		return 0;	/* curl stops with CURLE_WRITE_ERROR */
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = (s->len + n + 1) * 2;
		char *p = realloc(s->data, cap);

		if (p == NULL) {
			return 0;
		}
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data + s->len, ptr, n);
	s->len += n;
	s->data[s->len] = '\0';
	return n;
}

/* The session's handle: set up once, on the first request. */
static CURL *handle(struct vmanctl *v)
{
	CURL *c;

	if (v->curl != NULL) {
		return v->curl;
	}
	c = curl_easy_init();
	if (c == NULL) {
		return NULL;
	}
	curl_easy_setopt(c, CURLOPT_URL, v->url);
	curl_easy_setopt(c, CURLOPT_USERNAME, v->user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, v->password);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, v->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, v->timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vmanctl/" VMANCTL_VERSION);
	if (v->https) {
		/* self-signed: the pin, checked in the handshake, replaces the CA */
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, v->pin);
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
	}
	v->curl = c;
	return c;
}

static int report_curl_error(struct vmanctl *v, CURLcode res, const struct sink *s)
{
	if (res == CURLE_SSL_PINNEDPUBKEYNOTMATCH) {
		return tls_pin_mismatch(v);
	}
	if (s->too_big) {
		vmanctl_error("the reply from %s is larger than %u MiB", v->url,
			      TRANSPORT_REPLY_MAX >> 20);
	} else {
		vmanctl_error("cannot reach %s: %s", v->url, curl_easy_strerror(res));
	}
	return VMANCTL_UNREACHABLE;
}

int transport_post(struct vmanctl *v, const char *body, size_t len,
		   struct transport_reply *reply)
{
	struct curl_slist *headers = NULL;
	struct sink s = { 0 };
	CURLcode res;
	CURL *c;

	if (v->https && v->pin[0] == '\0') {
		int rc = tls_pin_ensure(v);

		if (rc != VMANCTL_OK) {
			return rc;
		}
	}
	c = handle(v);
	if (c == NULL) {
		vmanctl_error("libcurl could not start");
		return VMANCTL_UNREACHABLE;
	}
	headers = curl_slist_append(headers, "Content-Type: application/soap+xml;charset=UTF-8");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	if (v->verbose) {
		fprintf(stderr, "> POST %s\n%.*s\n", v->url, (int)len, body);
	}
	res = curl_easy_perform(c);
	curl_slist_free_all(headers);
	if (res != CURLE_OK) {
		free(s.data);
		return report_curl_error(v, res, &s);
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply->status);
	if (v->verbose) {
		fprintf(stderr, "< %ld\n%s\n", reply->status, s.data ? s.data : "");
	}
	if (reply->status == 401) {
		free(s.data);
		vmanctl_error("authentication failed: %s refused user '%s' (wrong user name or "
			      "password)", v->hostport, v->user);
		return VMANCTL_AUTH;
	}
	reply->data = s.data;
	reply->len = s.len;
	return VMANCTL_OK;
}

void transport_close(struct vmanctl *v)
{
	if (v->curl != NULL) {
		curl_easy_cleanup(v->curl);
		v->curl = NULL;
	}
}
