#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build vmanhv's raw boot disk (build/vmanhv.img), or re-stamp its command line.

  mkimage.py --elf build/vmanhv.elf --mbr build/boot/mbr.bin \\
             --loader build/boot/loader.bin [--cmdline "..."] -o build/vmanhv.img
  mkimage.py --from build/vmanhv.img --cmdline "fault=pagefault exit" -o build/x.img
  mkimage.py --from build/vmanhv.img --file vmlinuz=PATH --file initrd=PATH -o build/x.img
  mkimage.py --show build/vmanhv.img

The layout (docs/disk-layout.md):
  LBA 0        MBR: boot code (mbr.bin), disk signature, partition table
  LBA 1        boot descriptor (struct boot_descriptor, boot/bios_boot_info.h)
  LBA 2..      stage-2 loader (loader.bin), at most 64 sectors
  1 MiB        partition 1: firmware, bootable, type 0xDA
  then         partition 2: configuration store, type 0xDA
  then         partition 3: datastore (guest images, virtual disks), type 0xDA,
               to the end of the disk
--file NAME=PATH (repeatable, with --elf or --from) puts files into the
datastore (partition 3): a directory of names, places, sizes and SHA-256s
in its first 4 KiB, then each file on a 4 KiB boundary (docs/disk-layout.md).
The disk size is a whole number of 16-head, 63-sector cylinders (516096 bytes),
so Bochs's flat-image geometry detection takes it as is.  The output is sparse.
"""

import argparse
import hashlib
import os
import struct
import sys
import zlib

SECTOR = 512
MIB = 1024 * 1024
HEADS, SPT = 16, 63
CYLINDER = HEADS * SPT * SECTOR            # 516096 bytes

DESC_LBA = 1
LOADER_LBA = 2
LOADER_MAX_SECTORS = 64                     # boot/bios/layout.h
PART_ALIGN = MIB // SECTOR                  # partitions start on 1 MiB
PART_TYPE_DATA = 0xDA                       # "non-FS data"
LOW_MEMORY_END = 0x100000                   # the firmware loads at or above 1 MiB

DESC_MAGIC = b"VMHVBOOT"
DESC_VERSION = 1
CMDLINE_MAX = 472                           # BIOS_CMDLINE_MAX, NUL included
# struct boot_descriptor: magic, version, fw_lba, fw_sectors, load_addr,
# entry32, loader_lba, loader_sectors, reserved, cmdline.
DESC_FORMAT = "<8sIIIIIIII%ds" % CMDLINE_MAX
assert struct.calcsize(DESC_FORMAT) == SECTOR

DEFAULTS = {"size_mib": 64, "fw_part_mib": 16, "store_part_mib": 4}


class ImageError(Exception):
    """A problem with the inputs, reported as one line without a traceback."""


# ---------------------------------------------------------------- ELF input

PT_LOAD = 1


def elf_load_image(path):
    """Return (load_addr, entry, payload) for an ELF32 or ELF64 x86 file.

    PT_LOAD file contents are laid out at p_paddr - lowest p_paddr; bytes
    between segments and any bss inside the span are zero.  Trailing bss
    (p_memsz beyond the last file byte) is not stored: the firmware zeroes it.
    """
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise ImageError("%s: not an ELF file" % path)
    cls, endian = data[4], data[5]
    if endian != 1:
        raise ImageError("%s: not a little-endian ELF file" % path)
    if cls == 1:
        hdr = struct.unpack_from("<HHIIIIIHHHHHH", data, 16)
        machine, entry, phoff, phentsize, phnum = hdr[1], hdr[3], hdr[4], hdr[8], hdr[9]
        ph_fmt = "<IIIIIIII"        # type offset vaddr paddr filesz memsz flags align

        def ph(i):
            t, off, va, pa, fsz, msz, _, _ = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
            return t, off, va, pa, fsz, msz
    elif cls == 2:
        hdr = struct.unpack_from("<HHIQQQIHHHHHH", data, 16)
        machine, entry, phoff, phentsize, phnum = hdr[1], hdr[3], hdr[4], hdr[8], hdr[9]
        ph_fmt = "<IIQQQQQQ"        # type flags offset vaddr paddr filesz memsz align

        def ph(i):
            t, _, off, va, pa, fsz, msz, _ = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
            return t, off, va, pa, fsz, msz
    else:
        raise ImageError("%s: unknown ELF class %d" % (path, cls))
    if machine not in (3, 62):      # EM_386, EM_X86_64
        raise ImageError("%s: not an x86 ELF file (e_machine %d)" % (path, machine))

    segments = [s for s in (ph(i) for i in range(phnum)) if s[0] == PT_LOAD and s[5] > 0]
    if not segments:
        raise ImageError("%s: no PT_LOAD segments" % path)
    segments.sort(key=lambda s: s[3])
    base = segments[0][3]
    if base < LOW_MEMORY_END:
        raise ImageError("%s: loads at %#x, below 1 MiB" % (path, base))
    for prev, cur in zip(segments, segments[1:]):
        if cur[3] < prev[3] + prev[5]:
            raise ImageError("%s: PT_LOAD segments overlap at %#x" % (path, cur[3]))
    mem_end = max(s[3] + s[5] for s in segments)
    if mem_end > 1 << 32:
        raise ImageError("%s: ends at %#x, above 4 GiB" % (path, mem_end))

    if not any(s[4] for s in segments):
        raise ImageError("%s: the PT_LOAD segments hold no file data" % path)
    file_end = max(s[3] + s[4] for s in segments if s[4])
    payload = bytearray(file_end - base)
    for _, off, _, pa, fsz, _ in segments:
        if off + fsz > len(data):
            raise ImageError("%s: segment at %#x runs past the end of the file" % (path, pa))
        payload[pa - base:pa - base + fsz] = data[off:off + fsz]

    # e_entry is a virtual address: translate it through its segment.
    for _, _, va, pa, _, msz in segments:
        if va <= entry < va + msz:
            entry = entry - va + pa
            break
    else:
        raise ImageError("%s: entry point %#x is in no PT_LOAD segment" % (path, entry))
    if entry >= base + len(payload):
        raise ImageError("%s: entry point %#x lies in bss" % (path, entry))
    return base, entry, bytes(payload)


# ---------------------------------------------------------------- MBR

def chs(lba):
    """CHS triple for a partition entry (16/63 geometry; 1023/15/63 beyond)."""
    cyl, rem = divmod(lba, HEADS * SPT)
    if cyl > 1023:
        return bytes((0xFE, 0xFF, 0xFF))
    head, sec = divmod(rem, SPT)
    return bytes((head, (sec + 1) | ((cyl >> 2) & 0xC0), cyl & 0xFF))


def partition_entry(bootable, ptype, start, count):
    return (bytes((0x80 if bootable else 0,)) + chs(start) + bytes((ptype,)) +
            chs(start + count - 1) + struct.pack("<II", start, count))


def build_mbr(code, partitions, disk_signature):
    if len(code) != SECTOR or code[510:512] != b"\x55\xaa":
        raise ImageError("MBR binary must be one sector ending in 55 AA (got %d bytes)" % len(code))
    mbr = bytearray(code)
    struct.pack_into("<IH", mbr, 440, disk_signature, 0)
    table = b"".join(partition_entry(*p) for p in partitions)
    mbr[446:446 + len(table)] = table
    return bytes(mbr)


def read_partitions(mbr):
    parts = []
    for i in range(4):
        e = mbr[446 + 16 * i:462 + 16 * i]
        start, count = struct.unpack_from("<II", e, 8)
        if e[4]:
            parts.append((i + 1, e[0] == 0x80, e[4], start, count))
    return parts


# ---------------------------------------------------------------- descriptor

def encode_cmdline(cmdline):
    raw = cmdline.encode("utf-8")
    if b"\0" in raw:
        raise ImageError("command line contains a NUL byte")
    if len(raw) > CMDLINE_MAX - 1:
        raise ImageError("command line is %d bytes; at most %d fit the boot descriptor"
                         % (len(raw), CMDLINE_MAX - 1))
    return raw


def pack_descriptor(fw_lba, fw_sectors, load_addr, entry, loader_sectors, cmdline):
    return struct.pack(DESC_FORMAT, DESC_MAGIC, DESC_VERSION, fw_lba, fw_sectors, load_addr,
                       entry, LOADER_LBA, loader_sectors, 0, encode_cmdline(cmdline))


def unpack_descriptor(sector, where):
    fields = list(struct.unpack(DESC_FORMAT, sector))
    if fields[0] != DESC_MAGIC:
        raise ImageError("%s: no vmanhv boot descriptor in LBA 1" % where)
    if fields[1] != DESC_VERSION:
        raise ImageError("%s: boot descriptor version %d, this tool writes %d"
                         % (where, fields[1], DESC_VERSION))
    fields[9] = fields[9].split(b"\0", 1)[0].decode("utf-8", "replace")
    return fields


# ---------------------------------------------------------------- output

def write_sparse(path, size, pieces):
    """Write (offset, bytes) pieces into a file of `size` bytes, holes elsewhere."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(size)
        for offset, blob in pieces:
            f.seek(offset)
            f.write(blob)
    os.replace(tmp, path)


