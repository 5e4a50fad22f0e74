# SPDX-License-Identifier: MIT
"""The first CIM operations against the firmware in QEMU: Dell's `wsl enum`
and `wsl get` for the host CIM_ComputerSystem (over HTTPS, Basic), and a raw
Enumerate + Pull with curl over HTTP Digest.  The boot follows test_wsl.py:
QEMU TCG `-cpu max`, slirp with 5985 and 5986 forwarded to free 127.0.0.1
ports, `user=vmanhv password=<random>` on the command line.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import emulators
from emulators import Qemu
from test_wsl import HTTP_UP, USER, WSL_TIMEOUT_S, MODULE_LIMIT_S

CS_URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ComputerSystem"
CURL_TIMEOUT_S = 60 * emulators.TIMEOUT_SCALE


@pytest.fixture(scope="module")
def endpoint(artifacts, request):
    """(http port, https port, password, run dir) with the firmware running in QEMU."""
    password = secrets.token_urlsafe(18)
    run_dir = emulators.BUILD / "test-runs" / "test_wsman_ops"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    http_port, https_port = emulators.free_port(), emulators.free_port()
    disk = emulators.stamp_image(artifacts.raw(""), f"user={USER} password={password}",
                                 run_dir / "disk.img")
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985,"
                    f"hostfwd=tcp:127.0.0.1:{https_port}-:5986")
    try:
        with emulators.running(qemu, run_dir, until=HTTP_UP, name="test_wsman_ops",
                               request=request, limit_s=MODULE_LIMIT_S):
            yield http_port, https_port, password, run_dir
    finally:
        disk.unlink(missing_ok=True)


def wsl(run_dir: Path, name: str, port: int, password: str, *args: str):
    """`wsl ARGS...` in a folder of its own: (process, every response, log)."""
    where = run_dir / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(where), "LANG": "C",
        "WSENDPOINT": f"127.0.0.1:{port}", "WSUSER": USER, "WSPASS": password,
        "WSAUTOMATED": "1", "KEEPHISTORY": "0", "OUTLEVEL": "3",
        "WGETTIMEOUTSECS": "20", "WGETTRYNUM": "1",
    }
    proc = subprocess.run(["wsl", *args], cwd=where, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=WSL_TIMEOUT_S)
    responses = "".join(p.read_text(errors="replace")
                        for p in sorted(where.glob("response-*.xml")))
    log = (where / "log.txt").read_text(errors="replace") if (where / "log.txt").exists() else ""
    return proc, responses, log


def assert_host_instance(xml: str, why: str) -> None:
    for prop, value in (("CreationClassName", "CIM_ComputerSystem"), ("Name", "vmanhv"),
                        ("EnabledState", "2"), ("RequestedState", "12")):
        assert re.search(rf"<(\w+:)?{prop}>{value}</(\w+:)?{prop}>", xml), \
            f"no {prop}={value}\n{why}\n{xml[-2000:]}"


def test_wsl_enum(endpoint):
    """`wsl enum CIM_ComputerSystem`: Enumerate, Pull to EndOfSequence."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "enum", port, password, "enum", "CIM_ComputerSystem")
    assert_host_instance(xml, f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}")
    assert "EndOfSequence" in xml
    assert "Fault" not in xml, xml[-2000:]


def test_wsl_enum_optimized_epr(endpoint):
    """`wsl enum CIM_ComputerSystem -mode epr -opti 5`: an EPR with the keys."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "enum-epr", port, password, "enum", "CIM_ComputerSystem",
                         "-mode", "epr", "-opti", "5")
    assert re.search(r'Selector Name="Name">vmanhv<', xml), \
        f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}\n{xml[-2000:]}"
    assert "Fault" not in xml, xml[-2000:]


def test_wsl_get(endpoint):
    """`wsl get CIM_ComputerSystem CreationClassName=CIM_ComputerSystem Name=vmanhv`."""
    _, port, password, run_dir = endpoint
    proc, xml, log = wsl(run_dir, "get", port, password, "get", "CIM_ComputerSystem",
                         "CreationClassName=CIM_ComputerSystem", "Name=vmanhv")
    assert_host_instance(xml, f"stdout: {proc.stdout[-1500:]}\nlog: {log[-1500:]}")
    assert "GetResponse" in xml


def envelope(action: str, body: str) -> str:
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
        'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" '
        'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header>'
        '<a:To>http://127.0.0.1/wsman</a:To>'
        f'<w:ResourceURI>{CS_URI}</w:ResourceURI>'
        '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'
        '</a:Address></a:ReplyTo>'
        f'<a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/{action}</a:Action>'
        f'<a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>'
        f'</s:Header><s:Body>{body}</s:Body></s:Envelope>')


def post_digest(port: int, password: str, xml: str) -> tuple[int, str]:
    proc = subprocess.run(
        ["curl", "-sS", "--digest", "-u", f"{USER}:{password}", "-o", "-",
         "-w", "\n%{http_code}", "-H", "Content-Type: application/soap+xml;charset=UTF-8",
         "--data-binary", "@-", f"http://127.0.0.1:{port}/wsman"],
        input=xml, capture_output=True, text=True, timeout=CURL_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr
    body, _, code = proc.stdout.rpartition("\n")
    return int(code), body


def test_raw_enumerate_pull_digest(endpoint):
    """Enumerate, then Pull with its context over HTTP Digest; then the context is gone."""
    port, _, password, _ = endpoint
    code, xml = post_digest(port, password, envelope("Enumerate", "<n:Enumerate/>"))
    assert code == 200, xml
    m = re.search(r"<(?:\w+:)?EnumerationContext>([^<]+)<", xml)
    assert m, xml
    ctx = m.group(1)
    pull = f"<n:Pull><n:EnumerationContext>{ctx}</n:EnumerationContext>" \
           "<n:MaxElements>10</n:MaxElements></n:Pull>"
    code, xml = post_digest(port, password, envelope("Pull", pull))
    assert code == 200, xml
    assert_host_instance(xml, "raw Pull")
    assert "EndOfSequence" in xml
    code, xml = post_digest(port, password, envelope("Pull", pull))
    assert code >= 400 and "InvalidEnumerationContext" in xml, xml
