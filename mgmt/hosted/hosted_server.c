/* SPDX-License-Identifier: MIT */
/*
 * The hosted HTTP front end (hosted_server.h).  Each connection follows
 * the firmware's state machine (docs/http.md, "Connections"): READ a
 * request through http_parser_feed(), answer it through http_dispatch(),
 * WRITE the head and body, then READ the next request or LINGER after our
 * FIN (RFC 9112 9.6).  While a response is being written nothing more is
 * read, so a pipelining client is held back by TCP, not by our memory.
 * The socket code is all that differs from http_server.c; every decision
 * about the request is the shared parser's and dispatcher's.
 */
#define _GNU_SOURCE	/* accept4() */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "mgmt/hosted/hosted_server.h"
#include "mgmt/http/http_dispatch.h"
#include "mgmt/http/http_message.h"
#include "mgmt/http/http_parser.h"

/* As in http_server.c: the head rarely exceeds a few hundred bytes. */
#define HOSTED_HEAD_MAX		(HTTP_RESPONSE_HEADERS_MAX + 512U)
/* Bytes read from the socket at once; the parser copies what it keeps. */
#define HOSTED_RX_SIZE		16384U
/* poll() wakes at least this often to check time-outs. */
#define HOSTED_TICK_MS		1000

enum conn_phase {
	CONN_READ,	/* waiting for, or reading, a request */
	CONN_WRITE,	/* writing a response */
	CONN_LINGER,	/* FIN sent; dropping what still arrives until the client's FIN */
};

struct hosted_conn {
	int fd;
	enum conn_phase phase;
	bool close_after;	/* close once this response is out */
	bool head_only;		/* HEAD: no body on the wire */
	uint64_t last_activity;	/* ms: last byte in, or progress out */
	uint64_t request_start;	/* ms: first byte of the current request */
	uint64_t linger_start;
	size_t rx_off, rx_len;	/* rx[rx_off, rx_len): read, not parsed yet */
	char rx[HOSTED_RX_SIZE];
	struct http_parser parser;
	struct http_request req;
	struct http_response resp;
	struct http_buf head;
	size_t sent;		/* of head, then body */
};

struct hosted_server {
	struct http_server_config cfg;
	int listen_fd;
	uint16_t port;
	struct hosted_conn *conns[HOSTED_CONN_MAX];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/* ---- connections ---- */

static void conn_free(struct hosted_server *s, size_t slot)
{
	struct hosted_conn *c = s->conns[slot];

	close(c->fd);
	http_parser_free(&c->parser);
	http_response_free(&c->resp);
	free(c->head.data);
	free(c);
	s->conns[slot] = NULL;
}

static void conn_accept(struct hosted_server *s, int fd, const struct sockaddr_in *peer)
{
	struct hosted_conn *c;
	int one = 1;

	for (size_t i = 0; i < HOSTED_CONN_MAX; i++) {
		if (s->conns[i] != NULL) {
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (c == NULL) {
			break;
		}
		c->fd = fd;
		c->phase = CONN_READ;
		c->last_activity = now_ms();
		http_parser_init(&c->parser, &c->req);
		c->req.peer_ipv4 = ntohl(peer->sin_addr.s_addr);
		c->head.max = HOSTED_HEAD_MAX;
		/* Request/response: Nagle would hold a response's last segment for an ACK. */
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		s->conns[i] = c;
		return;
	}
	/* No slot: the client sees the connection closed at once, as in the firmware. */
	close(fd);
}

static void accept_all(struct hosted_server *s)
{
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int fd = accept4(s->listen_fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK |
				 SOCK_CLOEXEC);

		if (fd < 0) {
			return;		/* EAGAIN, or a connection that went away meanwhile */
		}
		conn_accept(s, fd, &peer);
	}
}

/* ---- writing ---- */

/* Write what the socket takes; true once head and body are all out. */
static bool conn_flush(struct hosted_conn *c)
{
	size_t body_len = c->head_only ? 0U : c->resp.body.len;

	while (c->sent < c->head.len + body_len) {
		struct iovec iov[2];
		int n = 0;
		ssize_t w;

		if (c->sent < c->head.len) {
			iov[n++] = (struct iovec){ c->head.data + c->sent, c->head.len - c->sent };
		}
		if (body_len > 0U) {
			size_t off = c->sent > c->head.len ? c->sent - c->head.len : 0U;

			iov[n++] = (struct iovec){ c->resp.body.data + off, body_len - off };
		}
		w = writev(c->fd, iov, n);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				c->close_after = true;	/* the client is gone: drop the rest */
				c->sent = c->head.len + body_len;
				return true;
			}
			return false;
		}
		c->sent += (size_t)w;
		c->last_activity = now_ms();
	}
	return true;
}

