# SPDX-License-Identifier: MIT
"""Bad input against the real firmware (issue 3, "Proof"): every case is
answered with the WS-Man fault or the HTTP error the docs promise
(docs/http.md, docs/auth.md, docs/wsman.md), and is followed by a normal
Digest-authenticated Get of the host CIM_ComputerSystem that must still
succeed: the endpoint keeps serving the next client.

Faults are checked as DSP0226 Annex A and ../shared/reference/dmtf-profiles.md
section 6 give them: SOAP Code, Subcode (a QName, resolved against the
reply's namespace declarations), the wsman:FaultDetail URI, the fault
action in wsa:Action, and the HTTP status (SOAP 1.2 Part 2 7.5.2.2: Sender
400, Receiver 500; AccessDenied 401).

Covered elsewhere and not repeated here: the slow client that never
finishes its head (test_http.py::test_slowloris_closed: 408 at the 10 s head
time-out, a silent connection closed at 30 s), the HTTP framing errors and
smuggling cases (test_http.py::test_methods_and_errors,
tests/unit/test_http_parser.c), every Digest truncation and the nonce table
(tests/unit/test_auth.c), every envelope limit at and past its value
(tests/unit/test_wsman_envelope.c).

The firmware runs in QEMU TCG (`-cpu max` for RDRAND), e1000 on slirp with
5985 forwarded to a free 127.0.0.1 port, `user=vmanhv password=<random>`.
slirp makes every client the same source address (10.0.2.2) for the
firmware's rate limiter (5 failed logins in 60 s lock a source out): no test
here fails more than 4 logins before a successful one clears the count.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import re
import secrets
import shutil
import socket
import threading
import time
import uuid
import xml.etree.ElementTree as ET

import pytest

import emulators
from emulators import Qemu

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
USER = "vmanhv"
MODULE_LIMIT_S = 900 * emulators.TIMEOUT_SCALE
IO_TIMEOUT_S = 30 * emulators.TIMEOUT_SCALE

# mgmt/http/http_server.h, mgmt/http/http.h
CONN_MAX = 16
IDLE_TIMEOUT_S = 30
BODY_MAX = 512 * 1024
# mgmt/wsman/envelope.h
ENVELOPE_MAX = 256 * 1024

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsman": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "wxf": "http://schemas.xmlsoap.org/ws/2004/09/transfer",
    "wsmid": "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd",
}
WSA_FAULT = "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
WSMAN_FAULT = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"
DETAIL = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"
CS_URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem"
GET = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
HOST_KEYS = {"CreationClassName": "CIM_ComputerSystem", "Name": "vmanhv"}
SOAP = "application/soap+xml;charset=UTF-8"


# --- the firmware ------------------------------------------------------------------

class Endpoint:
    def __init__(self, port: int, password: str, res: emulators.Result):
        self.port = port
        self.password = password
        self.res = res
        self.digest = Digest(port, USER, password)

    def serial(self) -> str:
        return (self.res.run_dir / "serial.log").read_text(errors="replace")

    def why(self, what: str) -> str:
        tail = "\n".join("    | " + l for l in self.serial().splitlines()[-15:])
        return f"{what}\n  logs in {self.res.run_dir}\n  serial.log ends:\n{tail}"


@pytest.fixture(scope="module")
def ep(artifacts, request):
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_bad_input"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    port = emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{port}-:5985")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_bad_input",
                               request=request, limit_s=MODULE_LIMIT_S) as res:
            print(f"{res.emulator}: HTTP up after {res.match_time:.1f}s")
            yield Endpoint(port, password, res)
    finally:
        disk.unlink(missing_ok=True)


# --- HTTP Digest, written from RFC 7616 so every field can be bent -----------------

def parse_challenges(values: list[str]) -> dict[str, dict[str, str]]:
    """WWW-Authenticate Digest challenges by algorithm."""
    out = {}
    for v in values:
        if not v.startswith("Digest "):
            continue
        params = {k: a or b for k, a, b in
                  re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', v[len("Digest "):])}
        out[params.get("algorithm", "MD5")] = params
    return out


class Digest:
    """One client's Digest state (RFC 7616 3.4): a nonce and its count."""

    def __init__(self, port: int, user: str, password: str):
        self.port, self.user, self.password = port, user, password
        self.chal: dict[str, str] | None = None
        self.nc = 0

    def challenge(self) -> dict[str, str]:
        status, headers, _ = post(self.port, envelope_identify())
        assert status == 401, f"no challenge: {status}"
        self.chal = parse_challenges(headers.get_all("WWW-Authenticate") or [])["SHA-256"]
        self.nc = 0
        return self.chal

    def header(self, *, method: str = "POST", uri: str = "/wsman", nc: int | None = None,
               response: str | None = None, password: str | None = None) -> str:
        """An Authorization header; response= replaces the computed digest."""
        if self.chal is None:
            self.challenge()
        if nc is None:
            self.nc += 1
            nc = self.nc
        h = lambda s: hashlib.sha256(s.encode()).hexdigest()
        cnonce = secrets.token_hex(8)
        ha1 = h(f"{self.user}:{self.chal['realm']}:{password or self.password}")
        ha2 = h(f"{method}:{uri}")
        digest = h(f"{ha1}:{self.chal['nonce']}:{nc:08x}:{cnonce}:auth:{ha2}")
        if response is not None:
            digest = response
        return (f'Digest username="{self.user}", realm="{self.chal["realm"]}", '
                f'nonce="{self.chal["nonce"]}", uri="{uri}", algorithm=SHA-256, '
                f'response="{digest}", qop=auth, nc={nc:08x}, cnonce="{cnonce}", '
                f'opaque="{self.chal["opaque"]}"')

    def post(self, body: bytes | str, **kw):
        """An authenticated POST; a stale nonce (RFC 7616 3.3) is renewed once."""
        for _ in range(2):
            status, headers, reply = post(self.port, body, {"Authorization": self.header(**kw)})
            chal = headers.get_all("WWW-Authenticate") or []
            if status == 401 and any("stale=true" in c for c in chal):
                self.challenge()
                continue
            return status, headers, reply
        return status, headers, reply


