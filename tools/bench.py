#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: the firmware's size and its boot time in each emulator.

Size: text, data and bss of build/vmanhv.elf (counted like `size`'s Berkeley
format, from the ELF section headers), the bytes of each image, and the
budget: text + data at most 2 MiB.

Boot time: the firmware measures it itself and prints
`smp: all N CPUs up in U us (T TSC ticks since reset)`; each emulator boots
the image with the option `exit`, so it ends by itself.  The emulators are
started by tests/integration/emulators.py, the same runner the tests use.
Under Bochs, time is emulated (instructions / ips), so its microseconds say
how much work the boot is, not how long a real machine takes.

Exits non-zero when the budget is exceeded or a run does not reach the line.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
import emulators  # noqa: E402
from emulators import Bochs, Qemu  # noqa: E402

BUDGET = 2 * 1024 * 1024    # text + data of the finished firmware

SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 0x1, 0x2, 0x4
SHT_NOBITS = 8


def elf_sizes(path: Path) -> dict[str, int]:
    """text/data/bss of an ELF file, as binutils' `size` (Berkeley) adds them up."""
    raw = path.read_bytes()
    if raw[:4] != b"\x7fELF" or raw[4] not in (1, 2):
        raise ValueError(f"{path} is not an ELF file")
    if raw[4] == 2:     # ELF64
        e_shoff, = struct.unpack_from("<Q", raw, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", raw, 0x3A)
        shdr = lambda off: (struct.unpack_from("<IIQ", raw, off)[1:]
                            + struct.unpack_from("<Q", raw, off + 0x20))
    else:               # ELF32
        e_shoff, = struct.unpack_from("<I", raw, 0x20)
        e_shentsize, e_shnum = struct.unpack_from("<HH", raw, 0x2E)
        shdr = lambda off: (struct.unpack_from("<III", raw, off)[1:]
                            + struct.unpack_from("<I", raw, off + 0x14))
    sizes = {"text": 0, "data": 0, "bss": 0}
    for i in range(e_shnum):
        sh_type, sh_flags, sh_size = shdr(e_shoff + i * e_shentsize)
        if not sh_flags & SHF_ALLOC:
            continue
        if sh_type == SHT_NOBITS:
            sizes["bss"] += sh_size
        elif sh_flags & SHF_WRITE:
            sizes["data"] += sh_size
        else:                       # code and read-only data
            sizes["text"] += sh_size
    return sizes


def human(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MiB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KiB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=emulators.BUILD)
    ap.add_argument("--only", action="append", default=[],
                    help="bochs, qemu-raw, qemu-iso-seabios, qemu-iso-ovmf (repeatable)")
    args = ap.parse_args()
    build = args.build.resolve()
    elf, img, iso = build / "vmanhv.elf", build / "vmanhv.img", build / "vmanhv.iso"
    for p in (elf, img, iso):
        if not p.exists():
            print(f"bench: {p} is missing (make builds it)", file=sys.stderr)
            return 1

    ok = True
    s = elf_sizes(elf)
    used = s["text"] + s["data"]
    within = used <= BUDGET
    ok &= within
    shown = elf.relative_to(emulators.ROOT) if emulators.ROOT in elf.parents else elf
    print(f"size of {shown}:")
    print(f"  text {s['text']:>10}  data {s['data']:>10}  bss {s['bss']:>10}  bytes")
    print(f"  budget: text+data {used} of {BUDGET} bytes ({human(used)} of 2 MiB, "
          f"{100 * used / BUDGET:.1f}%) {'ok' if within else 'OVER BUDGET'}")
    print("  files: " + ", ".join(f"{p.name} {p.stat().st_size} bytes" for p in (elf, img, iso)))

    work = build / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    disk = emulators.stamp_image(img, "exit", work / "exit.img")
    cd = emulators.make_iso(elf, "exit", work / "exit.iso")

    runs = [
        ("bochs", img, Bochs(disk, cpus=2)),
        ("qemu-raw", img, Qemu(disk=disk, cpus=4)),
        ("qemu-iso-seabios", iso, Qemu(cdrom=cd, firmware="seabios", cpus=4)),
        ("qemu-iso-ovmf", iso, Qemu(cdrom=cd, firmware="ovmf", cpus=4)),
    ]
    if args.only:
        runs = [r for r in runs if r[0] in args.only]

    print()
    head = (f"  {'emulator':<44} {'image':<11} {'bytes':>10} {'cpus':>4} {'all up us':>10} "
            f"{'TSC ticks':>13} {'ready us':>10} {'wall s':>7}")
    print("boot: reset to 'all CPUs up' (and to 'boot: ready'), measured by the firmware")
    print(head)
    for key, image, emu in runs:
        res = emulators.run(emu, work / key)
        t = emulators.boot_time(res)
        if t is None:
            ok = False
            why = "timed out" if res.timed_out else f"exited ({res.returncode})"
            print(f"  {emu.describe():<44} {image.name:<11} {image.stat().st_size:>10} "
                  f"{'-':>4} {'no smp line':>10} {'':>13} {'':>10} {res.elapsed:>7.1f}  {why}; see {work / key}")
            continue
        cpus, us, ticks = t
        ready = emulators.ready_time(res)
        print(f"  {emu.describe():<44} {image.name:<11} {image.stat().st_size:>10} "
              f"{cpus:>4} {us:>10} {ticks:>13} {ready if ready is not None else '-':>10} "
              f"{res.elapsed:>7.1f}")
    print()
    print(f"bench: {'ok' if ok else 'FAILED'}"
          f" (Bochs time is emulated at {emulators.BOCHS_IPS} instructions per second)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
