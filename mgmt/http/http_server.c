/* SPDX-License-Identifier: MIT */
/*
 * The HTTP/1.1 server's connections on lwIP's altcp raw API
 * (http_server.h, docs/http.md), after lwIP's apps/http/httpd.c: one
 * struct http_conn per connection from a fixed pool, registered as the
 * callbacks' arg; short recv/sent/poll/err callbacks; every close through
 * conn_close() or conn_abort(), which detach the callbacks and free the
 * slot before touching the pcb.
 *
 * A connection reads one request at a time.  While its response is being
 * queued, bytes that arrive (a pipelined request) stay in conn->rx without
 * being acknowledged to TCP, so the client's window closes instead of our
 * memory filling up.  Section numbers are RFC 9112's.
 */
#include <errno.h>
#include <string.h>

#include <lwip/altcp.h>
#include <lwip/altcp_tcp.h>
#include <lwip/altcp_tls.h>
#include <lwip/pbuf.h>
#include <lwip/sys.h>
#include <lwip/tcp.h>

#include "mgmt/http/http_dispatch.h"
#include "mgmt/http/http_message.h"
#include "mgmt/http/http_parser.h"
#include "mgmt/http/http_server.h"
#include "mgmt/http/tls_server.h"

/* lwIP's heap holds what every connection queues for sending (lwipopts.h). */
_Static_assert(HTTP_CONN_MAX * TCP_SND_BUF <= MEM_SIZE,
	       "MEM_SIZE cannot hold a full send buffer for every HTTP connection");

/* lwIP calls poll every this many TCP coarse ticks (500 ms): once a second. */
#define HTTP_POLL_INTERVAL	2U
/* The response head rarely exceeds a few hundred bytes; auth challenges included. */
#define HTTP_HEAD_MAX		(HTTP_RESPONSE_HEADERS_MAX + 512U)

enum conn_phase {
	CONN_FREE = 0,
	CONN_READ,	/* waiting for, or reading, a request */
	CONN_WRITE,	/* queuing a response */
	CONN_LINGER,	/* our side is done (FIN sent); dropping what still arrives (9.6) */
};

struct http_conn {
	struct altcp_pcb *pcb;
	enum conn_phase phase;
	bool over_tls;
	bool peer_closed;	/* the client's FIN arrived */
	bool close_after;	/* close once this response is out */
	bool head_only;		/* HEAD: the body is not sent */
	uint32_t last_activity;	/* sys_now() of the last byte in, or of progress out */
	uint32_t request_start;	/* sys_now() of the first byte of the current request */
	uint32_t linger_start;
	struct pbuf *rx;	/* received, not parsed yet, not acknowledged yet */
	struct http_parser parser;
	struct http_request req;
	struct http_response resp;
	struct http_buf head;	/* the serialised status line and fields of resp */
	size_t head_sent;	/* bytes of head, then of resp.body, handed to altcp */
	size_t body_sent;
};

/* The one server; set up by http_server_start(), then used by lwIP's callbacks. */
static struct {
	bool started;
	struct http_server_config cfg;
	struct altcp_pcb *listener[2];
	struct http_server_stats stats;
	struct http_conn conns[HTTP_CONN_MAX];
} server;

static err_t conn_recv(void *arg, struct altcp_pcb *pcb, struct pbuf *p, err_t err);
static err_t conn_sent(void *arg, struct altcp_pcb *pcb, u16_t len);
static err_t conn_poll(void *arg, struct altcp_pcb *pcb);
static void conn_err(void *arg, err_t err);

static uint32_t elapsed_ms(uint32_t since)
{
	return (uint32_t)(sys_now() - since);
}

/* ---- the pool ---- */

static struct http_conn *conn_alloc(void)
{
	for (size_t i = 0; i < HTTP_CONN_MAX; i++) {
		if (server.conns[i].phase == CONN_FREE) {
			return &server.conns[i];
		}
	}
	return NULL;
}

/* Give the slot back; the pcb is someone else's business by now. */
static void conn_release(struct http_conn *c)
{
	if (c->rx != NULL) {
		pbuf_free(c->rx);
	}
	http_parser_free(&c->parser);
	http_response_free(&c->resp);
	free(c->head.data);
	memset(c, 0, sizeof(*c));
}

/* ---- closing (after httpd.c's http_close_or_abort_conn) ---- */

