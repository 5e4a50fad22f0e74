# SPDX-License-Identifier: MIT
"""Guest images given as multiboot2 modules, and as files in the raw boot
image's datastore (issue 4; docs/vmx.md "ELF guests", docs/disk-layout.md).

GRUB, from an ISO that tools/mkiso.sh builds with `--module` lines, boots
the firmware from the CD-ROM with three modules, each named on the firmware's
command line (`guest=hello64.elf,hello.elf,outside.elf`):

- hello64.elf and hello.elf are the test guests' own ELF files
  (build/guests/, ELF64 and ELF32): the firmware finds them among its boot
  modules (hv/guest_file.c), loads them with its ELF loader
  (hv/loader/elf.c), and starts them in 64-bit and real mode; each greets on
  its COM1 and halts;
- outside.elf is hello64.elf with its segment moved to 256 MiB, outside the
  VM's 2 MiB: refused before anything runs, the log naming the check that
  failed, while the others run.

The same ELF files in the raw image's datastore (`mkimage.py --file`) take
the other path of hv/guest_file.c: read from the boot disk and checked, then
the same ELF loader.

On each VT-x platform (test_vmx.py's `vmx_platform`: Bochs always, QEMU/KVM
where nested VT-x is offered, else skipped saying why).
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import emulators
from test_boot import assert_booted
from test_vmx import (FINISHED, HALTED, assert_guest_said, assert_host_fine,  # noqa: F401
                      started, stop_reason, vmx_platform)

GUESTS = emulators.BUILD / "guests"
FIRMWARE = emulators.BUILD / "vmanhv.elf"
CMDLINE = "guest=hello64.elf,hello.elf,outside.elf guest.mem=2 exit"
ISO_BOOT_TIMEOUT_S = 400    # BIOS POST, GRUB, the firmware, three guests


def moved_outside_ram(elf: Path, out: Path, paddr: int) -> Path:
    """A copy of an ELF64 with its first program header's p_paddr (and the
    entry point with it) moved to paddr."""
    data = bytearray(elf.read_bytes())
    assert data[:4] == b"\x7fELF" and data[4] == 2, f"{elf} is not an ELF64"
    phoff = struct.unpack_from("<Q", data, 32)[0]
    struct.pack_into("<QQ", data, phoff + 16, paddr, paddr)        # p_vaddr, p_paddr
    struct.pack_into("<Q", data, 24, paddr)                         # e_entry
    out.write_bytes(bytes(data))
    return out


def built(*paths: Path) -> list[Path]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make`", pytrace=False)
    return list(paths)


def assert_hellos_ran(res, source: str) -> None:
    """hello64.elf (64-bit mode) and hello.elf (real mode), loaded from
    `source` by the ELF loader, greet and halt on CPU 1."""
    for name, greeting in (("hello64.elf", "hello from a 64-bit guest"),
                           ("hello.elf", "hello from guest")):
        size = (GUESTS / name).stat().st_size
        assert res.find(rf"^vm {re.escape(name)}: ELF guest {re.escape(name)} \({source}, "
                        rf"{size} bytes\), entry 0x1000$"), \
            res.why(f"{name} should be loaded from the {source} by the ELF loader")
        assert started(res, re.escape(name)) == 1, res.why("guests run on CPU 1")
        assert_guest_said(res, re.escape(name), greeting, "hypervisor: vmanhv")
        reason = stop_reason(res, re.escape(name))
        assert re.fullmatch(HALTED, reason), res.why(f"{name} should halt, not: {reason}")


def test_elf_guests_from_grub_modules(boot, run_dir, vmx_platform):
    modules = built(GUESTS / "hello64.elf", GUESTS / "hello.elf", FIRMWARE)[:2]
    modules.append(moved_outside_ram(modules[0], run_dir / "outside.elf", 0x10000000))
    iso = emulators.make_iso(FIRMWARE, CMDLINE, run_dir / "modules.iso", modules=tuple(modules))

    res = boot(vmx_platform.emulator(iso, cpus=2, cdrom=True), until=FINISHED, linger=10.0,
               timeout=ISO_BOOT_TIMEOUT_S)
    assert_booted(res, cpus=2, via="multiboot2", cmdline=CMDLINE)
    for m in modules:
        assert res.find(rf"^guest file: module {re.escape(m.name)}, {m.stat().st_size} bytes$"), \
            res.why(f"the firmware should list module {m.name} ({m.stat().st_size} bytes)")

    assert_hellos_ran(res, "module")

    assert res.find(r"^vm outside\.elf: guest image outside\.elf refused: a PT_LOAD segment "
                    r"\(p_paddr, p_memsz\) lies outside guest RAM$"), \
        res.why("outside.elf should be refused, naming the check that failed")
    assert res.find(r"^vm outside\.elf not started: the image does not fit in the VM's memory "
                    r"\(-27\); built-in guests: "), res.why("outside.elf: -EFBIG, in words")
    assert not res.find(r"^vm outside\.elf started"), res.why("outside.elf must not start")
    assert_host_fine(res, vmx_platform, guests=2)


def test_elf_guests_from_the_datastore(boot, run_dir, vmx_platform):
    files = built(GUESTS / "hello64.elf", GUESTS / "hello.elf", emulators.BUILD / "vmanhv.img")
    disk = run_dir / "disk.img"
    subprocess.run([sys.executable, str(emulators.ROOT / "tools/mkimage.py"), "--from",
                    str(files[2]), "--cmdline", "guest=hello64.elf,hello.elf guest.mem=2 exit",
                    "--file", f"hello64.elf={files[0]}", "--file", f"hello.elf={files[1]}",
                    "-o", str(disk)], check=True, cwd=emulators.ROOT, timeout=120)
    res = boot(vmx_platform.emulator(disk, cpus=2), until=FINISHED, linger=10.0)
    assert_booted(res, cpus=2, via="bios-loader")
    assert_hellos_ran(res, "datastore")
    assert_host_fine(res, vmx_platform, guests=2)
