/* SPDX-License-Identifier: MIT */
#include <curl/curl.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "tools/vmanctl/pin.h"
#include "tools/vmanctl/tls_pin.h"

/* The certificate's SHA-256 as the firmware's console prints it
 * (`tls: certificate sha256 fingerprint AA:BB:...`, docs/http.md), so the
 * operator can check a first-use pin against the host's own console. */
static void cert_fingerprint(X509 *cert, char *out, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (X509_digest(cert, EVP_sha256(), md, &n) != 1) {
		return;
	}
	for (unsigned int i = 0; i < n && 3 * i + 3 <= len; i++) {
		snprintf(out + 3 * i, len - 3 * i, i + 1 < n ? "%02X:" : "%02X", md[i]);
	}
}

/* "sha256//" + base64(SHA-256(SubjectPublicKeyInfo DER)): curl's pin form
 * (CURLOPT_PINNEDPUBLICKEY), the same hash as HPKP's pin-sha256 (RFC 7469 2.4). */
static int pin_of_pem(const char *pem, char *pin, char *cert_fp, size_t fp_len)
{
	unsigned char digest[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int dlen = 0;
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *cert = bio == NULL ? NULL : PEM_read_bio_X509(bio, NULL, NULL, NULL);
	int len = cert == NULL ? -1 : i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
	int rc = -EINVAL;

	if (len > 0 && EVP_Digest(der, (size_t)len, digest, &dlen, EVP_sha256(), NULL) == 1) {
		memcpy(pin, PIN_PREFIX, sizeof(PIN_PREFIX));
		EVP_EncodeBlock((unsigned char *)pin + strlen(PIN_PREFIX), digest, (int)dlen);
		cert_fingerprint(cert, cert_fp, fp_len);
		rc = 0;
	}
	OPENSSL_free(der);
	X509_free(cert);
	BIO_free(bio);
	return rc;
}

/* The leaf certificate's PEM from curl's certificate info ("Cert:" field). */
static const char *leaf_pem(CURL *c)
{
	struct curl_certinfo *ci = NULL;

	if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &ci) != CURLE_OK || ci == NULL ||
	    ci->num_of_certs < 1) {
		return NULL;
	}
	for (struct curl_slist *s = ci->certinfo[0]; s != NULL; s = s->next) {
		if (strncmp(s->data, "Cert:", 5) == 0) {
			return s->data + 5;
		}
	}
	return NULL;
}

int tls_pin_fetch(struct vmanctl *v, char *pin, char *cert_fp, size_t fp_len)
{
	CURL *c = curl_easy_init();
	CURLcode res;
	const char *pem;
	int rc = VMANCTL_UNREACHABLE;

	if (c == NULL) {
		vmanctl_error("libcurl could not start");
		return rc;
	}
	/* A handshake and nothing else: no request, no credentials.  The key is
	 * judged by its pin, not by a CA (the firmware's certificate is self-signed). */
	curl_easy_setopt(c, CURLOPT_URL, v->url);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, v->timeout_s);
	res = curl_easy_perform(c);
	if (res != CURLE_OK) {
		vmanctl_error("cannot reach %s: %s", v->url, curl_easy_strerror(res));
	} else if ((pem = leaf_pem(c)) == NULL || pin_of_pem(pem, pin, cert_fp, fp_len) < 0) {
		vmanctl_error("%s presented no readable certificate", v->hostport);
	} else {
		rc = VMANCTL_OK;
	}
	curl_easy_cleanup(c);
	return rc;
}

/* ssh's SHA256:... form: the pin's base64 without its padding. */
static const char *fingerprint(const char *pin, char *buf, size_t len)
{
	snprintf(buf, len, "SHA256:%s", pin + strlen(PIN_PREFIX));
	buf[strcspn(buf, "=")] = '\0';
	return buf;
}

int tls_pin_ensure(struct vmanctl *v)
{
	char fp[PIN_MAX + 8], cert_fp[TLS_CERT_FP_MAX];
	unsigned line = 0;
	int rc = pin_lookup(v->known_hosts, v->hostport, v->pin, &line);

	if (rc == 0) {
		return VMANCTL_OK;
	}
	if (rc == -EINVAL) {
		vmanctl_error("%s line %u: the pin of %s is malformed; remove it with: "
			      "vmanctl forget %s", v->known_hosts, line, v->hostport, v->hostport);
		return VMANCTL_USAGE;
	}
	if (rc != -ENOENT) {
		vmanctl_error("cannot read %s: %s", v->known_hosts, strerror(-rc));
		return VMANCTL_USAGE;
	}
	rc = tls_pin_fetch(v, v->pin, cert_fp, sizeof(cert_fp));
	if (rc != VMANCTL_OK) {
		return rc;
	}
	rc = pin_add(v->known_hosts, v->hostport, v->pin);
	if (rc < 0) {
		vmanctl_error("cannot record the pin of %s in %s: %s", v->hostport,
			      v->known_hosts, strerror(-rc));
		return VMANCTL_USAGE;
	}
	vmanctl_note("pinned the key of %s (%s) in %s on first use;\n"
		     "its certificate's sha256 fingerprint is %s\n"
		     "(the host's console shows it on its `tls:` line)",
		     v->hostport, fingerprint(v->pin, fp, sizeof(fp)), v->known_hosts, cert_fp);
	return VMANCTL_OK;
}

int tls_pin_mismatch(struct vmanctl *v)
{
	char now[PIN_MAX] = "", fp_old[PIN_MAX + 8], fp_new[PIN_MAX + 8];
	char cert_fp[TLS_CERT_FP_MAX];
	unsigned line = 0;
	char old[PIN_MAX] = "";

	pin_lookup(v->known_hosts, v->hostport, old, &line);
	if (tls_pin_fetch(v, now, cert_fp, sizeof(cert_fp)) != VMANCTL_OK) {
		snprintf(now, sizeof(now), "%s(unreadable)", PIN_PREFIX);
	}
	vmanctl_error("WARNING: THE KEY OF %s HAS CHANGED!\n"
		      "Someone could be intercepting the connection, or the host was "
		      "reinstalled or given a new disk.\n"
		      "The pinned key is %s (%s line %u);\n"
		      "the server now presents %s.\n"
		      "Nothing was sent.  If the change is expected, remove the pin with:\n"
		      "    vmanctl forget %s\n"
		      "and connect again to pin the new key.",
		      v->hostport, fingerprint(old, fp_old, sizeof(fp_old)), v->known_hosts,
		      line, fingerprint(now, fp_new, sizeof(fp_new)), v->hostport);
	return VMANCTL_PIN;
}