static void conn_detach(struct altcp_pcb *pcb)
{
	altcp_arg(pcb, NULL);
	altcp_recv(pcb, NULL);
	altcp_sent(pcb, NULL);
	altcp_err(pcb, NULL);
	altcp_poll(pcb, NULL, 0);
}

/* A close that failed for lack of memory is retried once from poll, then aborted. */
static err_t close_retry_poll(void *arg, struct altcp_pcb *pcb)
{
	(void)arg;
	if (altcp_close(pcb) != ERR_OK) {
		altcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

/* Close gracefully; c is gone afterwards.  ERR_OK, so callers just return it. */
static err_t conn_close(struct http_conn *c)
{
	struct altcp_pcb *pcb = c->pcb;

	conn_detach(pcb);
	conn_release(c);
	if (altcp_close(pcb) != ERR_OK) {
		altcp_poll(pcb, close_retry_poll, HTTP_POLL_INTERVAL);
	}
	return ERR_OK;
}

/* Reset the connection; c is gone.  ERR_ABRT, which lwIP wants from the callback. */
static err_t conn_abort(struct http_conn *c)
{
	struct altcp_pcb *pcb = c->pcb;

	server.stats.aborted++;
	conn_detach(pcb);
	conn_release(c);
	altcp_abort(pcb);
	return ERR_ABRT;
}

/*
 * Section 9.6: after the last response on a connection, close in stages:
 * send our FIN after the data (shut down writing only) and keep reading
 * until the client closes, or HTTP_LINGER_MS.  Closing outright while the
 * client's unread bytes sit in our window would make TCP send a RST, which
 * can destroy the response before the client reads it.
 */
static err_t conn_finish(struct http_conn *c)
{
	if (c->over_tls) {
		tls_server_close_notify(c->pcb);
	}
	if (c->peer_closed || altcp_shutdown(c->pcb, 0, 1) != ERR_OK) {
		return conn_close(c);
	}
	if (c->rx != NULL) {
		altcp_recved(c->pcb, c->rx->tot_len);
		pbuf_free(c->rx);
		c->rx = NULL;
	}
	http_parser_free(&c->parser);
	c->phase = CONN_LINGER;
	c->linger_start = sys_now();
	return ERR_OK;
}

/*
 * The pool is full: rather than refuse the new client, take the slot of the
 * connection that has lingered longest.  Its response is out and our FIN is
 * queued behind it; the slot only waits for the client's FIN, which a slow
 * path (a NAT, slirp) or a vanished client may hold back for HTTP_LINGER_MS.
 * altcp_close() keeps the pcb until TCP has delivered the response and the
 * FIN, and nothing unread sits in its window (what arrives while lingering
 * is taken at once), so no RST can destroy the response (9.6).  Kept-alive
 * connections between requests are not taken: a client may be sending its
 * next request on one right now.  NULL when no connection lingers.
 */
static struct http_conn *conn_reclaim(void)
{
	struct http_conn *oldest = NULL;

	for (size_t i = 0; i < HTTP_CONN_MAX; i++) {
		struct http_conn *c = &server.conns[i];

		if (c->phase == CONN_LINGER &&
		    (oldest == NULL || elapsed_ms(c->linger_start) > elapsed_ms(oldest->linger_start))) {
			oldest = c;
		}
	}
	if (oldest == NULL) {
		return NULL;
	}
	server.stats.reclaimed++;
	conn_close(oldest);
	return conn_alloc();
}

/* ---- writing ---- */

/*
 * How many bytes one altcp_write() may take now; 0: wait for sent or poll.
 * On TLS, nothing while mbedTLS still holds a record TCP did not take
 * (tls_server.h): lwIP retries it from its own sent and poll callbacks.
 */
static size_t conn_write_room(struct http_conn *c)
{
	size_t room = altcp_sndbuf(c->pcb);

	if (c->over_tls) {
		size_t record = tls_server_record_max(c->pcb);

		if (tls_server_output_pending(c->pcb)) {
			return 0;
		}
		room = room < record ? room : record;
	}
	return room < 0xFFFFU ? room : 0xFFFFU;
}

/*
 * Hand len bytes to altcp (copied: our buffers go away afterwards).
 * ERR_OK when they were taken, ERR_MEM to retry later, else fatal.
 * @pre len <= conn_write_room(c)
 */
static err_t conn_write(struct http_conn *c, const void *data, size_t len, bool more)
{
	u8_t flags = (u8_t)(TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));

	return altcp_write(c->pcb, data, (u16_t)len, flags);
}

/* Queue as much of the response as TCP takes: head, then body. */
static err_t conn_send(struct http_conn *c)
{
	size_t body_len = c->head_only ? 0U : c->resp.body.len;

	while (c->head_sent < c->head.len || c->body_sent < body_len) {
		bool in_head = c->head_sent < c->head.len;
		const char *data = in_head ? c->head.data + c->head_sent : c->resp.body.data +
					     c->body_sent;
		size_t left = in_head ? c->head.len - c->head_sent : body_len - c->body_sent;
		size_t room = conn_write_room(c);
		size_t n = left < room ? left : room;
		err_t err;

		if (n == 0U) {
			break;
		}
		err = conn_write(c, data, n, n < left || (in_head && body_len > 0U));
		if (err == ERR_MEM) {
			break;
		}
		if (err != ERR_OK) {
			return conn_abort(c);
		}
		*(in_head ? &c->head_sent : &c->body_sent) += n;
		c->last_activity = sys_now();
	}
	altcp_output(c->pcb);
	return ERR_OK;
}

static bool conn_response_queued(struct http_conn *c)
{
	size_t body_len = c->head_only ? 0U : c->resp.body.len;

	/* A TLS record still waiting for TCP must go out before a FIN could. */
	return c->head_sent == c->head.len && c->body_sent == body_len &&
	       !(c->over_tls && tls_server_output_pending(c->pcb));
}

/* The response is with TCP: next request, or the end of the connection. */
static err_t conn_response_done(struct http_conn *c)
{
	http_response_recycle(&c->resp);
	c->head.len = 0;
	c->head_sent = 0;
	c->body_sent = 0;
	if (c->close_after) {
		return conn_finish(c);
	}
	http_parser_next(&c->parser);
	c->phase = CONN_READ;
	c->last_activity = sys_now();
	return ERR_OK;
}

/* Serialise resp's head and start sending; the request is done with. */
static err_t conn_respond(struct http_conn *c)
{
	c->close_after = c->close_after || !c->req.keep_alive || c->resp.close || c->peer_closed;
	c->head_only = c->req.method == HTTP_METHOD_HEAD;
	c->head.max = HTTP_HEAD_MAX;
	c->head.len = 0;
	if (http_response_head(&c->resp, !c->close_after, c->req.version_minor, &c->head) != 0) {
		/* A handler's headers that do not fit: say so rather than send half. */
		c->close_after = true;
		c->head.len = 0;
		http_response_simple(&c->resp, 500);
		if (http_response_head(&c->resp, false, c->req.version_minor, &c->head) != 0) {
			return conn_abort(c);
		}
	}
	server.stats.responses++;
	c->phase = CONN_WRITE;
	return conn_send(c);
}

/* The request could not be read (status from the parser or a time-out): answer, close. */
static err_t conn_fail(struct http_conn *c, int status)
{
	http_response_reuse(&c->resp, 64);
	http_response_simple(&c->resp, status);
	/* The framing is lost (section 9.3 does not allow reading on). */
	c->close_after = true;
	return conn_respond(c);
}

static err_t conn_dispatch(struct http_conn *c)
{
	http_response_reuse(&c->resp, HTTP_BODY_MAX);
	http_dispatch(&server.cfg, &c->req, &c->resp);
	return conn_respond(c);
}

/* RFC 9110 10.1.1: tell a client waiting with its body that we want it. */
static void conn_send_continue(struct http_conn *c)
{
	static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

	/* A MAY: skipped when the send buffer is full, the client then sends after a pause. */
	if (conn_write_room(c) >= sizeof(cont) - 1U &&
	    conn_write(c, cont, sizeof(cont) - 1U, false) == ERR_OK) {
		altcp_output(c->pcb);
	}
}

/* ---- reading ---- */

/* Drop the first used bytes of the chain q; an empty pbuf is dropped whole. */
static struct pbuf *rx_advance(struct pbuf *q, size_t used)
{
	struct pbuf *next = q->next;

	if (q->len > 0U) {
		return pbuf_free_header(q, (u16_t)used);
	}
	/* The chain's reference to next passes to the caller (as in pbuf_free_header). */
	q->next = NULL;
	pbuf_free(q);
	return next;
}

/* Parse from the first pbuf of conn->rx; consumed bytes are acknowledged to TCP. */
static err_t conn_parse(struct http_conn *c)
{
	struct pbuf *q = c->rx;
	size_t used = 0;
	enum http_parse_result r;

	if (!http_parser_in_request(&c->parser)) {
		c->request_start = sys_now();
	}
	r = http_parser_feed(&c->parser, q->payload, q->len, &used);
	c->rx = rx_advance(q, used);
	altcp_recved(c->pcb, (u16_t)used);
	if (r == HTTP_PARSE_DONE) {
		return conn_dispatch(c);
	}
	if (r == HTTP_PARSE_ERROR) {
		server.stats.malformed++;
		return conn_fail(c, http_parser_error(&c->parser));
	}
	if (http_parser_continue_due(&c->parser)) {
		conn_send_continue(c);
	}
	return ERR_OK;
}

/*
 * Move the connection on as far as it goes: parse what has arrived,
 * answer, send, and parse the next pipelined request.  Bounded: each round
 * consumes input or queues output, or the loop ends.  ERR_ABRT when the
 * connection was aborted, ERR_CLSD when it was closed (c is gone).
 */
static err_t conn_advance(struct http_conn *c)
{
	for (;;) {
		err_t err;

		if (c->phase == CONN_WRITE) {
			err = conn_send(c);
			if (err != ERR_OK || !conn_response_queued(c)) {
				return err;
			}
			err = conn_response_done(c);
		} else if (c->phase == CONN_READ && c->rx != NULL) {
			err = conn_parse(c);
		} else {
			return ERR_OK;
		}
		if (err != ERR_OK) {
			return err;
		}
		if (c->phase == CONN_FREE) {
			return ERR_CLSD;
		}
	}
}

/* lwIP's err_t for a callback after conn_advance(): only an abort is reported. */
static err_t callback_result(err_t err)
{
	return err == ERR_ABRT ? ERR_ABRT : ERR_OK;
}

/* The client sent FIN (p == NULL in recv). */
static err_t conn_peer_closed(struct http_conn *c)
{
	c->peer_closed = true;
	if (c->phase == CONN_WRITE) {
		/* Finish this response; its end closes the connection. */
		c->close_after = true;
		return ERR_OK;
	}
	/* Idle, or in the middle of a request that will never be complete. */
	return conn_close(c);
}

static err_t conn_recv(void *arg, struct altcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct http_conn *c = arg;

	if (c == NULL || err != ERR_OK) {
		if (p != NULL) {
			altcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return c == NULL ? ERR_OK : conn_abort(c);
	}
	if (p == NULL) {
		return conn_peer_closed(c);
	}
	if (c->phase == CONN_LINGER) {
		altcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	if (c->rx == NULL) {
		c->rx = p;
	} else {
		pbuf_cat(c->rx, p);
	}
	c->last_activity = sys_now();
	return callback_result(conn_advance(c));
}

/* TCP (or TLS, always with len 0) has room again. */
static err_t conn_sent(void *arg, struct altcp_pcb *pcb, u16_t len)
{
	struct http_conn *c = arg;

	(void)pcb;
	(void)len;
	if (c == NULL || c->phase != CONN_WRITE) {
		return ERR_OK;
	}
	c->last_activity = sys_now();
	return callback_result(conn_advance(c));
}

/* ---- time-outs ---- */

/* A request that stalls gets 408 (RFC 9110 15.5.9); an idle connection just closes (9.5). */
static err_t conn_read_timeouts(struct http_conn *c)
{
	bool in_request = http_parser_in_request(&c->parser);
	uint32_t since_start = elapsed_ms(c->request_start);

	err_t err;

	if (in_request && ((!http_parser_head_done(&c->parser) &&
			    since_start >= HTTP_HEAD_TIMEOUT_MS) ||
			   since_start >= HTTP_REQUEST_TIMEOUT_MS ||
			   elapsed_ms(c->last_activity) >= HTTP_IDLE_TIMEOUT_MS)) {
		server.stats.timeouts++;
		err = conn_fail(c, 408);
		return err == ERR_OK ? conn_advance(c) : err;
	}
	if (!in_request && elapsed_ms(c->last_activity) >= HTTP_IDLE_TIMEOUT_MS) {
		server.stats.timeouts++;
		return conn_close(c);
	}
	return ERR_OK;
}

static err_t conn_poll(void *arg, struct altcp_pcb *pcb)
{
	struct http_conn *c = arg;

	if (c == NULL) {
		return close_retry_poll(NULL, pcb);
	}
	switch (c->phase) {
	case CONN_READ:
		return callback_result(conn_read_timeouts(c));
	case CONN_WRITE:
		/* A client that stopped reading holds our response: reset it. */
		if (elapsed_ms(c->last_activity) >= HTTP_IDLE_TIMEOUT_MS) {
			server.stats.timeouts++;
			return conn_abort(c);
		}
		return callback_result(conn_advance(c));
	default:	/* CONN_LINGER */
		return elapsed_ms(c->linger_start) >= HTTP_LINGER_MS ? conn_close(c) : ERR_OK;
	}
}

/* The pcb is already freed by lwIP: only our slot is left to release. */
static void conn_err(void *arg, err_t err)
{
	struct http_conn *c = arg;

	(void)err;
	if (c != NULL) {
		server.stats.aborted++;
		conn_release(c);
	}
}

/* ---- accepting ---- */

static uint32_t peer_ipv4(struct altcp_pcb *pcb)
{
	const ip_addr_t *addr = altcp_get_ip(pcb, 0);

	return addr != NULL ? lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(addr))) : 0U;
}

static err_t conn_accept(struct altcp_pcb *pcb, err_t err, bool over_tls)
{
	struct http_conn *c;

	if (err != ERR_OK || pcb == NULL) {
		return ERR_VAL;
	}
	c = conn_alloc();
	if (c == NULL) {
		c = conn_reclaim();
	}
	if (c == NULL) {
		/* The pool is full: the client sees the connection closed at once. */
		server.stats.refused++;
		if (altcp_close(pcb) != ERR_OK) {
			altcp_abort(pcb);
			return ERR_ABRT;
		}
		return ERR_OK;
	}
	server.stats.accepted++;
	c->pcb = pcb;
	c->phase = CONN_READ;
	c->over_tls = over_tls;
	c->last_activity = sys_now();
	http_parser_init(&c->parser, &c->req);
	c->req.over_tls = over_tls;
	c->req.peer_ipv4 = peer_ipv4(pcb);
	/* Request/response: Nagle would hold a response's last segment for an ACK. */
	altcp_nagle_disable(pcb);
	altcp_arg(pcb, c);
	altcp_recv(pcb, conn_recv);
	altcp_sent(pcb, conn_sent);
	altcp_err(pcb, conn_err);
	altcp_poll(pcb, conn_poll, HTTP_POLL_INTERVAL);
	return ERR_OK;
}

static err_t http_accept(void *arg, struct altcp_pcb *pcb, err_t err)
{
	(void)arg;
	return conn_accept(pcb, err, false);
}

static err_t https_accept(void *arg, struct altcp_pcb *pcb, err_t err)
{
	(void)arg;
	return conn_accept(pcb, err, true);
}

static int listen_on(uint16_t port, struct altcp_tls_config *tls, altcp_accept_fn accept,
		     struct altcp_pcb **out)
{
	struct altcp_pcb *pcb = tls != NULL ? altcp_tls_new(tls, IPADDR_TYPE_V4) :
				altcp_tcp_new_ip_type(IPADDR_TYPE_V4);
	struct altcp_pcb *listener;

	if (pcb == NULL) {
		return -ENOMEM;
	}
	if (altcp_bind(pcb, IP4_ADDR_ANY, port) != ERR_OK) {
		altcp_close(pcb);
		return -EADDRINUSE;
	}
	listener = altcp_listen(pcb);
	if (listener == NULL) {
		altcp_close(pcb);
		return -ENOMEM;
	}
	altcp_accept(listener, accept);
	*out = listener;
	return 0;
}

int http_server_start(const struct http_server_config *cfg)
{
	int err;

	if (server.started) {
		return -EALREADY;
	}
	server.cfg = *cfg;
	err = listen_on(HTTP_PORT, NULL, http_accept, &server.listener[0]);
	if (err == 0 && cfg->tls != NULL) {
		err = listen_on(HTTPS_PORT, cfg->tls, https_accept, &server.listener[1]);
		if (err != 0) {
			altcp_close(server.listener[0]);
			server.listener[0] = NULL;
		}
	}
	server.started = err == 0;
	return err;
}

struct http_server_stats http_server_stats(void)
{
	return server.stats;
}