def post(port: int, body: bytes | str, headers: dict[str, str] | None = None):
    """One POST /wsman on a connection of its own: (status, headers, body).
    The connection is released (release_slot) before this returns."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT_S)
    try:
        conn.request("POST", "/wsman", body=body if isinstance(body, bytes) else body.encode(),
                     headers={"Content-Type": SOAP, **(headers or {})})
        resp = conn.getresponse()
        got = resp.status, resp.msg, resp.read()
        if conn.sock is not None:       # kept alive: ours to end
            release_slot(conn.sock, what=f"after HTTP {got[0]}")
        return got
    finally:
        conn.close()


def release_slot(sock: socket.socket, *, what: str = "") -> None:
    """End a kept-alive connection the way that shows the firmware let go of it:
    our FIN, then wait for the firmware's.  The firmware closes a connection
    whose client sent FIN at once, and gives its pool slot back before its own
    FIN leaves (http_server.c: conn_peer_closed -> conn_close -> conn_release,
    then altcp_close), so once the FIN is here the slot is free.

    Why not just close(): the slot is then freed whenever our FIN gets through
    slirp and TCG, and a test that opens the whole pool next (16 connections)
    raced it.  On a loaded host, slirp handled the new connections before the
    old FIN often enough that one of the 16 was refused at accept (an RST:
    ConnectionResetError) in test_pool_of_unauthenticated_large_bodies, and
    the 16 held connections after test_two_hundred_connections's burst were
    not all served (once none of them: the burst's 16 served connections,
    closed with their response bodies possibly unread, i.e. with an RST, kept
    their slots until the firmware's idle time-out, and every test after it
    was refused for that long; which hop lost those resets, slirp's or lwIP's,
    was not established).  Draining to EOF first means nothing is left
    unread, so no RST is sent at all.  A connection the firmware already
    closed (refused, or answered with Connection: close) is left.

    This removes one race, not every cause: later runs with it (2 of 5 full
    runs, light and heavy load) still failed both tests, once with 13 of 16
    slots taken after a burst whose connections had all been released, and
    with a retry until twice the idle time-out still 9 of 16 (not kept).
    Something, the firmware's slots or slirp's late connections, holds slots
    beyond what these tests see; not established (docs/bench.md)."""
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        return
    closed, _ = closed_by_peer(sock, IO_TIMEOUT_S)
    assert closed, f"the firmware kept a connection open {IO_TIMEOUT_S:.0f}s after our FIN {what}"


# --- envelopes and faults ------------------------------------------------------------

def envelope_identify() -> str:
    return ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')


def envelope(*, action: str = GET, resource: str = CS_URI,
             selectors: list[tuple[str, str]] | None = None, headers: str = "",
             body: str = "", to: bool = True,
             reply_to: str = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
             soap_ns: str = NS["s"]) -> str:
    sel = list(HOST_KEYS.items()) if selectors is None else selectors
    selector_set = ("<w:SelectorSet>" + "".join(
        f'<w:Selector Name="{n}">{v}</w:Selector>' for n, v in sel) + "</w:SelectorSet>"
        if sel else "")
    return (
        f'<s:Envelope xmlns:s="{soap_ns}" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>'
        + ('<a:To>http://127.0.0.1:5985/wsman</a:To>' if to else '') +
        f'<w:ResourceURI s:mustUnderstand="true">{resource}</w:ResourceURI>'
        f'<a:ReplyTo><a:Address s:mustUnderstand="true">{reply_to}</a:Address></a:ReplyTo>'
        f'<a:Action s:mustUnderstand="true">{action}</a:Action>'
        f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>{selector_set}{headers}'
        f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


def parse_reply(xml: bytes) -> tuple[ET.Element, dict[str, str]]:
    """The reply's root and every prefix it declares (for QName values)."""
    prefixes: dict[str, str] = {}
    root = None
    for event, item in ET.iterparse(io.BytesIO(xml), events=("start-ns", "start")):
        if event == "start-ns":
            prefixes.setdefault(item[0], item[1])
        elif root is None:
            root = item
    assert root is not None
    return root, prefixes


