# SPDX-License-Identifier: MIT
"""The hosted management core (docs/bench.md): build/hosted/vmanhv-mgmt, the
ASan/UBSan build of mgmt/ on a POSIX socket, started on a free loopback port
with 25 instances of the benchmark class.  Identify, Get and Enumerate/Pull
over HTTP with Digest, keep-alive, and a clean exit (no sanitizer report, no
leak) on SIGTERM.  No emulator: this proves the hosted build serves what the
firmware serves, which is what makes its benchmarks meaningful."""

from __future__ import annotations

import secrets
import select
import signal
import subprocess
import time

import pytest

import emulators
from wsman_client import (CIM_PREFIX, IDENTIFY, NS, WsmanClient, enumerate_envelope,
                          get_envelope, pull_envelope)

BINARY = emulators.BUILD / "hosted" / "vmanhv-mgmt"
USER = "tester"
INSTANCES = 25
BENCH_URI = CIM_PREFIX + "VMANHV_BenchmarkElement"
CS_URI = CIM_PREFIX + "CIM_ComputerSystem"
START_TIMEOUT_S = 20 * emulators.TIMEOUT_SCALE
IO_TIMEOUT_S = 20 * emulators.TIMEOUT_SCALE


@pytest.fixture(scope="module")
def server():
    """(port, password) of a running vmanhv-mgmt; its exit is checked afterwards."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: `make hosted` builds it", pytrace=False)
    password = secrets.token_urlsafe(12)
    proc = subprocess.Popen([str(BINARY), "--port", "0", "--user", USER, "--password", password,
                             "--instances", str(INSTANCES)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT_S)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("hosted: listening on 127.0.0.1:"), \
            f"no listening line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        port = int(line.split(":")[2].split()[0])
        yield port, password
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=IO_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    # After the tests: ASan's leak check and UBSan run at exit.
    assert proc.returncode == 0, f"vmanhv-mgmt exited with {proc.returncode}:\n{err[-4000:]}"
    assert "Sanitizer" not in err and "runtime error" not in err, err[-4000:]
    assert "hosted: stopped after" in out, out


@pytest.fixture
def client(server):
    port, password = server
    c = WsmanClient("127.0.0.1", port, USER, password, timeout=IO_TIMEOUT_S)
    yield c
    c.close()


def text(reply, path: str) -> str | None:
    e = reply.find(path)
    return None if e is None else e.text


def test_identify_unauthenticated(client):
    r = client.post(IDENTIFY, anonymous=True)
    assert r.status == 200, r
    resp = "s:Body/wsmid:IdentifyResponse/wsmid:"
    assert text(r, resp + "ProductVendor") == "vmanhv", r
    assert text(r, resp + "ProtocolVersion") == NS["wsman"], r
    profiles = [e.text for e in r.xml.iterfind(
        resp + "SecurityProfiles/wsmid:SecurityProfileName", NS)]
    assert any(p.endswith("/http/digest") for p in profiles), r


def test_get_needs_credentials(server):
    port, _ = server
    c = WsmanClient("127.0.0.1", port, USER, "wrong password", timeout=IO_TIMEOUT_S)
    try:
        r = c.post(get_envelope(CS_URI, {"CreationClassName": "CIM_ComputerSystem",
                                         "Name": "vmanhv"}))
    finally:
        c.close()
    assert r.status == 401, r
    assert any(v.startswith("Digest") for v in r.headers.get_all("WWW-Authenticate")), r


def test_get_host_system(client):
    r = client.post(get_envelope(CS_URI, {"CreationClassName": "CIM_ComputerSystem",
                                          "Name": "vmanhv"}))
    assert r.status == 200, r
    inst = r.find("s:Body/{%s}CIM_ComputerSystem" % CS_URI)
    assert inst is not None, r
    got = {child.tag.split("}")[1]: child.text for child in inst}
    assert got["Name"] == "vmanhv" and got["CreationClassName"] == "CIM_ComputerSystem", got
    assert got["EnabledState"] == "2", got


def test_get_benchmark_instance_and_a_missing_one(client):
    r = client.post(get_envelope(BENCH_URI, {"InstanceID": "vmanhv:bench:7"}))
    assert r.status == 200, r
    assert text(r, "s:Body/{%s}VMANHV_BenchmarkElement/{%s}ElementName"
                % (BENCH_URI, BENCH_URI)) == "bench element 7", r
    r = client.post(get_envelope(BENCH_URI, {"InstanceID": f"vmanhv:bench:{INSTANCES}"}))
    assert r.status == 400, r
    assert text(r, "s:Body/s:Fault/s:Code/s:Subcode/s:Value").endswith(
        ":DestinationUnreachable"), r


def ids(items) -> list[str]:
    return [e.text for e in items.iterfind(
        "{%s}VMANHV_BenchmarkElement/{%s}InstanceID" % (BENCH_URI, BENCH_URI))]


def test_enumerate_and_pull_every_instance(client):
    """Optimized Enumerate of 10, Pulls of 10: all 25 in order, one EndOfSequence."""
    r = client.post(enumerate_envelope(BENCH_URI, optimize=True, max_elements=10))
    assert r.status == 200, r
    er = r.find("s:Body/wsen:EnumerateResponse")
    seen = ids(er.find("wsman:Items", NS))
    assert er.find("wsman:EndOfSequence", NS) is None, r
    context = er.find("wsen:EnumerationContext", NS).text
    pulls = 0
    while True:
        r = client.post(pull_envelope(BENCH_URI, context, 10))
        assert r.status == 200, r
        pr = r.find("s:Body/wsen:PullResponse")
        seen += ids(pr.find("wsen:Items", NS))
        pulls += 1
        if pr.find("wsen:EndOfSequence", NS) is not None:
            assert pr.find("wsen:EnumerationContext", NS) is None, r
            break
        context = pr.find("wsen:EnumerationContext", NS).text
        assert pulls < 5, "no EndOfSequence after 5 pulls"
    assert seen == [f"vmanhv:bench:{i}" for i in range(INSTANCES)], seen
    assert pulls == 2
    # The context ended with the sequence.
    r = client.post(pull_envelope(BENCH_URI, context, 10))
    assert text(r, "s:Body/s:Fault/s:Code/s:Subcode/s:Value").endswith(
        ":InvalidEnumerationContext"), r


def test_keep_alive(client):
    """Fifty requests, Identify and Get alternating, on one TCP connection."""
    client.post(IDENTIFY, anonymous=True)
    sock = client.conn.sock
    for i in range(50):
        if i % 2:
            r = client.post(get_envelope(CS_URI, {"CreationClassName": "CIM_ComputerSystem",
                                                  "Name": "vmanhv"}))
        else:
            r = client.post(IDENTIFY, anonymous=True)
        assert r.status == 200, (i, r)
        assert client.conn.sock is sock, f"reconnected at request {i}"
    assert r.headers.get("Connection") is None, "a kept-alive 1.1 reply needs no Connection"
