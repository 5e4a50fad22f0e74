# SPDX-License-Identifier: MIT
"""The management network (docs/network.md): PCI enumeration, the e1000 and
virtio-net drivers, lwIP's DHCP client, a static address answering pings,
and the WS-Man endpoint reached through a virtio-net NIC.

The lines matched here are those of docs/console.md.  Every run is bounded
by the runner's hard time-out; the ping test's traffic never leaves a
network namespace of its own, which it always removes.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import time

import pytest

import emulators
from emulators import Bochs, Qemu, QEMU_EXIT_STATUS, Result

PCI_E1000 = r"^pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 8086:100e class 02\.00$"
# virtio 1.2 4.1.2.1: a modern-only network device is 1af4:1041, a transitional one 1af4:1000.
PCI_VIRTIO_NET = r"^pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 1af4:1041 class 02\.00$"
PCI_VIRTIO_NET_TRANSITIONAL = r"^pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 1af4:1000 class 02\.00$"
PCI_LINE = {"e1000": PCI_E1000, "virtio-net": PCI_VIRTIO_NET}
NET_UP = (r"^net: (?P<nic>e1000|virtio-net) (?P<mac>[0-9a-f]{2}(?::[0-9a-f]{2}){5}) up, "
          r"(?P<addr>[0-9.]+)/(?P<prefix>\d+) gw (?P<gw>[0-9.]+|none) \((?P<how>dhcp|static)\)$")
READY = r"^boot: ready \(reset to ready \d+ us\)$"
QEMU_MAC = "52:54:00:12:34:56"

# The slirp network of QEMU and of Bochs: the first lease and the gateway.
SLIRP_LEASE = ("10.0.2.15", "24", "10.0.2.2")

# The ping test's private link: the tap's end in the namespace, the firmware.
NS_HOST_ADDR = "192.168.77.1"
NS_FIRMWARE_ADDR = "192.168.77.2"
PINGS = 5


def assert_net_up(res: Result, addr: str, prefix: str, gw: str, how: str,
                  nic: str = "e1000", pci: str | None = None) -> None:
    """The NIC was found (its `pci:` line: `pci`, or the usual one for `nic`) and
    is the one in use, the address is the expected one, and it came after `boot: ready`."""
    assert res.find(pci or PCI_LINE[nic]), res.why(f"no `pci:` line for the {nic}")
    assert not res.find(r"^EXCEPTION "), res.why("a CPU exception")
    up = res.find(NET_UP)
    assert up, res.why(f"no `net: {nic} ... up, ADDR/PREFIX gw GW (dhcp|static)` line")
    assert len(up) == 1, res.why(f"expected one `net: ... up` line, saw {len(up)}")
    assert up[0].group("nic") == nic, res.why(f"the address is on the {up[0].group('nic')}, "
                                              f"expected the {nic}")
    seen = up[0].group("addr", "prefix", "gw", "how")
    assert seen == (addr, prefix, gw, how), \
        res.why(f"address {seen}, expected {(addr, prefix, gw, how)}")
    assert up[0].group("mac") == QEMU_MAC, res.why(f"MAC {up[0].group('mac')}, expected {QEMU_MAC}")
    assert res.index(READY) < res.index(NET_UP), res.why("the network must start after `boot: ready`")


# --- (a) DHCP from QEMU's slirp -------------------------------------------------

def test_dhcp_qemu_slirp(artifacts, boot):
    """QEMU TCG, -nic user,model=e1000: lwIP's DHCP client gets slirp's first lease;
    `exit=net` ends QEMU once the address is known."""
    res = boot(Qemu(disk=artifacts.raw("exit=net"), cpus=2, nic="user,model=e1000"),
               until=NET_UP, timeout=90)
    assert_net_up(res, *SLIRP_LEASE, how="dhcp")
    assert res.exited and res.returncode == QEMU_EXIT_STATUS, res.why(
        f"`exit=net` should end QEMU with status {QEMU_EXIT_STATUS} once the address is known")


def test_no_nic_qemu(artifacts, boot):
    """Without a NIC the firmware says so and goes on (`exit=net` exits at once)."""
    res = boot(Qemu(disk=artifacts.raw("exit=net"), cpus=1), until=r"^net: ", timeout=60)
    assert res.find(r"^net: no supported network interface: management network off$"), \
        res.why("expected `net: no supported network interface: management network off`")
    assert res.exited and res.returncode == QEMU_EXIT_STATUS, res.why("`exit=net` should still end QEMU")


# --- (b) a static address answering ICMP echo on a tap, inside a namespace -----------

def _ip(*args: str, netns: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    cmd = (["ip", "netns", "exec", netns] if netns else []) + ["ip", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=check)


def _netns_unusable_reason() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create a network namespace and a tap device"
    for tool in ("ip", "ping"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (tools/setup.sh test installs iproute2, iputils-ping)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun: tap devices are unavailable"
    return None


@pytest.fixture
def tap_netns():
    """A network namespace holding a tap with NS_HOST_ADDR/24: (namespace, tap).
    Both are removed afterwards, whatever happened."""
    why = _netns_unusable_reason()
    if why:
        pytest.skip(why)
    ns = f"vmanhv-test-{os.getpid()}"
    tap = f"vmtap{os.getpid() % 100000}"      # interface names: 15 characters at most
    try:
        made = _ip("netns", "add", ns, check=False)
        if made.returncode != 0:
            pytest.skip(f"`ip netns add` is not possible here: {made.stderr.strip()}")
        _ip("tuntap", "add", "dev", tap, "mode", "tap")
        _ip("link", "set", tap, "netns", ns)
        _ip("addr", "add", f"{NS_HOST_ADDR}/24", "dev", tap, netns=ns)
        _ip("link", "set", tap, "up", netns=ns)
        _ip("link", "set", "lo", "up", netns=ns)
        yield ns, tap
    finally:
        _ip("link", "del", tap, netns=ns, check=False)
        _ip("link", "del", tap, check=False)      # if the move into the namespace failed
        _ip("netns", "del", ns, check=False)


def ping_static_on_tap(artifacts, boot, ns: str, qemu_net: dict, nic: str) -> None:
    """Boot with `ip=192.168.77.2/24` on the namespace's tap (QEMU options
    `qemu_net`) and check that every one of a bounded number of pings is answered."""
    replies: dict[str, object] = {}

    def ping_firmware(res: Result) -> None:
        start = time.monotonic()
        # -W 2: wait 2 s for each reply; -w bounds the whole run as well.
        out = subprocess.run(["ip", "netns", "exec", ns, "ping", "-n", "-c", str(PINGS),
                              "-i", "0.2", "-W", "2", "-w", "20", NS_FIRMWARE_ADDR],
                             capture_output=True, text=True, timeout=40)
        replies.update(output=out.stdout + out.stderr, seconds=time.monotonic() - start)

    qemu = Qemu(disk=artifacts.raw(f"ip={NS_FIRMWARE_ADDR}/24"), cpus=2, netns=ns, **qemu_net)
    res = boot(qemu, until=NET_UP, timeout=90, while_running=ping_firmware)
    assert_net_up(res, NS_FIRMWARE_ADDR, "24", "none", how="static", nic=nic)
    out = str(replies.get("output", ""))
    m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
    assert m, res.why(f"ping printed no summary:\n{out}")
    sent, got = int(m.group(1)), int(m.group(2))
    print(f"ping: {got}/{sent} replies in {replies['seconds']:.1f}s")
    assert sent == PINGS and got == PINGS, res.why(f"{got} of {sent} pings answered:\n{out}")


def test_ping_static_qemu_tap(artifacts, boot, tap_netns):
    """QEMU TCG with an e1000 on a tap inside a namespace, `ip=192.168.77.2/24`:
    the firmware answers every one of a bounded number of pings."""
    ns, tap = tap_netns
    ping_static_on_tap(artifacts, boot, ns, {
        "nic": f"tap,model=e1000,ifname={tap},script=no,downscript=no"}, nic="e1000")


# --- (c) DHCP from Bochs's slirp ------------------------------------------------------

def test_dhcp_bochs_slirp(artifacts, boot):
    """Bochs with its e1000 plugin on `ethmod=slirp`: the same lease from Bochs's own DHCP."""
    res = boot(Bochs(artifacts.raw("exit=net"), cpus=1, nic="ethmod=slirp"),
               until=NET_UP, timeout=180)
    assert_net_up(res, *SLIRP_LEASE, how="dhcp")
    assert res.exited, res.why("`exit=net` should end Bochs once the address is known")