/* Serialise the head of c->resp and start writing (http_server.c's conn_respond). */
static void conn_respond(struct hosted_conn *c)
{
	c->close_after = c->close_after || !c->req.keep_alive || c->resp.close;
	c->head_only = c->req.method == HTTP_METHOD_HEAD;
	c->head.len = 0;
	c->sent = 0;
	if (http_response_head(&c->resp, !c->close_after, c->req.version_minor, &c->head) != 0) {
		c->close_after = true;
		c->head.len = 0;
		http_response_simple(&c->resp, 500);
		(void)http_response_head(&c->resp, false, c->req.version_minor, &c->head);
	}
	c->phase = CONN_WRITE;
}

/* The request could not be read: answer with the parser's status, then close. */
static void conn_fail(struct hosted_conn *c, int status)
{
	http_response_reuse(&c->resp, 64);
	http_response_simple(&c->resp, status);
	c->close_after = true;
	conn_respond(c);
}

/* RFC 9110 10.1.1: a client waiting with its body is told to send it (a MAY). */
static void conn_send_continue(struct hosted_conn *c)
{
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

	(void)send(c->fd, cont, sizeof(cont) - 1U, MSG_NOSIGNAL);
}

/* ---- reading ---- */

/* Feed what is in rx to the parser; DONE and ERROR lead to a response. */
static void conn_parse(const struct hosted_server *s, struct hosted_conn *c)
{
	size_t used = 0;
	enum http_parse_result r;

	if (!http_parser_in_request(&c->parser)) {
		c->request_start = now_ms();
	}
	r = http_parser_feed(&c->parser, c->rx + c->rx_off, c->rx_len - c->rx_off, &used);
	c->rx_off += used;
	if (r == HTTP_PARSE_DONE) {
		http_response_reuse(&c->resp, HTTP_BODY_MAX);
		http_dispatch(&s->cfg, &c->req, &c->resp);
		conn_respond(c);
	} else if (r == HTTP_PARSE_ERROR) {
		conn_fail(c, http_parser_error(&c->parser));
	} else if (http_parser_continue_due(&c->parser)) {
		conn_send_continue(c);
	}
}

/* Our FIN after the last response; the client's remaining bytes are dropped (9.6). */
static bool conn_finish(struct hosted_conn *c)
{
	if (shutdown(c->fd, SHUT_WR) != 0) {
		return false;
	}
	c->phase = CONN_LINGER;
	c->linger_start = now_ms();
	return true;
}

/*
 * Move the connection on as far as it goes without blocking: parse, answer,
 * write, and parse the next pipelined request.  False: close it now.
 */
static bool conn_advance(const struct hosted_server *s, struct hosted_conn *c)
{
	for (;;) {
		if (c->phase == CONN_WRITE) {
			if (!conn_flush(c)) {
				return true;
			}
			http_response_recycle(&c->resp);
			if (c->close_after) {
				return conn_finish(c);
			}
			http_parser_next(&c->parser);
			c->phase = CONN_READ;
		} else if (c->phase == CONN_READ && c->rx_off < c->rx_len) {
			conn_parse(s, c);
		} else {
			return true;
		}
	}
}

/* Read once; false when the connection is to be closed (EOF or an error). */
static bool conn_read(struct hosted_conn *c)
{
	ssize_t n = read(c->fd, c->rx, sizeof(c->rx));

	if (n < 0) {
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	}
	if (n == 0) {
		/* The client's FIN: idle or mid-request, nothing more can come. */
		return false;
	}
	c->rx_off = 0;
	c->rx_len = (size_t)n;
	c->last_activity = now_ms();
	return true;
}

