# SPDX-License-Identifier: MIT
"""The HTTP/HTTPS server of the management core (docs/http.md), from the
outside: QEMU TCG (`-cpu max`, whose RDRAND the firmware's DRBG needs) with
the e1000 on slirp, ports 5985 and 5986 forwarded to 127.0.0.1 only.

One firmware boot serves the whole module (a fixture that keeps QEMU
running in a thread until the last test is done).  Every socket has a
time-out, every loop a bound, and the emulator a hard limit.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

import emulators
from emulators import Qemu

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
FINGERPRINT = r"^tls: certificate sha256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$"
PASSWORD = r"^auth: user (\S+), generated password (\S+)$"

# mgmt/http/http_server.h
CONN_MAX = 16
IDLE_TIMEOUT_S = 30
HEAD_TIMEOUT_S = 10

# The longest any one test may keep the firmware (the module's hard limit).
MODULE_LIMIT_S = 900 * emulators.TIMEOUT_SCALE
IO_TIMEOUT_S = 20 * emulators.TIMEOUT_SCALE

IDENTIFY = (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
    "<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>")
SOAP = "application/soap+xml;charset=UTF-8"



@dataclass
class Firmware:
    http_port: int
    https_port: int
    run_dir: Path
    fingerprint: str
    user: str
    password: str

    def serial(self) -> str:
        return (self.run_dir / "serial.log").read_text(errors="replace")

    def why(self, what: str) -> str:
        tail = "\n".join("    | " + l for l in self.serial().splitlines()[-15:])
        return f"{what}\n  logs in {self.run_dir}\n  serial.log ends:\n{tail}"


@pytest.fixture(scope="module")
def fw(artifacts, request):
    """The firmware running in QEMU until the module's tests are done."""
    run_dir = emulators.BUILD / "test-runs" / "test_http"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    ports = emulators.free_port(), emulators.free_port()
    # A private copy: QEMU locks its disk, and other tests boot the shared one meanwhile.
    disk = run_dir / "disk.img"
    shutil.copyfile(artifacts.raw(""), disk)
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{ports[0]}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{ports[1]}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_http", request=request,
                               limit_s=MODULE_LIMIT_S) as res:
            fp = res.find(FINGERPRINT)
            pw = res.find(PASSWORD)
            assert fp and pw, res.why("no `tls: certificate sha256 fingerprint` or `auth:` line")
            print(f"{res.emulator}: HTTP up after {res.match_time:.1f}s")
            yield Firmware(ports[0], ports[1], run_dir, fp[0].group(1), pw[0].group(1),
                           pw[0].group(2))
    finally:
        disk.unlink(missing_ok=True)


# --- helpers ----------------------------------------------------------------------

def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S)