# --- (d) virtio-net: the modern (virtio 1.x) PCI interface only ------------------------

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
IDENTIFY = (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
    "<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>")
IO_TIMEOUT_S = 20 * emulators.TIMEOUT_SCALE


def virtio_net_only(backend: str, *, mac: str | None = None, modern: bool = True) -> dict:
    """Qemu() options for one virtio-net-pci on `backend` (a -netdev) and no other NIC.
    modern=False gives the legacy-only (virtio 0.9.5) device the driver must refuse."""
    mode = "disable-legacy=on" if modern else "disable-modern=on"
    device = f"virtio-net-pci,{mode},netdev=vn0" + (f",mac={mac}" if mac else "")
    return {"nic": None, "extra": ["-netdev", f"{backend},id=vn0", "-device", device]}


def anonymous_identify(port: int) -> tuple[int, str]:
    """MS-WSMV 3.1.4.1.23: an Identify with `WSMANIDENTIFY: unauthenticated`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT_S)
    try:
        conn.request("POST", "/wsman", body=IDENTIFY.encode(), headers={
            "Content-Type": "application/soap+xml;charset=UTF-8",
            "WSMANIDENTIFY": "unauthenticated"})
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_virtio_net_dhcp_and_identify_qemu_slirp(artifacts, boot):
    """QEMU TCG (`-cpu max`: RDRAND for the DRBG) with only a modern virtio-net-pci
    on slirp: the console names the virtio NIC and its MAC, DHCP gives slirp's
    lease, and the WS-Man endpoint answers an anonymous Identify on the forwarded port."""
    port = emulators.free_port()
    answer: dict[str, object] = {}

    def identify(res: Result) -> None:
        try:
            answer["status"], answer["body"] = anonymous_identify(port)
        except OSError as e:
            answer["error"] = repr(e)

    qemu = Qemu(disk=artifacts.raw(""), cpus=2, cpu="max", **virtio_net_only(
        f"user,hostfwd=tcp:127.0.0.1:{port}-:5985"))
    res = boot(qemu, until=HTTP_UP, timeout=120, while_running=identify)
    assert res.matched, res.why("the endpoint never said `http: listening on 5985 ...`")
    assert not res.find(PCI_E1000), res.why("an e1000 is present: this run must have virtio-net only")
    assert_net_up(res, *SLIRP_LEASE, how="dhcp", nic="virtio-net")
    assert "error" not in answer, res.why(f"Identify over the virtio NIC failed: {answer['error']}")
    assert answer["status"] == 200, res.why(f"Identify: HTTP {answer['status']}\n{answer['body']}")
    assert "IdentifyResponse" in str(answer["body"]), res.why(f"no IdentifyResponse:\n{answer['body']}")


def test_virtio_net_transitional_dhcp_qemu_slirp(artifacts, boot):
    """`-nic user,model=virtio`, QEMU's default virtio-net-pci: transitional
    (1af4:1000, both interfaces); the driver takes it through the modern one."""
    res = boot(Qemu(disk=artifacts.raw("exit=net"), cpus=1, nic="user,model=virtio"),
               until=NET_UP, timeout=90)
    assert_net_up(res, *SLIRP_LEASE, how="dhcp", nic="virtio-net",
                  pci=PCI_VIRTIO_NET_TRANSITIONAL)
    assert res.exited and res.returncode == QEMU_EXIT_STATUS, res.why("`exit=net` should end QEMU")


def test_virtio_net_ping_static_qemu_tap(artifacts, boot, tap_netns):
    """The tap test of the e1000, on a modern-only virtio-net-pci."""
    ns, tap = tap_netns
    ping_static_on_tap(artifacts, boot, ns, virtio_net_only(
        f"tap,ifname={tap},script=no,downscript=no"), nic="virtio-net")


def test_virtio_net_legacy_only_skipped_qemu(artifacts, boot):
    """A legacy-only virtio-net (no virtio 1.x interface, so nothing to negotiate
    VIRTIO_F_VERSION_1 on) comes first in PCI order: it is reported and skipped,
    without a hang, and the e1000 after it gets the address."""
    opts = virtio_net_only("user", mac="52:54:00:12:34:58", modern=False)
    opts["extra"] += ["-netdev", "user,id=e0", "-device", f"e1000,netdev=e0,mac={QEMU_MAC}"]
    res = boot(Qemu(disk=artifacts.raw("exit=net"), cpus=1, **opts), until=NET_UP, timeout=90)
    skipped = res.find(r"^net: virtio-net \(transitional\) at [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] "
                       r"failed to start \(-19\): no virtio 1\.x capabilities \(a legacy-only "
                       r"device\); skipped$")
    assert skipped, res.why("the legacy-only virtio-net was not reported as skipped")
    assert res.index(r"^net: virtio-net .* skipped$") < res.index(NET_UP), \
        res.why("the skipped device must be reported before the e1000 comes up")
    assert_net_up(res, *SLIRP_LEASE, how="dhcp", nic="e1000")
    assert res.exited and res.returncode == QEMU_EXIT_STATUS, res.why("`exit=net` should end QEMU")