/* One connection's poll() event; false: close it. */
static bool conn_event(const struct hosted_server *s, struct hosted_conn *c, short revents)
{
	if ((revents & (POLLERR | POLLNVAL)) != 0) {
		return false;
	}
	if (c->phase == CONN_LINGER) {
		if (!conn_read(c)) {
			return false;
		}
		c->rx_off = c->rx_len;
		return true;
	}
	if (c->phase == CONN_READ && (revents & (POLLIN | POLLHUP)) != 0 && !conn_read(c)) {
		return false;
	}
	return conn_advance(s, c);
}

/* ---- time-outs (docs/http.md "Limits") ---- */

static bool conn_timeouts(const struct hosted_server *s, struct hosted_conn *c, uint64_t now)
{
	bool in_request = http_parser_in_request(&c->parser);

	switch (c->phase) {
	case CONN_READ:
		if (in_request && ((!http_parser_head_done(&c->parser) &&
				    now - c->request_start >= HTTP_HEAD_TIMEOUT_MS) ||
				   now - c->request_start >= HTTP_REQUEST_TIMEOUT_MS ||
				   now - c->last_activity >= HTTP_IDLE_TIMEOUT_MS)) {
			conn_fail(c, 408);
			return conn_advance(s, c);
		}
		return in_request || now - c->last_activity < HTTP_IDLE_TIMEOUT_MS;
	case CONN_WRITE:
		return now - c->last_activity < HTTP_IDLE_TIMEOUT_MS;
	default:
		return now - c->linger_start < HTTP_LINGER_MS;
	}
}

/* ---- the loop ---- */

static short conn_events(const struct hosted_conn *c)
{
	return c->phase == CONN_WRITE ? POLLOUT : POLLIN;
}

static void serve_round(struct hosted_server *s, struct pollfd *fds, const size_t *slot,
			size_t nfds)
{
	if ((fds[0].revents & POLLIN) != 0) {
		accept_all(s);
	}
	for (size_t i = 1; i < nfds; i++) {
		struct hosted_conn *c = s->conns[slot[i]];

		if (fds[i].revents != 0 && !conn_event(s, c, fds[i].revents)) {
			conn_free(s, slot[i]);
		} else if (!conn_timeouts(s, c, now_ms())) {	/* after the event's own clock */
			conn_free(s, slot[i]);
		}
	}
}

int hosted_server_run(struct hosted_server *s, volatile sig_atomic_t *stop)
{
	struct pollfd fds[HOSTED_CONN_MAX + 1U];
	size_t slot[HOSTED_CONN_MAX + 1U];

	while (*stop == 0) {
		size_t nfds = 1;

		fds[0] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (size_t i = 0; i < HOSTED_CONN_MAX; i++) {
			if (s->conns[i] != NULL) {
				fds[nfds] = (struct pollfd){ .fd = s->conns[i]->fd,
							     .events = conn_events(s->conns[i]) };
				slot[nfds++] = i;
			}
		}
		if (poll(fds, nfds, HOSTED_TICK_MS) < 0) {
			if (errno == EINTR) {
				continue;
			}
			return -errno;
		}
		serve_round(s, fds, slot, nfds);
	}
	return 0;
}

/* ---- the listener ---- */

static int listen_on(uint16_t port, uint16_t *bound)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		return -1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, 128) != 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	*bound = ntohs(addr.sin_port);
	return fd;
}

struct hosted_server *hosted_server_open(const struct http_server_config *cfg, uint16_t port)
{
	struct hosted_server *s;

	if (cfg->tls != NULL) {
		errno = ENOTSUP;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return NULL;
	}
	s->cfg = *cfg;
	s->listen_fd = listen_on(port, &s->port);
	if (s->listen_fd < 0) {
		int err = errno;

		free(s);
		errno = err;
		return NULL;
	}
	return s;
}

uint16_t hosted_server_port(const struct hosted_server *s)
{
	return s->port;
}

void hosted_server_close(struct hosted_server *s)
{
	for (size_t i = 0; i < HOSTED_CONN_MAX; i++) {
		if (s->conns[i] != NULL) {
			conn_free(s, i);
		}
	}
	close(s->listen_fd);
	free(s);
}