class Reader:
    """A socket (plain or TLS) with a buffer: responses may arrive back to back."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def fill(self, what: str) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed {what}: {self.buf[:200]!r}")
        self.buf += chunk

    def response(self, *, head: bool = False) -> tuple[int, dict[str, str], bytes]:
        """One response: (status, headers with lower-case names, body)."""
        while b"\r\n\r\n" not in self.buf:
            assert len(self.buf) < 65536, "endless response head"
            self.fill("before a complete head")
        raw_head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = raw_head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, value = (x.strip() for x in line.split(":", 1))
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        length = 0 if head else int(headers.get("content-length", "0"))
        while len(self.buf) < length:
            self.fill("inside the body")
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body


def read_response(sock, *, head: bool = False) -> tuple[int, dict[str, str], bytes]:
    """One response on a socket where nothing else is expected at the same time."""
    return Reader(sock).response(head=head)


def closed_by_peer(sock, limit_s: float) -> tuple[bool, float]:
    """Wait until the server closes sock: (closed, seconds); data is skipped."""
    start = time.monotonic()
    sock.settimeout(1.0)
    while time.monotonic() - start < limit_s:
        try:
            if sock.recv(4096) == b"":
                return True, time.monotonic() - start
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True, time.monotonic() - start
    return False, time.monotonic() - start


def curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "-m", str(int(IO_TIMEOUT_S)), *args],
                          capture_output=True, text=True, timeout=IO_TIMEOUT_S + 10)


def tls_context(**kw) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        # Python warns about naming TLS 1.0/1.1 at all; offering them is the point here.
        warnings.simplefilter("ignore", DeprecationWarning)
        for k, v in kw.items():
            setattr(ctx, k, v)
    return ctx


# --- plain HTTP -------------------------------------------------------------------

def test_get_root_is_404(fw):
    out = curl("-i", f"http://127.0.0.1:{fw.http_port}/")
    assert out.returncode == 0, fw.why(f"curl failed: {out.stderr}")
    # (text mode: curl's CRLFs arrive as "\n")
    assert out.stdout.startswith("HTTP/1.1 404 Not Found\n"), fw.why(out.stdout)
    assert "Content-Length: 14\n" in out.stdout, fw.why(out.stdout)


def test_wsman_without_credentials_is_401(fw):
    out = curl("-i", "-X", "POST", "-H", f"Content-Type: {SOAP}", "--data-binary", IDENTIFY,
               f"http://127.0.0.1:{fw.http_port}/wsman")
    assert out.stdout.startswith("HTTP/1.1 401 "), fw.why(out.stdout + out.stderr)
    challenges = re.findall(r"^WWW-Authenticate: (\w+) ", out.stdout, re.M)
    assert "Digest" in challenges, fw.why(out.stdout)
    # RFC 7617 / DESIGN.md 6: no Basic over plain HTTP.
    assert "Basic" not in challenges, fw.why(out.stdout)


def test_methods_and_errors(fw):
    cases = [
        (b"GET /wsman HTTP/1.1\r\nHost: h\r\n\r\n", 405, "allow", "POST, OPTIONS"),
        (b"OPTIONS /wsman HTTP/1.1\r\nHost: h\r\n\r\n", 204, "allow", "POST, OPTIONS"),
        (b"DELETE /wsman HTTP/1.1\r\nHost: h\r\n\r\n", 501, None, None),
        (b"GET / HTTP/1.1\r\n\r\n", 400, "connection", "close"),
        (b"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505, "connection", "close"),
        (b"POST /wsman HTTP/1.1\r\nHost: h\r\n\r\n", 411, "connection", "close"),
        (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n", 413,
         "connection", "close"),
        (b"GET /" + b"a" * 300 + b" HTTP/1.1\r\nHost: h\r\n\r\n", 414, "connection", "close"),
        (b"GET / HTTP/1.1\r\nHost: h\r\nX: " + b"x" * 9000 + b"\r\n\r\n", 431, None, None),
        (b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
         400, "connection", "close"),
        (b"POST /wsman HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501, None, None),
    ]
    for raw, status, header, value in cases:
        with connect(fw.http_port) as s:
            s.sendall(raw)
            got, headers, _ = read_response(s)
            assert got == status, fw.why(f"{raw[:60]!r}: status {got}, expected {status}")
            if header:
                assert headers.get(header) == value, fw.why(f"{raw[:60]!r}: {headers}")


def test_chunked_request_reaches_authentication(fw):
    """A chunked body is read whole, then the request is judged (401, connection kept)."""
    body = IDENTIFY.encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 50]), body[i:i + 50])
                      for i in range(0, len(body), 50)) + b"0\r\n\r\n"
    with connect(fw.http_port) as s:
        s.sendall(b"POST /wsman HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                  b"Content-Type: " + SOAP.encode() + b"\r\n\r\n" + chunks)
        status, headers, _ = read_response(s)
        assert status == 401 and "connection" not in headers, fw.why(f"{status} {headers}")
        s.sendall(b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        assert read_response(s)[0] == 404, fw.why("the connection should still serve")


def test_keep_alive_several_requests(fw):
    conn = http.client.HTTPConnection("127.0.0.1", fw.http_port, timeout=IO_TIMEOUT_S)
    conn.auto_open = 0          # a reconnect would hide a closed connection
    conn.connect()
    sock = conn.sock
    try:
        for i in range(10):
            if i % 2:
                conn.request("POST", "/wsman", body=IDENTIFY, headers={"Content-Type": SOAP})
                want = 401
            else:
                conn.request("GET", f"/nothing-{i}")
                want = 404
            resp = conn.getresponse()
            resp.read()
            assert resp.status == want, fw.why(f"request {i}: {resp.status}")
            assert resp.getheader("Connection") is None, fw.why("the server asked to close")
            assert conn.sock is sock, fw.why(f"request {i} went on another connection")
    finally:
        conn.close()


def test_pipelined_requests(fw):
    with connect(fw.http_port) as s:
        s.sendall(b"GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                  b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd"
                  b"GET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        reader = Reader(s)
        seen = [reader.response() for _ in range(3)]
        assert [x[0] for x in seen] == [404, 401, 404], fw.why(f"{[x[0] for x in seen]}")
        assert seen[2][1].get("connection") == "close", fw.why(f"{seen[2][1]}")
        closed, _ = closed_by_peer(s, 10)
        assert closed, fw.why("the server kept the connection after `Connection: close`")


def test_expect_100_continue(fw):
    body = IDENTIFY.encode()
    with connect(fw.http_port) as s:
        s.sendall(b"POST /wsman HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        reader = Reader(s)
        status, _, _ = reader.response(head=True)
        assert status == 100, fw.why(f"expected 100 Continue, got {status}")
        s.sendall(body)
        assert reader.response()[0] == 401, fw.why("no final response after the body")


def test_concurrent_connections(fw):
    """20 clients at once: each is answered or cleanly refused (closed unanswered);
    the 16 of the pool are answered, and the server serves again afterwards."""
    socks, answered, refused = [], 0, 0
    try:
        for _ in range(20):
            socks.append(connect(fw.http_port))
        for s in socks:
            try:
                s.sendall(b"GET /concurrent HTTP/1.1\r\nHost: h\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
        for s in socks:
            try:
                status, _, _ = read_response(s)
                assert status == 404, fw.why(f"status {status}")
                answered += 1
            except (ConnectionError, OSError):
                refused += 1
    finally:
        for s in socks:
            s.close()
    print(f"concurrent: {answered} answered, {refused} refused")
    assert answered + refused == 20
    assert answered >= CONN_MAX, fw.why(f"only {answered} of 20 answered")
    time.sleep(1)
    out = curl("-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{fw.http_port}/")
    assert out.stdout == "404", fw.why(f"no service after the burst: {out.stdout} {out.stderr}")


def test_slowloris_closed(fw):
    """A silent connection is closed at the idle time-out; one trickling its
    head gets 408 at the head time-out.  Both run at once."""
    results: dict[str, object] = {}

    def silent():
        with connect(fw.http_port) as s:
            results["silent"] = closed_by_peer(s, IDLE_TIMEOUT_S + 15)

    def trickle():
        with connect(fw.http_port) as s:
            start = time.monotonic()
            got = b""
            s.settimeout(1.0)
            for b in b"GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: " + b"y" * 100:
                if time.monotonic() - start > HEAD_TIMEOUT_S + 15:
                    break
                try:
                    s.send(bytes([b]))
                    got += s.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    break
                if got:
                    break
            results["trickle"] = (got, time.monotonic() - start)

    threads = [threading.Thread(target=silent), threading.Thread(target=trickle)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(IDLE_TIMEOUT_S + 40)
    closed, seconds = results.get("silent", (False, 0.0))
    print(f"slowloris: silent closed={closed} after {seconds:.1f}s; trickle {results.get('trickle')}")
    assert closed and IDLE_TIMEOUT_S - 2 <= seconds <= IDLE_TIMEOUT_S + 5, \
        fw.why(f"silent connection: closed={closed} after {seconds:.1f}s")
    got, seconds = results.get("trickle", (b"", 0.0))
    assert got.startswith(b"HTTP/1.1 408 "), fw.why(f"trickling head: {got!r} after {seconds:.1f}s")
    assert HEAD_TIMEOUT_S - 2 <= seconds <= HEAD_TIMEOUT_S + 5, fw.why(f"408 after {seconds:.1f}s")


# --- HTTPS --------------------------------------------------------------------------

def test_https_tls12_and_fingerprint(fw):
    with socket.create_connection(("127.0.0.1", fw.https_port), timeout=IO_TIMEOUT_S) as raw:
        with tls_context().wrap_socket(raw) as s:
            assert s.version() == "TLSv1.2", fw.why(f"negotiated {s.version()}")
            suite = s.cipher()[0]
            assert re.fullmatch(r"ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)",
                                suite), fw.why(f"suite {suite}")
            der = s.getpeercert(binary_form=True)
            digest = hashlib.sha256(der).hexdigest().upper()
            text = ":".join(digest[i:i + 2] for i in range(0, 64, 2))
            assert text == fw.fingerprint, fw.why(f"certificate {text} != console {fw.fingerprint}")
            # Requests work inside TLS, keep-alive included; Basic is offered there.
            for _ in range(3):
                s.sendall(b"POST /wsman HTTP/1.1\r\nHost: h\r\nContent-Type: " + SOAP.encode() +
                          b"\r\nContent-Length: %d\r\n\r\n%s" % (len(IDENTIFY), IDENTIFY.encode()))
                status, headers, _ = read_response(s)
                assert status == 401, fw.why(f"status {status}")
            assert "Basic realm=" in headers.get("www-authenticate", ""), fw.why(f"{headers}")


def test_https_certificate_as_openssl_sees_it(fw):
    out = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{fw.https_port}", "-showcerts"],
        input="", capture_output=True, text=True, timeout=IO_TIMEOUT_S + 10)
    assert "Protocol  : TLSv1.2" in out.stdout or "TLSv1.2" in out.stdout, \
        fw.why(out.stdout[-2000:] + out.stderr)
    pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", out.stdout, re.S)
    assert pem, fw.why("no certificate from s_client")
    text = subprocess.run(["openssl", "x509", "-noout", "-text", "-fingerprint", "-sha256"],
                          input=pem.group(0), capture_output=True, text=True, timeout=30).stdout
    for want in ("Subject: CN = vmanhv-525400123456", "Not Before: Jan  1 00:00:00 2026 GMT",
                 "Not After : Jan  1 00:00:00 2046 GMT", "ecdsa-with-SHA256", "CA:FALSE",
                 "Digital Signature", "TLS Web Server Authentication", "IP Address:10.0.2.15",
                 f"sha256 Fingerprint={fw.fingerprint}"):
        assert want in text, fw.why(f"`{want}` not in the certificate:\n{text}")


def test_old_tls_versions_refused(fw):
    for version in (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1):
        ctx = tls_context(minimum_version=version, maximum_version=version)
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")      # let this client really offer them
        with socket.create_connection(("127.0.0.1", fw.https_port), timeout=IO_TIMEOUT_S) as raw:
            with pytest.raises(ssl.SSLError) as err:
                ctx.wrap_socket(raw)
        assert "PROTOCOL_VERSION" in str(err.value) or "VERSION" in str(err.value).upper(), \
            fw.why(f"{version.name}: {err.value}")
    # TLS 1.3 only: mbedTLS 2.28 has none, so no session either.
    ctx = tls_context(minimum_version=ssl.TLSVersion.TLSv1_3)
    with socket.create_connection(("127.0.0.1", fw.https_port), timeout=IO_TIMEOUT_S) as raw:
        with pytest.raises(ssl.SSLError):
            ctx.wrap_socket(raw)


def test_old_tls_refused_on_the_wire(fw):
    """A TLS 1.1 ClientHello built by hand (no client library's policy in the
    way) gets a protocol_version alert (RFC 5246 7.2.2, alert 70)."""
    extensions = (b"\x00\x0a\x00\x04\x00\x02\x00\x17" +     # supported_groups: P-256
                  b"\x00\x0b\x00\x02\x01\x00")                 # ec_point_formats: uncompressed
    hello = (b"\x03\x02" + os.urandom(32) + b"\x00" +          # TLS 1.1, random, no session
             b"\x00\x04\xc0\x09\xc0\x0a" + b"\x01\x00" +       # ECDHE-ECDSA-AES-CBC-SHA; null
             len(extensions).to_bytes(2, "big") + extensions)
    body = b"\x01" + len(hello).to_bytes(3, "big") + hello
    record = b"\x16\x03\x02" + len(body).to_bytes(2, "big") + body
    with connect(fw.https_port) as s:
        s.sendall(record)
        got = b""
        while len(got) < 7:
            chunk = s.recv(64)
            if not chunk:
                break
            got += chunk
    assert got[:1] == b"\x15" and got[5:7] == b"\x02\x46", \
        fw.why(f"expected a fatal protocol_version alert, got {got!r}")


# --- with authentication and the WS-Man endpoint --------------------------------------

def test_anonymous_identify(fw):
    """MS-WSMV 3.1.4.1.23: `WSMANIDENTIFY: unauthenticated` reaches Identify unauthenticated."""
    out = curl("-i", "-X", "POST", "-H", f"Content-Type: {SOAP}",
               "-H", "WSMANIDENTIFY: unauthenticated", "--data-binary", IDENTIFY,
               f"http://127.0.0.1:{fw.http_port}/wsman")
    assert out.stdout.startswith("HTTP/1.1 200 "), fw.why(out.stdout + out.stderr)
    assert "IdentifyResponse" in out.stdout, fw.why(out.stdout)


def test_digest_identify_http_and_basic_https(fw):
    out = curl("-i", "--digest", "-u", f"{fw.user}:{fw.password}", "-X", "POST",
               "-H", f"Content-Type: {SOAP}", "--data-binary", IDENTIFY,
               f"http://127.0.0.1:{fw.http_port}/wsman")
    final = out.stdout.split("HTTP/1.1 ")[-1]
    assert final.startswith("200 "), fw.why(out.stdout + out.stderr)
    assert "IdentifyResponse" in final, fw.why(out.stdout)
    out = curl("-i", "-k", "--basic", "-u", f"{fw.user}:{fw.password}", "-X", "POST",
               "-H", f"Content-Type: {SOAP}", "--data-binary", IDENTIFY,
               f"https://127.0.0.1:{fw.https_port}/wsman")
    assert out.stdout.startswith("HTTP/1.1 200 "), fw.why(out.stdout + out.stderr)
    out = curl("-i", "-u", f"{fw.user}:{fw.password}", "--basic", "-X", "POST",
               "--data-binary", IDENTIFY, f"http://127.0.0.1:{fw.http_port}/wsman")
    assert out.stdout.startswith("HTTP/1.1 401 "), fw.why("Basic must not work without TLS")


# --- the console after all of the above; a CPU without RDRAND ---------------------------

def test_console_clean(fw):
    """Nothing above made the firmware assert, fault or exit."""
    bad = [l for l in fw.serial().splitlines()
           if re.search(r"assertion|^EXCEPTION|libc exit|^tls: no|^http: could not", l)]
    assert not bad, fw.why(f"the console shows trouble: {bad}")


def test_no_hardware_entropy_says_why(artifacts, boot):
    """qemu64 has no RDRAND/RDSEED: the endpoint stays off and the console says why."""
    res = boot(Qemu(disk=artifacts.raw(""), cpus=1, cpu="qemu64", nic="user,model=e1000"),
               until=r"^(rng|http): ", timeout=90, linger=1)
    assert res.find(r"^rng: the CPU gives no entropy \(no working RDSEED or RDRAND; "
                    r"QEMU needs -cpu max\): management endpoint off$"), \
        res.why("expected the `rng: ...` line")
    assert not res.find(r"^http: listening"), res.why("nothing may listen without entropy")
