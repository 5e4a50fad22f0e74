# SPDX-License-Identifier: MIT
"""An unmodified Debian kernel under vmanhv in Bochs (issue 4; docs/linux-guest.md).

The image is `make linux-guest`'s: build/vmanhv.img with the kernel that
linux-image-amd64 points to and an initramfs of busybox-static, the kernel's
own virtio/evdev/button modules and tests/linux/init in its datastore.  The
firmware boots it with `guest=vmlinuz:2` on 2 vCPUs.  Its init loads the
modules, reads /dev/hwrng through the virtio entropy device (virtio-mmio,
found through the DSDT), prints its markers on the UART and powers off
through ACPI (S5), after which the VM stops with that reason.  `make bench`
boots the same image for its exit counts.

This is the slowest test of `make check`: Bochs emulates every instruction of
the kernel's XZ decompression (about 3.7 G) and of its boot.  Its time-out is
generous but hard.
"""

from __future__ import annotations

import re

import pytest

import emulators
from emulators import Bochs

LINUX_IMAGE = emulators.BUILD / "linux" / "vmanhv-linux.img"
LINUX_TIMEOUT_S = 1500
STOPPED = r"^vm vmlinuz stopped: (.*)$"
EXITS = r"^vm vmlinuz exits: (\d+) \((.*)\)$"
KERNEL_CMDLINE = emulators.LINUX_KERNEL_CMDLINE
FIRMWARE_CMDLINE = emulators.LINUX_FIRMWARE_CMDLINE
OVERHEAD = r"^vm vmlinuz overhead: (\d+) bytes beyond its RAM"


@pytest.fixture(scope="module")
def linux_image():
    if not LINUX_IMAGE.exists():
        pytest.fail(f"missing {LINUX_IMAGE}: `make integration` builds it (make linux-guest)",
                    pytrace=False)
    return LINUX_IMAGE


def test_debian_kernel_boots_and_powers_off_bochs(linux_image, boot, run_dir):
    disk = emulators.stamp_image(linux_image, f"{FIRMWARE_CMDLINE} -- {KERNEL_CMDLINE}",
                                 run_dir / "disk.img")
    res = boot(Bochs(disk, cpus=2), until=STOPPED, timeout=LINUX_TIMEOUT_S, linger=2)
    stopped = res.find(STOPPED)
    assert stopped, res.why("the Linux VM never stopped")
    guest = [l for l in res.lines() if l.startswith("[vm vmlinuz] vmanhv-linux:")]
    text = "\n".join(guest)
    assert re.search(r"init started, 2 cpus, kernel \S+-amd64", text), \
        res.why("init did not report 2 CPUs (or did not start)")
    for module in ("virtio_ring", "virtio", "virtio_mmio", "virtio-rng"):
        assert f"module {module} loaded" in text, res.why(f"module {module} did not load")
    assert "hwrng current: virtio_rng.0" in text, res.why("/dev/hwrng is not the virtio device")
    m = re.search(r"hwrng read (\d+) bytes: ([0-9a-f]*)", text)
    assert m and int(m.group(1)) == 32 and len(m.group(2)) == 16, \
        res.why("no bytes from /dev/hwrng")
    assert "powering off" in text, res.why("init did not power off")
    assert stopped[0].group(1).startswith("ACPI power off (S5)"), \
        res.why(f"the VM stopped for another reason: {stopped[0].group(1)}")
    exits = res.find(EXITS)
    assert exits, res.why("no exit counts")
    overhead = res.find(OVERHEAD)
    assert overhead, res.why("no `vm vmlinuz overhead:` line")
    print(f"linux exits: {exits[0].group(1)} ({exits[0].group(2)}); "
          f"overhead {overhead[0].group(1)} bytes beyond RAM")
