# SPDX-License-Identifier: MIT
"""The management network (docs/network.md): PCI enumeration, the e1000
driver, lwIP's DHCP client and a static address answering pings.

The lines matched here are those of docs/console.md.  Every run is bounded
by the runner's hard time-out; the ping test's traffic never leaves a
network namespace of its own, which it always removes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

from emulators import Bochs, Qemu, QEMU_EXIT_STATUS, Result

PCI_E1000 = r"^pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 8086:100e class 02\.00$"
NET_UP = (r"^net: e1000 (?P<mac>[0-9a-f]{2}(?::[0-9a-f]{2}){5}) up, "
          r"(?P<addr>[0-9.]+)/(?P<prefix>\d+) gw (?P<gw>[0-9.]+|none) \((?P<how>dhcp|static)\)$")
READY = r"^boot: ready \(reset to ready \d+ us\)$"
QEMU_MAC = "52:54:00:12:34:56"

# The slirp network of QEMU and of Bochs: the first lease and the gateway.
SLIRP_LEASE = ("10.0.2.15", "24", "10.0.2.2")

# The ping test's private link: the tap's end in the namespace, the firmware.
NS_HOST_ADDR = "192.168.77.1"
NS_FIRMWARE_ADDR = "192.168.77.2"
PINGS = 5


def assert_net_up(res: Result, addr: str, prefix: str, gw: str, how: str) -> None:
    """The e1000 was found, the address is the expected one, and it came after `boot: ready`."""
    assert res.find(PCI_E1000), res.why("no `pci: ... 8086:100e class 02.00` line for the e1000")
    assert not res.find(r"^EXCEPTION "), res.why("a CPU exception")
    up = res.find(NET_UP)
    assert up, res.why("no `net: e1000 ... up, ADDR/PREFIX gw GW (dhcp|static)` line")
    assert len(up) == 1, res.why(f"expected one `net: ... up` line, saw {len(up)}")
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


def test_ping_static_qemu_tap(artifacts, boot, tap_netns):
    """QEMU TCG on a tap inside a namespace, `ip=192.168.77.2/24`: the firmware
    answers every one of a bounded number of pings."""
    ns, tap = tap_netns
    replies: dict[str, object] = {}

    def ping_firmware(res: Result) -> None:
        start = time.monotonic()
        # -W 2: wait 2 s for each reply; -w bounds the whole run as well.
        out = subprocess.run(["ip", "netns", "exec", ns, "ping", "-n", "-c", str(PINGS),
                              "-i", "0.2", "-W", "2", "-w", "20", NS_FIRMWARE_ADDR],
                             capture_output=True, text=True, timeout=40)
        replies.update(output=out.stdout + out.stderr, seconds=time.monotonic() - start)

    qemu = Qemu(disk=artifacts.raw(f"ip={NS_FIRMWARE_ADDR}/24"), cpus=2, netns=ns,
                nic=f"tap,model=e1000,ifname={tap},script=no,downscript=no")
    res = boot(qemu, until=NET_UP, timeout=90, while_running=ping_firmware)
    assert_net_up(res, NS_FIRMWARE_ADDR, "24", "none", how="static")
    out = str(replies.get("output", ""))
    m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
    assert m, res.why(f"ping printed no summary:\n{out}")
    sent, got = int(m.group(1)), int(m.group(2))
    print(f"ping: {got}/{sent} replies in {replies['seconds']:.1f}s")
    assert sent == PINGS and got == PINGS, res.why(f"{got} of {sent} pings answered:\n{out}")


# --- (c) DHCP from Bochs's slirp ------------------------------------------------------

def test_dhcp_bochs_slirp(artifacts, boot):
    """Bochs with its e1000 plugin on `ethmod=slirp`: the same lease from Bochs's own DHCP."""
    res = boot(Bochs(artifacts.raw("exit=net"), cpus=1, nic="ethmod=slirp"),
               until=NET_UP, timeout=180)
    assert_net_up(res, *SLIRP_LEASE, how="dhcp")
    assert res.exited, res.why("`exit=net` should end Bochs once the address is known")