def qname(text: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = text.strip().rpartition(":")
    return f"{{{prefixes.get(prefix, '?' + prefix)}}}{local}"


def q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


def assert_fault(ep: Endpoint, got, *, http: int, code: str, subcode: str | None,
                 detail: str | None, action: str, what: str) -> ET.Element:
    """The reply is the fault DSP0226 Annex A gives: HTTP status, Code, Subcode,
    FaultDetail, fault action.  Returns the s:Fault element."""
    status, _, xml = got
    why = ep.why(f"{what}: HTTP {status}\n{xml[:1500].decode(errors='replace')}")
    assert status == http, why
    root, prefixes = parse_reply(xml)
    fault = root.find("s:Body/s:Fault", NS)
    assert fault is not None, why
    assert qname(fault.findtext("s:Code/s:Value", "", NS), prefixes) == code, why
    sub = fault.findtext("s:Code/s:Subcode/s:Value", None, NS)
    if subcode is None:
        assert sub is None, why
    else:
        assert sub is not None and qname(sub, prefixes) == subcode, why
    assert fault.findtext("s:Reason/s:Text", "", NS).strip(), why
    got_detail = fault.findtext("s:Detail/wsman:FaultDetail", None, NS)
    if detail is None:
        assert got_detail is None, why
    else:
        assert got_detail == DETAIL + detail, why
    assert root.findtext("s:Header/wsa:Action", "", NS) == action, why
    return fault


def assert_still_serving(ep: Endpoint, after: str) -> None:
    """A normal Digest-authenticated Get of the host CIM_ComputerSystem succeeds."""
    status, _, xml = ep.digest.post(envelope())
    why = ep.why(f"after {after}: the next Get got HTTP {status}\n{xml[:1500]!r}")
    assert status == 200, why
    root, _ = parse_reply(xml)
    assert root.findtext("s:Header/wsa:Action", "", NS) == GET + "Response", why
    inst = root.find("s:Body/{%s}CIM_ComputerSystem" % CS_URI, NS)
    assert inst is not None, why
    assert inst.findtext("{%s}Name" % CS_URI) == "vmanhv", why


def raw_connect(ep: Endpoint) -> socket.socket:
    return socket.create_connection(("127.0.0.1", ep.port), timeout=IO_TIMEOUT_S)


def read_head(sock: socket.socket, limit_s: float) -> bytes:
    """Bytes up to the end of a response head (or what came before EOF)."""
    got = b""
    sock.settimeout(limit_s)
    while b"\r\n\r\n" not in got:
        chunk = sock.recv(4096)
        if not chunk:
            break
        got += chunk
    return got


def closed_by_peer(sock: socket.socket, limit_s: float) -> tuple[bool, bytes]:
    """Wait for EOF (or a reset): (closed, what arrived before)."""
    got, end = b"", time.monotonic() + limit_s
    sock.settimeout(1.0)
    while time.monotonic() < end:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True, got
        if not chunk:
            return True, got
        got += chunk
    return False, got


# --- XML ------------------------------------------------------------------------------

def test_endpoint_serves(ep):
    """The reference request works before anything bad is sent."""
    assert_still_serving(ep, "boot")


def test_malformed_xml(ep):
    """Not well-formed (an unclosed element, a mismatched end tag): SchemaValidationError."""
    cut = envelope()[:-len("</s:Body></s:Envelope>")] + "</s:Envelope>"
    for what, xml in (("mismatched end tag", cut), ("no root at all", "this is not XML"),
                      ("truncated", envelope()[:200])):
        assert_fault(ep, ep.digest.post(xml), http=400, code=q("s", "Sender"),
                     subcode=q("wsman", "SchemaValidationError"), detail=None,
                     action=WSMAN_FAULT, what=what)
        assert_still_serving(ep, what)


def test_billion_laughs_refused(ep):
    """A DTD with nested entities: refused at the doctype (SOAP 1.2 Part 1 5),
    quickly, before a single entity could be expanded."""
    dtd = ('<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY lol "lol">' +
           "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                   for i in range(1, 10)) + "]>")
    xml = dtd + envelope(headers="<w:Locale xml:lang=\"en-US\">&lol9;</w:Locale>")
    t0 = time.monotonic()
    got = ep.digest.post(xml)
    took = time.monotonic() - t0
    fault = assert_fault(ep, got, http=400, code=q("s", "Sender"),
                         subcode=q("wsman", "SchemaValidationError"), detail=None,
                         action=WSMAN_FAULT, what="billion laughs")
    assert "document type" in fault.findtext("s:Reason/s:Text", "", NS), ep.why(got[2][:800])
    assert b"lollol" not in got[2], ep.why("an entity was expanded into the reply")
    assert took < 10 * emulators.TIMEOUT_SCALE, ep.why(f"billion laughs took {took:.1f}s")
    assert_still_serving(ep, "billion laughs")


def test_ten_thousand_nested_elements(ep):
    """10,000 nested elements in the Body: EncodingLimit at depth 33 (docs/wsman.md)."""
    body = "<x:a xmlns:x=\"urn:x\">" + "<x:a>" * 9999 + "</x:a>" * 10000
    fault = assert_fault(ep, ep.digest.post(envelope(body=body)), http=400,
                         code=q("s", "Sender"), subcode=q("wsman", "EncodingLimit"),
                         detail=None, action=WSMAN_FAULT, what="10,000 nested elements")
    assert "32 levels" in fault.findtext("s:Reason/s:Text", "", NS), ep.why("reason")
    assert_still_serving(ep, "10,000 nested elements")


def test_envelope_over_service_limit(ep):
    """300 KiB: within HTTP's 512 KiB body, past the 256 KiB envelope limit:
    EncodingLimit + ServiceEnvelopeLimit (DSP0226 Annex A), refused before parsing."""
    pad = "<!--" + "p" * (300 * 1024) + "-->"
    xml = envelope(body=pad)
    assert ENVELOPE_MAX < len(xml) < BODY_MAX
    assert_fault(ep, ep.digest.post(xml), http=400, code=q("s", "Sender"),
                 subcode=q("wsman", "EncodingLimit"), detail="ServiceEnvelopeLimit",
                 action=WSMAN_FAULT, what="300 KiB envelope")
    assert_still_serving(ep, "300 KiB envelope")


# --- 10 MB ------------------------------------------------------------------------------

def send_in_background(sock: socket.socket, data_len: int, chunk: bytes) -> dict:
    """Stream data_len bytes of chunk until done or the server stops taking them."""
    box = {"sent": 0}

    def pump():
        try:
            while box["sent"] < data_len:
                box["sent"] += sock.send(chunk[:data_len - box["sent"]])
        except OSError as e:
            box["error"] = e

    t = threading.Thread(target=pump, daemon=True)
    t.start()
    box["thread"] = t
    return box


def test_ten_megabyte_body(ep):
    """A 10 MB body: 413 from the head alone (Content-Length, and a chunked body
    at its first 1 MiB chunk-size line) before one body byte is sent, so nothing
    is buffered; the rest is dropped unread (linger) and the connection closes."""
    ten_mb = 10 * 1024 * 1024
    auth = ep.digest.header()
    heads = {
        "Content-Length": (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
                           b"\r\nAuthorization: " + auth.encode() +
                           b"\r\nContent-Length: %d\r\n\r\n" % ten_mb),
        "chunked": (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
                    b"\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (1024 * 1024)),
    }
    for what, head in heads.items():
        with raw_connect(ep) as s:
            s.sendall(head)
            got = read_head(s, IO_TIMEOUT_S)
            assert got.startswith(b"HTTP/1.1 413 "), ep.why(f"10 MB {what}: {got[:300]!r}")
            assert re.search(rb"\r\nConnection: close\r\n", got), ep.why(f"{what}: {got!r}")
            box = send_in_background(s, ten_mb, b"<" * 65536)
            closed, _ = closed_by_peer(s, 30 * emulators.TIMEOUT_SCALE)
            box["thread"].join(30)
            print(f"10 MB {what}: 413 with no body sent; {box['sent']} bytes taken "
                  f"before the close")
            assert closed, ep.why(f"10 MB {what}: the connection stayed open")
        assert_still_serving(ep, f"a 10 MB body ({what})")


def test_unauthenticated_bad_envelopes_denied(ep):
    """With `WSMANIDENTIFY: unauthenticated` only a clean Identify is answered:
    malformed XML, a billion-laughs DTD, 100 KiB (past the 8 KiB read without
    credentials) and a Get all get wsman:AccessDenied with HTTP 401 and the
    Digest challenge (docs/wsman.md "Authentication"), telling nothing of how
    the request was read."""
    dtd = ('<!DOCTYPE s:Envelope [<!ENTITY a "aaaaaaaaaa">' +
           "".join(f'<!ENTITY a{i} "{("&a%s;" % (i - 1 if i > 1 else "")) * 10}">'
                   for i in range(1, 10)) + "]>")
    cases = {
        "malformed": envelope_identify()[:-5],
        "billion laughs": dtd + envelope_identify().replace("<s:Header/>",
                                                            "<s:Header>&a9;</s:Header>"),
        "100 KiB": envelope_identify().replace("<s:Header/>",
                                               "<s:Header><!--" + "p" * 102400 + "--></s:Header>"),
        "Get": envelope(),
    }
    for what, xml in cases.items():
        got = post(ep.port, xml, {"WSMANIDENTIFY": "unauthenticated"})
        assert_fault(ep, got, http=401, code=q("s", "Sender"),
                     subcode=q("wsman", "AccessDenied"), detail=None, action=WSMAN_FAULT,
                     what=f"unauthenticated {what}")
        chal = got[1].get_all("WWW-Authenticate") or []
        assert any(c.startswith("Digest ") for c in chal), ep.why(f"{what}: no challenge {chal}")
        assert b"aaaaaaaaaa" not in got[2], ep.why(f"{what}: an entity was expanded")
    assert_still_serving(ep, "unauthenticated bad envelopes")


def test_pool_of_unauthenticated_large_bodies(ep):
    """The whole pool at once, each connection uploading a body just under the
    512 KiB limit without credentials: every one gets the 401 challenge (the
    heap holds 16 such bodies, docs/http.md "Memory"), and service goes on.
    The whole pool is free when this starts because every earlier connection
    of this module was ended with release_slot() (or closed by the firmware),
    and each upload is ended so too, so the Get after them finds a slot: with
    plain close() both raced our FINs through slirp on a loaded host (an
    upload refused at accept with an RST, seen in full runs beside a CPU
    burner; see release_slot)."""
    body = b"<" + b"x" * (BODY_MAX - 2) + b">"
    head = (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
            b"\r\nContent-Length: %d\r\n\r\n" % len(body))
    results: list[bytes] = []

    def upload():
        try:
            with raw_connect(ep) as s:
                s.sendall(head + body)
                results.append(read_head(s, 4 * IO_TIMEOUT_S))
                release_slot(s, what="after an unauthenticated upload")
        except OSError as e:
            results.append(repr(e).encode())

    threads = [threading.Thread(target=upload, daemon=True) for _ in range(CONN_MAX)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(5 * IO_TIMEOUT_S)
    print(f"{CONN_MAX} x {len(body)} bytes unauthenticated: {time.monotonic() - t0:.1f}s")
    assert len(results) == CONN_MAX, ep.why(f"{CONN_MAX - len(results)} uploads never ended")
    for got in results:
        assert got.startswith(b"HTTP/1.1 401 ") and b"WWW-Authenticate: Digest " in got, \
            ep.why(f"an unauthenticated upload got {got[:200]!r}")
    assert_still_serving(ep, f"{CONN_MAX} unauthenticated 512 KiB uploads")


# --- Content-Length that lies ----------------------------------------------------------

def test_content_length_shorter_than_body(ep):
    """Content-Length 60 bytes short: the envelope read is cut (SchemaValidationError,
    connection kept, RFC 9112 6.3), and the 60 bytes left over are no request: 400, close."""
    body = envelope().encode()
    head = (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
            b"\r\nAuthorization: " + ep.digest.header().encode() +
            b"\r\nContent-Length: %d\r\n\r\n" % (len(body) - 60))
    with raw_connect(ep) as s:
        s.sendall(head + body)
        closed, got = closed_by_peer(s, IO_TIMEOUT_S)
    assert closed, ep.why("the connection stayed open after the leftover bytes")
    first, _, rest = got.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 400 "), ep.why(f"{got[:600]!r}")
    m = re.search(rb"\r\nContent-Length: (\d+)", first)
    assert m, ep.why(f"{first!r}")
    fault_xml, second = rest[:int(m.group(1))], rest[int(m.group(1)):]
    assert_fault(ep, (400, None, fault_xml), http=400, code=q("s", "Sender"),
                 subcode=q("wsman", "SchemaValidationError"), detail=None,
                 action=WSMAN_FAULT, what="body cut by Content-Length")
    assert second.startswith(b"HTTP/1.1 400 "), ep.why(f"leftover bytes: {second[:300]!r}")
    assert b"\r\nConnection: close\r\n" in second.split(b"\r\n\r\n")[0] + b"\r\n", \
        ep.why(f"{second[:300]!r}")
    assert_still_serving(ep, "a short Content-Length")


def test_content_length_longer_than_body(ep):
    """Content-Length 100 bytes beyond the body: nothing is answered from a
    partial body.  A client that then half-closes is closed without a reply
    (RFC 9112 8); one that waits gets 408 at the idle time-out (docs/http.md)."""
    body = envelope().encode()

    def head():
        return (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
                b"\r\nAuthorization: " + ep.digest.header().encode() +
                b"\r\nContent-Length: %d\r\n\r\n" % (len(body) + 100))

    with raw_connect(ep) as s:
        s.sendall(head() + body)
        s.shutdown(socket.SHUT_WR)
        closed, got = closed_by_peer(s, IO_TIMEOUT_S)
    assert closed and got == b"", ep.why(f"half-closed short body: closed={closed} {got[:300]!r}")
    assert_still_serving(ep, "a long Content-Length, half-closed")

    with raw_connect(ep) as s:
        t0 = time.monotonic()
        s.sendall(head() + body)
        closed, got = closed_by_peer(s, 2 * IDLE_TIMEOUT_S + 20)
        took = time.monotonic() - t0
    print(f"long Content-Length: {got[:40]!r} after {took:.1f}s")
    assert closed and got.startswith(b"HTTP/1.1 408 "), ep.why(f"waiting client: {got[:300]!r}")
    # Not before the idle time-out; the upper bound is loose because the
    # firmware's clock is the TSC as calibrated against the PIT at boot, and
    # under TCG on a loaded host that calibration can come out high (seen:
    # 3.7 GHz for a 2.1 GHz TSC), which stretches every time-out alike.
    assert IDLE_TIMEOUT_S - 2 <= took <= 2 * IDLE_TIMEOUT_S + 10, \
        ep.why(f"408 after {took:.1f}s")
    assert_still_serving(ep, "a long Content-Length, waiting")


# --- many connections -------------------------------------------------------------------

def identify_requests(ep: Endpoint, n: int, *, gap_s: float = 0.0,
                      limit_s: float = IO_TIMEOUT_S) -> tuple[int, int]:
    """n connections opened (gap_s apart) and all held open, each sending an
    unauthenticated Identify: (answered 200, closed unanswered).  Anything else
    (another status, a connection neither answered nor closed within limit_s
    of the requests going out) fails."""
    req = (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
           b"\r\nWSMANIDENTIFY: unauthenticated\r\nContent-Length: %d\r\n\r\n%s" %
           (len(envelope_identify()), envelope_identify().encode()))
    socks: list[socket.socket] = []
    answered = refused = 0
    try:
        for _ in range(n):
            socks.append(raw_connect(ep))
            time.sleep(gap_s)
        for s in socks:
            try:
                s.sendall(req)
            except OSError:
                pass
        deadline = time.monotonic() + limit_s
        for s in socks:
            try:
                got = read_head(s, max(1.0, deadline - time.monotonic()))
            except (socket.timeout, TimeoutError):
                pytest.fail(ep.why(f"a connection of {n} was neither answered nor closed "
                                   f"within {limit_s:.0f}s"))
            except OSError:
                got = b""
            if got:
                assert got.startswith(b"HTTP/1.1 200 "), ep.why(f"{got[:300]!r}")
                answered += 1
            else:
                refused += 1
        # The served ones hold their slots (keep-alive) until they are ended.
        for s in socks:
            release_slot(s, what=f"(one of {n})")
    finally:
        for s in socks:
            s.close()
    return answered, refused


def test_two_hundred_connections(ep):
    """200 connections opened at once and held open, each sending an
    unauthenticated Identify: each is answered 200 or closed unanswered (a
    connection past the pool of 16 is closed at accept), none hangs, and no
    more than the pool are served at once (while none of them can have timed
    out).  Then the pool is whole again: 16
    connections held open together are all served, and so is a normal Get.
    "Again" is when the firmware has closed the 200 (release_slot waits for
    its FIN on each): a fixed 3 s pause used to stand for that, and on a
    loaded host some of the 16 held connections then found slots still taken.
    (Which of the 200 get a slot depends on when slirp's connections reach
    lwIP; lwIP drops SYNs while its 32 PCBs are taken, and slirp retries them
    with a growing back-off, which is why the burst takes tens of seconds on a
    loaded host and gets a two-minute bound.)"""
    t0 = time.monotonic()
    answered, refused = identify_requests(ep, 200, limit_s=120 * emulators.TIMEOUT_SCALE)
    took = time.monotonic() - t0
    print(f"200 connections: {answered} answered, {refused} closed unanswered in {took:.1f}s")
    assert answered + refused == 200
    assert answered >= 1, ep.why("none of the 200 was answered")
    # A served connection keeps its slot until it has been idle 30 s; only a
    # burst over before that can show the pool's bound.
    if took < IDLE_TIMEOUT_S - 2:
        assert answered <= CONN_MAX, ep.why(f"{answered} of 200 served at once")
    answered, refused = identify_requests(ep, CONN_MAX, gap_s=0.05)
    assert (answered, refused) == (CONN_MAX, 0), \
        ep.why(f"after the burst, {answered} of {CONN_MAX} held connections served")
    assert_still_serving(ep, "200 connections")


# --- Digest ------------------------------------------------------------------------------

def test_wrong_and_empty_digest_responses(ep):
    """A wrong, an empty and a truncated `response=` never authenticate (CVE-2017-5689):
    401 with a fresh challenge, no WS-Man reply.  A missing one is malformed: 400."""
    right = ep.digest.header()           # burns a count; only its digest is used below
    digest = re.search(r'response="([0-9a-f]+)"', right).group(1)
    for what, response in (("wrong", "0" * 64), ("empty", ""), ("truncated", digest[:16])):
        status, headers, xml = post(ep.port, envelope(),
                                    {"Authorization": ep.digest.header(response=response)})
        chal = headers.get_all("WWW-Authenticate") or []
        assert status == 401, ep.why(f"{what} response: HTTP {status}")
        assert any(c.startswith("Digest ") for c in chal), ep.why(f"{what}: {chal}")
        assert b"GetResponse" not in xml, ep.why(f"{what}: {xml[:300]!r}")
    missing = re.sub(r'response="[^"]*", ', "", ep.digest.header())
    status, headers, _ = post(ep.port, envelope(), {"Authorization": missing})
    assert status == 400, ep.why(f"no response= : HTTP {status}")
    assert_still_serving(ep, "wrong and empty Digest responses")


def test_replayed_nonce_count(ep):
    """A nonce-count accepted once is refused the second time (RFC 7616 3.4.5):
    the very same Authorization header replayed gets 401, not the instance."""
    ep.digest.challenge()
    auth = ep.digest.header()
    first = post(ep.port, envelope(), {"Authorization": auth})
    assert first[0] == 200, ep.why(f"first use: HTTP {first[0]}")
    replay = post(ep.port, envelope(), {"Authorization": auth})
    assert replay[0] == 401 and b"GetResponse" not in replay[2], \
        ep.why(f"replayed nc: HTTP {replay[0]}")
    chal = replay[1].get_all("WWW-Authenticate") or []
    assert not any("stale=true" in c for c in chal), ep.why(f"a replay is not stale: {chal}")
    assert_still_serving(ep, "a replayed nonce-count")


# --- WS-Man faults ------------------------------------------------------------------------

def test_unknown_resource_uri(ep):
    assert_fault(ep, ep.digest.post(envelope(resource=CS_URI.replace("CIM_ComputerSystem",
                                                                        "CIM_NoSuchClass"))),
                 http=400, code=q("s", "Sender"), subcode=q("wsa", "DestinationUnreachable"),
                 detail="InvalidResourceURI", action=WSA_FAULT, what="unknown ResourceURI")
    assert_still_serving(ep, "an unknown ResourceURI")


@pytest.mark.parametrize("selectors,detail", [
    ([("Name", "vmanhv")], "InsufficientSelectors"),
    ([], "InsufficientSelectors"),
    (list(HOST_KEYS.items()) + [("Colour", "blue")], "UnexpectedSelectors"),
    (list(HOST_KEYS.items()) + [("name", "vmanhv")], "DuplicateSelectors"),
], ids=["one-key-missing", "no-selectors", "extra", "duplicate"])
def test_invalid_selectors(ep, selectors, detail):
    assert_fault(ep, ep.digest.post(envelope(selectors=selectors)), http=400,
                 code=q("s", "Sender"), subcode=q("wsman", "InvalidSelectors"), detail=detail,
                 action=WSMAN_FAULT, what=f"selectors {selectors}")
    assert_still_serving(ep, f"selectors {selectors}")


def test_max_envelope_size_below_minimum(ep):
    """DSP0226 R6.2-4: MaxEnvelopeSize below 8192 is EncodingLimit + MinimumEnvelopeLimit."""
    small = '<w:MaxEnvelopeSize s:mustUnderstand="true">4096</w:MaxEnvelopeSize>'
    assert_fault(ep, ep.digest.post(envelope(headers=small)), http=400, code=q("s", "Sender"),
                 subcode=q("wsman", "EncodingLimit"), detail="MinimumEnvelopeLimit",
                 action=WSMAN_FAULT, what="MaxEnvelopeSize 4096")
    assert_still_serving(ep, "MaxEnvelopeSize 4096")


def test_unsupported_action(ep):
    """WS-Addressing 2004/08 4.4: ActionNotSupported, the action named in the Detail."""
    action = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Frobnicate"
    fault = assert_fault(ep, ep.digest.post(envelope(action=action)), http=400,
                         code=q("s", "Sender"), subcode=q("wsa", "ActionNotSupported"),
                         detail=None, action=WSA_FAULT, what="unsupported action")
    assert fault.findtext("s:Detail/wsa:Action", "", NS) == action, ep.why("detail action")
    assert_still_serving(ep, "an unsupported action")


@pytest.mark.parametrize("case", [
    # (what, envelope arguments, HTTP, Code, Subcode, FaultDetail, fault action)
    ("no wsa:To", dict(to=False), 400, ("s", "Sender"),
     ("wsa", "MessageInformationHeaderRequired"), None, WSA_FAULT),
    ("ReplyTo not anonymous", dict(reply_to="http://192.0.2.1/elsewhere"), 400,
     ("s", "Sender"), ("wsman", "UnsupportedFeature"), "AddressingMode", WSMAN_FAULT),
    ("OperationTimeout not a duration",
     dict(headers="<w:OperationTimeout>soon</w:OperationTimeout>"), 400, ("s", "Sender"),
     ("wsa", "InvalidMessageInformationHeader"), None, WSA_FAULT),
    ("FragmentTransfer", dict(headers='<w:FragmentTransfer s:mustUnderstand="true">'
                              "Name</w:FragmentTransfer>"), 400, ("s", "Sender"),
     ("wsman", "UnsupportedFeature"), "FragmentLevelAccess", WSMAN_FAULT),
    ("Locale fr-FR must be understood",
     dict(headers='<w:Locale xml:lang="fr-FR" s:mustUnderstand="true"/>'), 400,
     ("s", "Sender"), ("wsman", "UnsupportedFeature"), "Locale", WSMAN_FAULT),
    ("unknown header to be understood",
     dict(headers='<x:Frob xmlns:x="urn:example:frob" s:mustUnderstand="true">1</x:Frob>'),
     500, ("s", "MustUnderstand"), None, None, WSA_FAULT),
    ("SOAP 1.1 envelope", dict(soap_ns="http://schemas.xmlsoap.org/soap/envelope/"), 500,
     ("s", "VersionMismatch"), None, None, WSA_FAULT),
], ids=lambda c: c[0].replace(" ", "-"))
def test_header_faults(ep, case):
    """Addressing and WS-Man header faults on the wire (docs/wsman.md "Header
    blocks understood", DSP0226 Annex A, SOAP 1.2 Part 1 5.4.7/5.4.8)."""
    what, kw, http, code, subcode, detail, action = case
    got = ep.digest.post(envelope(**kw))
    if code[1] == "VersionMismatch":
        # The reply is SOAP 1.2 and names it in s:Upgrade (Part 1 5.4.7).
        assert b"Upgrade" in got[2] and NS["s"].encode() in got[2], ep.why(f"{what}: {got[2]!r}")
    assert_fault(ep, got, http=http, code=q(*code), subcode=q(*subcode) if subcode else None,
                 detail=detail, action=action, what=what)
    if code[1] == "MustUnderstand":
        root, prefixes = parse_reply(got[2])
        nu = root.find("s:Header/s:NotUnderstood", NS)
        assert nu is not None and qname(nu.get("qname", ""), prefixes) == \
            "{urn:example:frob}Frob", ep.why(f"{what}: no s:NotUnderstood naming x:Frob")
    assert_still_serving(ep, what)


def test_console_clean(ep):
    """Nothing above made the firmware assert, fault or run out of memory."""
    bad = [l for l in ep.serial().splitlines()
           if re.search(r"assert|^EXCEPTION|libc exit|panic|out of memory", l, re.I)]
    assert not bad, ep.why(f"the console shows trouble: {bad}")