def data_extents(f, size):
    """(offset, length) runs that may hold data: SEEK_DATA/SEEK_HOLE skips holes."""
    if not hasattr(os, "SEEK_DATA"):
        yield 0, size
        return
    fd, pos = f.fileno(), 0
    while pos < size:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError:             # ENXIO: only a hole remains
            return
        end = os.lseek(fd, start, os.SEEK_HOLE)
        yield start, end - start
        pos = end


def copy_sparse(src, dst):
    """Copy src to a temporary file beside dst, keeping zero blocks as holes."""
    block = 64 * 1024
    zero = bytes(block)
    tmp = dst + ".tmp"
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        size = os.fstat(fin.fileno()).st_size
        fout.truncate(size)
        for start, length in data_extents(fin, size):
            fin.seek(start)
            for offset in range(start, start + length, block):
                buf = fin.read(min(block, start + length - offset))
                if buf != zero[:len(buf)]:
                    fout.seek(offset)
                    fout.write(buf)
    return tmp


# ---------------------------------------------------------------- datastore

DATA_MAGIC = b"VMHVDATA"
DATA_VERSION = 1
DATA_DIR_BYTES = 4096
DATA_HEADER_BYTES = 128
DATA_ENTRY_BYTES = 128
DATA_FILES_MAX = (DATA_DIR_BYTES - DATA_HEADER_BYTES) // DATA_ENTRY_BYTES
DATA_NAME_MAX = 48                          # NUL included
DATA_ALIGN = 4096
DATA_ENTRY_FORMAT = "<%dsQQ32s32x" % DATA_NAME_MAX  # name, lba, bytes, sha256
assert struct.calcsize(DATA_ENTRY_FORMAT) == DATA_ENTRY_BYTES


def parse_file_args(specs):
    """[(name, bytes)] from NAME=PATH arguments, checked as the firmware checks them."""
    files, names = [], set()
    for spec in specs or []:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise ImageError("--file %r: expected NAME=PATH" % spec)
        if (not 0 < len(name) < DATA_NAME_MAX or
                any(not (c.isascii() and (c.isalnum() or c in "._-")) for c in name)):
            raise ImageError("--file %r: a name is 1 to %d characters of [A-Za-z0-9._-]"
                             % (spec, DATA_NAME_MAX - 1))
        if name in names:
            raise ImageError("--file %r: the name %s is given twice" % (spec, name))
        names.add(name)
        with open(path, "rb") as f:
            files.append((name, f.read()))
    if len(files) > DATA_FILES_MAX:
        raise ImageError("at most %d files fit the datastore's directory" % DATA_FILES_MAX)
    return files


def datastore_pieces(files, part_lba, part_sectors):
    """(offset, bytes) pieces: the directory, then each file, inside partition 3."""
    entries, pieces = b"", []
    offset = DATA_DIR_BYTES                 # from the partition's start
    for name, blob in files:
        entries += struct.pack(DATA_ENTRY_FORMAT, name.encode(),
                               offset // SECTOR, len(blob), hashlib.sha256(blob).digest())
        pieces.append((part_lba * SECTOR + offset, blob))
        offset += -(-len(blob) // DATA_ALIGN) * DATA_ALIGN
    if offset > part_sectors * SECTOR:
        raise ImageError("the files need %d bytes but the datastore holds %d; raise --size-mib"
                         % (offset, part_sectors * SECTOR))
    entries = entries.ljust(DATA_DIR_BYTES - DATA_HEADER_BYTES, b"\0")
    header = struct.pack("<8sII32s", DATA_MAGIC, DATA_VERSION, len(files),
                         hashlib.sha256(entries).digest()).ljust(DATA_HEADER_BYTES, b"\0")
    return [(part_lba * SECTOR, header + entries)] + pieces


def read_datastore(f, part_lba):
    """[(name, lba, bytes)] of the datastore at part_lba, or None without one."""
    f.seek(part_lba * SECTOR)
    raw = f.read(DATA_DIR_BYTES)
    if len(raw) < DATA_DIR_BYTES or raw[:8] != DATA_MAGIC:
        return None
    _, _, count = struct.unpack_from("<8sII", raw)
    out = []
    for i in range(min(count, DATA_FILES_MAX)):
        name, lba, size, _ = struct.unpack_from("<%dsQQ32s" % DATA_NAME_MAX, raw,
                                                DATA_HEADER_BYTES + i * DATA_ENTRY_BYTES)
        out.append((name.rstrip(b"\0").decode(errors="replace"), lba, size))
    return out


def disk_size(size_mib, min_bytes):
    size = max(size_mib * MIB, min_bytes)
    return -(-size // CYLINDER) * CYLINDER


# ---------------------------------------------------------------- commands

def build(args):
    load_addr, entry, payload = elf_load_image(args.elf)
    with open(args.mbr, "rb") as f:
        mbr_code = f.read()
    with open(args.loader, "rb") as f:
        loader = f.read()
    loader_sectors = -(-len(loader) // SECTOR)
    if not 0 < loader_sectors <= LOADER_MAX_SECTORS:
        raise ImageError("%s: %d bytes; the loader must fit %d sectors"
                         % (args.loader, len(loader), LOADER_MAX_SECTORS))

    fw_lba = PART_ALIGN
    fw_part = args.fw_part_mib * PART_ALIGN
    fw_sectors = -(-len(payload) // SECTOR)
    if fw_sectors > fw_part:
        raise ImageError("%s: the firmware image is %d bytes (%.1f MiB) but partition 1 holds "
                         "%d MiB; raise --fw-part-mib"
                         % (args.elf, len(payload), len(payload) / MIB, args.fw_part_mib))
    store_lba = fw_lba + fw_part
    store_part = args.store_part_mib * PART_ALIGN
    data_lba = store_lba + store_part
    size = disk_size(args.size_mib, (data_lba + PART_ALIGN) * SECTOR)
    data_part = size // SECTOR - data_lba

    partitions = [(True, PART_TYPE_DATA, fw_lba, fw_part),
                  (False, PART_TYPE_DATA, store_lba, store_part),
                  (False, PART_TYPE_DATA, data_lba, data_part)]
    files = parse_file_args(args.file)
    # A stable disk signature (Linux shows it as the PARTUUID prefix).
    signature = zlib.crc32(payload) or 1
    pieces = [(0, build_mbr(mbr_code, partitions, signature)),
              (DESC_LBA * SECTOR, pack_descriptor(fw_lba, fw_sectors, load_addr, entry,
                                                  loader_sectors, args.cmdline or "")),
              (LOADER_LBA * SECTOR, loader),
              (fw_lba * SECTOR, payload)]
    if files:
        pieces += datastore_pieces(files, data_lba, data_part)
    write_sparse(args.output, size, pieces)
    if args.verbose:
        show(args.output)


def restamp(args):
    with open(args.source, "rb") as f:
        f.seek(DESC_LBA * SECTOR)
        fields = unpack_descriptor(f.read(SECTOR), args.source)
    fields[9] = args.cmdline or ""
    desc = pack_descriptor(fields[2], fields[3], fields[4], fields[5], fields[7], fields[9])
    files = parse_file_args(args.file)
    tmp = copy_sparse(args.source, args.output)     # also right when both are one file
    with open(tmp, "r+b") as f:
        f.seek(DESC_LBA * SECTOR)
        f.write(desc)
        if files:
            f.seek(0)
            data = [p for p in read_partitions(f.read(SECTOR)) if p[0] == 3]
            if not data:
                raise ImageError("%s: no partition 3 (datastore)" % args.source)
            for offset, blob in datastore_pieces(files, data[0][3], data[0][4]):
                f.seek(offset)
                f.write(blob)
    os.replace(tmp, args.output)
    if args.verbose:
        show(args.output)


def show(path):
    with open(path, "rb") as f:
        mbr = f.read(SECTOR)
        desc = unpack_descriptor(f.read(SECTOR), path)
        size = os.fstat(f.fileno()).st_size
    names = {1: "firmware", 2: "config store", 3: "datastore"}
    print("%s: %d bytes (%d cylinders of %d/%d), disk signature %08x"
          % (path, size, size // CYLINDER, HEADS, SPT, struct.unpack_from("<I", mbr, 440)[0]))
    print("  loader      LBA %d, %d sectors" % (desc[6], desc[7]))
    for num, boot, ptype, start, count in read_partitions(mbr):
        print("  partition %d LBA %d..%d (%d MiB%s), type %#04x%s: %s"
              % (num, start, start + count - 1, count * SECTOR // MIB,
                 "" if count % PART_ALIGN == 0 else " + %d KiB" % (count % PART_ALIGN // 2),
                 ptype, ", bootable" if boot else "", names.get(num, "?")))
    print("  firmware    LBA %d, %d sectors (%d bytes) -> %#x, entry32 %#x"
          % (desc[2], desc[3], desc[3] * SECTOR, desc[4], desc[5]))
    print("  cmdline     %r" % desc[9])
    with open(path, "rb") as f:
        for num, _, _, start, _ in read_partitions(mbr):
            files = read_datastore(f, start) if num == 3 else None
            for name, lba, nbytes in files or []:
                print("  file        %-20s LBA +%d, %d bytes" % (name, lba, nbytes))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n", 1)[1])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--elf", help="firmware ELF (PT_LOAD segments at or above 1 MiB)")
    src.add_argument("--from", dest="source", metavar="IMAGE",
                     help="copy IMAGE and replace only its command line")
    src.add_argument("--show", metavar="IMAGE", help="print the layout of IMAGE")
    p.add_argument("--mbr", help="boot sector binary (with --elf)")
    p.add_argument("--loader", help="stage-2 loader binary (with --elf)")
    p.add_argument("--cmdline", default="", help="firmware command line (default: empty)")
    p.add_argument("--file", action="append", metavar="NAME=PATH",
                   help="put PATH into the datastore as NAME (repeatable)")
    p.add_argument("-o", "--output", help="image to write")
    p.add_argument("--size-mib", type=int, default=DEFAULTS["size_mib"],
                   help="disk size in MiB, rounded up to whole cylinders (default %(default)s)")
    p.add_argument("--fw-part-mib", type=int, default=DEFAULTS["fw_part_mib"],
                   help="partition 1 (firmware) in MiB (default %(default)s)")
    p.add_argument("--store-part-mib", type=int, default=DEFAULTS["store_part_mib"],
                   help="partition 2 (configuration store) in MiB (default %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="print the layout written")
    args = p.parse_args(argv)

    try:
        if args.show:
            show(args.show)
            return 0
        if not args.output:
            p.error("-o OUT is required")
        if args.elf:
            if not (args.mbr and args.loader):
                p.error("--elf needs --mbr and --loader")
            if args.fw_part_mib < 1 or args.store_part_mib < 1:
                p.error("partition sizes must be at least 1 MiB")
            build(args)
        else:
            restamp(args)
    except (ImageError, OSError) as e:
        for tmp in (args.output and args.output + ".tmp",):
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
        print("mkimage: error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
