# SPDX-License-Identifier: MIT
"""What a client defines survives a reboot (docs/store.md): the firmware in
QEMU TCG (management-only mode: VMs are defined, not started) restarted on
the same disk, talked to over WS-Man between the boots.

- VM definitions: DefineSystem, Put of the VSSD (ElementName,
  AutomaticStartupAction) and DestroySystem, then a reboot: the same VMs
  with the same settings, the destroyed one gone; a VM marked
  AutomaticStartupAction 4 is tried and refused for want of VT-x, said on
  the console.
- A definition the firmware cannot recreate (its image is unknown) is
  reported and kept in the store, and a field this firmware does not know
  is carried over when the definition is written again (the store written
  by hand here, as an older or newer firmware would have left it).
- Child pools stored by a bigger host: the one that fits is made again with
  its VM's terms, the one that does not is said and kept with the VM
  allocating from it (the store written by hand); pools created and deleted
  over WS-Man are written and removed, the kept one stored after them.
- Accounts: users created, changed and deleted through CIM_Account are the
  users after a reboot; the command line's password= resets its user's
  password, and without it the store's users stand (no generated
  password); no password is ever on the disk.
- AutomaticStartupAction at boot under Bochs with VT-x: a VM marked 4
  (Always) and one marked 3 (Restart if previously active) that was running
  are started and run the `hello` guest; one marked 3 that was not running
  and one marked 2 are not; a VM whose guest halted is written inactive by
  the management loop; and end to end, VMs defined over WS-Man in QEMU
  started from the same disk in Bochs.
- The host rebooted (Bochs with VT-x, restarted on the same disk), everything
  set over WS-Man before: child pools with their capacities, a VM allocated
  from them with Reservation, Limit and Weight (DefineSystem, then
  ModifyResourceSettings), a VM changed by ModifySystemSettings (label,
  command line, AutomaticStartupAction 3) and started.  After the reboot every
  definition, its terms and PoolIDs, the pools and their figures read the same
  through Get and Enumerate, the HTTPS certificate has the same fingerprint,
  and the VM that was running runs its guest again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import ssl
import struct
import time
from pathlib import Path

from lxml import etree

import emulators
from emulators import Bochs, Qemu
from test_allocation import (POOL_URI, RASD_URI, create_child, delete_child, enabled_state,
                             get, modify, prop, request_state)
from test_allocation import define as define_allocated
from test_wsl import HTTP_UP, USER
from test_wsman_invoke import (ACCOUNT_KEYS, ACCOUNT_URI, CS_URI, NS, TRANSFER, VSSD_URI,
                               account_body, can_log_in, cimxml, cpu_rasd, dump, envelope,
                               enumerate_names, epr, invoke, memory_rasd, post, return_value,
                               vm_names)

# docs/disk-layout.md: partition 2 at 17 MiB, 4 MiB, two slots of 2 MiB (docs/store.md)
STORE_OFFSET = 17 << 20
SLOT_BYTES = 2 << 20
SESSION_TIMEOUT_S = 120


# --- the store on the disk, read and written as docs/store.md describes it -------------

def _slot(part: bytes, s: int) -> tuple[int, bytes] | None:
    hdr = part[s * SLOT_BYTES:s * SLOT_BYTES + 512]
    if hdr[:8] != b"VMHVSTOR" or hashlib.sha256(hdr[:480]).digest() != hdr[480:]:
        return None
    _version, size, generation = struct.unpack_from("<IIQ", hdr, 8)
    payload = part[s * SLOT_BYTES + 512:s * SLOT_BYTES + 512 + size]
    if hashlib.sha256(payload).digest() != hdr[24:56]:
        return None
    return generation, payload


def read_store(disk: Path) -> tuple[int, dict[str, bytes]]:
    """(generation, records) of the newest good slot; (0, {}) when empty."""
    with open(disk, "rb") as f:
        f.seek(STORE_OFFSET)
        part = f.read(2 * SLOT_BYTES)
    slots = [x for x in (_slot(part, 0), _slot(part, 1)) if x]
    if not slots:
        return 0, {}
    generation, payload = max(slots)
    records, off = {}, 0
    while off < len(payload):
        klen = payload[off]
        key = payload[off + 1:off + 1 + klen].decode()
        (vlen,) = struct.unpack_from("<I", payload, off + 1 + klen)
        records[key] = payload[off + 5 + klen:off + 5 + klen + vlen]
        off += 5 + klen + vlen
    return generation, records


def write_store(disk: Path, records: dict[str, bytes]) -> None:
    """records as the next generation, into the slot the newest is not in."""
    generation, _ = read_store(disk)
    with open(disk, "rb") as f:
        f.seek(STORE_OFFSET)
        part = f.read(2 * SLOT_BYTES)
    newest = 0 if (_slot(part, 0) or (0,))[0] >= (_slot(part, 1) or (0,))[0] else 1
    slot = 1 - newest if generation else 0
    payload = b"".join(bytes([len(k)]) + k.encode() + struct.pack("<I", len(v)) + v
                       for k, v in records.items())
    hdr = bytearray(512)
    hdr[:8] = b"VMHVSTOR"
    struct.pack_into("<IIQ", hdr, 8, 1, len(payload), generation + 1)
    hdr[24:56] = hashlib.sha256(payload).digest()
    hdr[480:] = hashlib.sha256(bytes(hdr[:480])).digest()
    with open(disk, "r+b") as f:
        f.seek(STORE_OFFSET + slot * SLOT_BYTES + 512)
        f.write(payload)
        f.seek(STORE_OFFSET + slot * SLOT_BYTES)
        f.write(hdr)


def fields(value: bytes) -> list[tuple[str, bytes]]:
    """A record's fields (mgmt/store/fields.h): u8 name length, name, u16 length, value."""
    out, off = [], 0
    while off < len(value):
        n = value[off]
        name = value[off + 1:off + 1 + n].decode()
        (vlen,) = struct.unpack_from("<H", value, off + 1 + n)
        out.append((name, value[off + 3 + n:off + 3 + n + vlen]))
        off += 3 + n + vlen
    return out


def make_fields(items: list[tuple[str, str]]) -> bytes:
    return b"".join(bytes([len(n)]) + n.encode() + struct.pack("<H", len(v.encode())) +
                    v.encode() for n, v in items)


def definition(**values: str) -> bytes:
    return make_fields([("format", "1")] + list(values.items()))


# --- boots and sessions --------------------------------------------------------------

def restamp(disk: Path, cmdline: str) -> Path:
    """The same disk (its store included) with another command line."""
    out = disk.with_name(disk.stem + "-next.img")
    emulators.stamp_image(disk, cmdline, out)
    out.replace(disk)
    return disk


def session(boot, disk: Path, password: str, talk=None):
    """Boot disk in QEMU TCG until the endpoint is up, run talk(ep) against it
    (ep as test_wsman_invoke's helpers take it), then cut the power:
    (the run's Result, what talk returned)."""
    http_port = emulators.free_port()
    qemu = Qemu(disk=disk, cpus=2, cpu="max",
                nic=f"user,model=e1000,hostfwd=tcp:127.0.0.1:{http_port}-:5985")
    box = {}

    def during(res: emulators.Result) -> None:
        if talk is not None:
            box["out"] = talk((http_port, 0, password, res.run_dir))

    res = boot(qemu, until=HTTP_UP, timeout=SESSION_TIMEOUT_S, while_running=during)
    assert res.find(HTTP_UP), res.why("the endpoint did not come up")
    assert "out" in box or talk is None, res.why("the session did not finish")
    return res, box.get("out")


def define_vm(ep, name: str, image: str, mib: int, cpus: int, startup: int | None = None):
    settings = {"ElementName": ("string", name), "KernelImage": ("string", image)}
    if startup is not None:
        settings["AutomaticStartupAction"] = ("uint16", str(startup))
    params = f"<p:SystemSettings>{cimxml('vmanhv_VirtualSystemSettingData', settings)}" \
             "</p:SystemSettings>"
    for r in (memory_rasd(mib), cpu_rasd(cpus)):
        params += f"<p:ResourceSettings>{cimxml('CIM_ResourceAllocationSettingData', r)}" \
                  "</p:ResourceSettings>"
    status, root = invoke(ep, "DefineSystem", params)
    assert status == 200, dump(root)
    return return_value(root, "DefineSystem"), root


def destroy_vm(ep, name: str) -> None:
    ref = epr(CS_URI, {"CreationClassName": "CIM_ComputerSystem", "Name": name})
    status, root = invoke(ep, "DestroySystem", f"<p:AffectedSystem>{ref}</p:AffectedSystem>")
    assert status == 200 and return_value(root, "DestroySystem") == 0, dump(root)


def vssd_get(ep, name: str):
    status, root = post(ep[0], USER, ep[2], envelope(TRANSFER + "Get", VSSD_URI, "",
                                                     {"InstanceID": f"vmanhv:{name}"}))
    assert status == 200, dump(root)
    return root.xpath("/s:Envelope/s:Body/*", namespaces=NS)[0]


def vssd_values(ep, name: str) -> dict[str, str]:
    return {etree.QName(e).localname: e.text for e in vssd_get(ep, name)}


def vssd_put(ep, name: str, expect: int = 200, **changes: str):
    inst = vssd_get(ep, name)
    for prop, value in changes.items():
        for e in inst.xpath(f"*[local-name()='{prop}']"):
            e.text = value
    status, root = post(ep[0], USER, ep[2], envelope(
        TRANSFER + "Put", VSSD_URI, etree.tostring(inst).decode(), {"InstanceID": f"vmanhv:{name}"}))
    assert status == expect, dump(root)
    return root


def vm_states(ep) -> dict[str, str]:
    names = enumerate_names(ep, CS_URI)
    states = enumerate_names(ep, CS_URI, prop="EnabledState")
    return {n: s for n, s in zip(names, states) if n != "vmanhv"}


# --- VM definitions ------------------------------------------------------------------

def test_definitions_survive_reboot_qemu(artifacts, boot, run_dir):
    password = secrets.token_urlsafe(12)
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={password}",
                                 run_dir / "disk.img")

    def first(ep):
        assert define_vm(ep, "web", "hello", 16, 2, startup=4)[0] == 0
        assert define_vm(ep, "db", "hello64", 8, 1)[0] == 0
        assert define_vm(ep, "tmp", "hello", 8, 1)[0] == 0
        rv, root = define_vm(ep, "bad", "hello", 8, 1, startup=7)
        assert rv == 4, dump(root)     # Invalid Parameter: 7 is no AutomaticStartupAction
        vssd_put(ep, "web", ElementName="Web server, rack 4")
        vssd_put(ep, "db", AutomaticStartupAction="3")
        # 9 is no AutomaticStartupAction: refused, nothing changed (nor written)
        root = vssd_put(ep, "db", expect=400, AutomaticStartupAction="9", ElementName="x")
        assert "AutomaticStartupAction must be 2" in etree.tostring(root).decode(), dump(root)
        destroy_vm(ep, "tmp")
        assert sorted(vm_names(ep)) == ["db", "web"]
        return {n: vssd_values(ep, n) for n in ("web", "db")}

    res, talked = session(boot, disk, password, first)
    before = talked
    assert before["web"]["ElementName"] == "Web server, rack 4"
    assert before["web"]["AutomaticStartupAction"] == "4"
    assert before["db"]["AutomaticStartupAction"] == "3"
    assert before["db"]["ElementName"] == "db"

    # what the disk holds: one record per VM, everything needed to recreate it
    _, records = read_store(disk)
    assert sorted(k for k in records if k.startswith("vm/")) == ["vm/db", "vm/web"]
    web = dict(fields(records["vm/web"]))
    assert web["format"] == b"1" and web["image"] == b"hello" and web["vcpus"] == b"2"
    assert web["memory"] == str(16 << 20).encode() and web["startup"] == b"4"
    assert web["label"] == b"Web server, rack 4" and web["active"] == b"0"

    def second(ep):
        assert vm_states(ep) == {"web": "3", "db": "3"}    # defined, not running
        after = {n: vssd_values(ep, n) for n in ("web", "db")}
        destroy_vm(ep, "db")
        return after

    res, talked = session(boot, disk, password, second)
    assert talked == before, res.why("the settings changed across the reboot")
    assert res.find(r"^definitions: VM web recreated \(hello, 2 vCPU, 16384 KiB\)$"), \
        res.why("web should be recreated")
    assert res.find(r"^definitions: VM db recreated \(hello64, 1 vCPU, 8192 KiB\)$"), \
        res.why("db should be recreated")
    assert not res.find(r"definitions: VM tmp"), res.why("tmp was destroyed")
    # management-only mode: the start is tried, refused, and said
    assert res.find(r"^definitions: VM web not started \(AutomaticStartupAction 4\): "), \
        res.why("web's AutomaticStartupAction 4 should be tried")
    assert res.find(r"^definitions: 2 VMs recreated, 0 started, 0 kept without a VM$"), \
        res.why("the summary line")
    assert res.index(r"^definitions: 2 VMs") < res.index(HTTP_UP), \
        res.why("definitions are restored before the endpoint serves")

    res, talked = session(boot, disk, password, lambda ep: vm_states(ep))
    assert talked == {"web": "3"}, res.why(f"only web should be left, not {talked}")


def test_unrecreatable_definition_is_kept_qemu(artifacts, boot, run_dir):
    """A definition whose image this firmware lacks is reported and kept; an
    unknown field of another is carried over when the firmware writes it."""
    password = secrets.token_urlsafe(12)
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={password}",
                                 run_dir / "disk.img")
    ghost = definition(name="ghost", image="no-such-image", memory=str(256 << 10))
    write_store(disk, {
        "vm/ghost": ghost,
        "vm/keeper": definition(name="keeper", image="hello", memory=str(256 << 10),
                                weight="300"),
        "vm/junk": b"\x06format\x01\x001\x04na",           # cut short
    })

    res, talked = session(boot, disk, password,
                  lambda ep: (vssd_put(ep, "keeper", ElementName="relabelled"), vm_names(ep))[1])
    assert talked == ["keeper"], res.why(f"only keeper can be recreated: {talked}")
    assert res.find(r"^definitions: ghost not recreated: .*\(-2\); its definition is kept$"), \
        res.why("ghost's failure should be said, with the reason")
    assert res.find(r"^definitions: junk not recreated: the record is unreadable "
                    r"\(-\d+\); its definition is kept$"), res.why("junk's record is malformed")
    assert res.find(r'^definitions: VM keeper: field "weight" unknown to this firmware; '
                    r'kept as it is$'), res.why("the unknown field should be said")
    assert res.find(r"^definitions: 1 VMs recreated, 0 started, 2 kept without a VM$"), \
        res.why("the summary line")

    _, records = read_store(disk)
    assert records["vm/ghost"] == ghost, "a definition that was not recreated must be kept"
    assert "vm/junk" in records
    keeper = dict(fields(records["vm/keeper"]))
    assert keeper["label"] == b"relabelled" and keeper["weight"] == b"300", keeper

    # and again after a reboot: still kept, still reported
    res, talked = session(boot, disk, password)
    assert res.find(r"^definitions: 1 VMs recreated, 0 started, 2 kept without a VM$"), \
        res.why("the kept definitions should still be there")


def test_pool_that_no_longer_fits_qemu(artifacts, boot, run_dir):
    """Child pools stored by a bigger host (docs/store.md): the one that fits
    is made again and its VM recreated in it; the one larger than this host's
    memory is said and kept, and so is the VM allocating from it, both left
    in the store as they were after a client's change."""
    password = secrets.token_urlsafe(12)
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={password}",
                                 run_dir / "disk.img")
    huge = make_fields([("format", "1"), ("name", "huge"), ("type", "4"),
                        ("capacity", str(1 << 20))])          # 1 TiB of MiB
    in_huge = definition(name="in-huge", image="hello", memory=str(1 << 20),
                         memory_pool="vmanhv:pool:huge")
    write_store(disk, {
        "pool/vmanhv:pool:fits": make_fields([("format", "1"), ("name", "fits"),
                                               ("type", "3"), ("capacity", "1")]),
        "pool/vmanhv:pool:huge": huge,
        "vm/in-fits": definition(name="in-fits", image="hello", memory=str(1 << 20),
                                 cpu_reservation="1", cpu_weight="700",
                                 cpu_pool="vmanhv:pool:fits"),
        "vm/in-huge": in_huge,
    })

    def look(ep):
        pools = sorted(enumerate_names(ep, POOL_URI, "InstanceID"))
        cpu = get(ep, RASD_URI, {"InstanceID": "vmanhv:in-fits:processor"})
        vssd_put(ep, "in-fits", ElementName="changed")     # a write of the store
        # CreateChildResourcePool and DeleteResourcePool write it too
        assert create_child(ep, "extra", 4, 8, "MegaBytes")[0] == 0
        assert create_child(ep, "brief", 4, 8, "MegaBytes")[0] == 0
        assert delete_child(ep, "vmanhv:pool:brief") == 0
        return pools, vm_names(ep), {n: prop(cpu, n) for n in ("PoolID", "Weight",
                                                              "Reservation")}

    res, (pools, vms, cpu) = session(boot, disk, password, look)
    assert pools == ["vmanhv:pool:fits", "vmanhv:pool:memory", "vmanhv:pool:processor"], pools
    assert vms == ["in-fits"], vms
    assert cpu == {"PoolID": "vmanhv:pool:fits", "Weight": "700", "Reservation": "1"}, cpu
    assert res.find(r"^pools: vmanhv:pool:huge not made again: pool vmanhv:pool:memory has "
                    r"\d+ byte\*2\^20 left unreserved, not 1048576 \(-28\); its record is "
                    r"kept$"), res.why("the pool too big for this host is said")
    assert res.find(r"^pools: 1 child pools made again, 1 kept without a pool$"), \
        res.why("the pools' summary line")
    assert res.find(r"^definitions: in-huge not recreated: PoolID names no pool of memory "
                    r"\(-22\); its definition is kept$"), res.why("its VM is kept too")
    _, records = read_store(disk)
    assert records["pool/vmanhv:pool:huge"] == huge and records["vm/in-huge"] == in_huge
    assert dict(fields(records["vm/in-fits"]))["label"] == b"changed"
    assert dict(fields(records["pool/vmanhv:pool:extra"])) == {
        "format": b"1", "name": b"extra", "type": b"4", "capacity": b"8"}
    assert "pool/vmanhv:pool:brief" not in records
    # the pools that were in use first, the kept one after them (docs/store.md)
    assert [k for k in records if k.startswith("pool/")] == [
        "pool/vmanhv:pool:fits", "pool/vmanhv:pool:extra", "pool/vmanhv:pool:huge"]


# --- accounts ------------------------------------------------------------------------

def test_accounts_survive_reboot_qemu(artifacts, boot, run_dir):
    first_pw, ops_pw, tmp_pw, ops_pw2, reset_pw = (secrets.token_urlsafe(12) for _ in range(5))
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={first_pw}",
                                 run_dir / "disk.img")

    def create(ep, name, pw):
        status, root = post(ep[0], USER, ep[2], envelope(TRANSFER + "Create", ACCOUNT_URI,
                                                         account_body(name, pw)))
        assert status == 200, dump(root)

    def first(ep):
        create(ep, "ops", ops_pw)
        create(ep, "tmp", tmp_pw)
        return enumerate_names(ep, ACCOUNT_URI)

    res, talked = session(boot, disk, first_pw, first)
    assert talked == [USER, "ops", "tmp"]

    # no password= now: the store's users stand, nothing generated
    restamp(disk, f"user={USER}")

    def second(ep):
        assert can_log_in(ep, USER, first_pw)
        assert can_log_in(ep, "ops", ops_pw)
        assert can_log_in(ep, "tmp", tmp_pw)
        keys = {**ACCOUNT_KEYS, "Name": "tmp"}
        status, root = post(ep[0], USER, ep[2], envelope(TRANSFER + "Delete", ACCOUNT_URI, "",
                                                         keys))
        assert status == 200, dump(root)
        keys = {**ACCOUNT_KEYS, "Name": "ops"}
        status, root = post(ep[0], USER, ep[2], envelope(TRANSFER + "Put", ACCOUNT_URI,
                                                         account_body("ops", ops_pw2), keys))
        assert status == 200, dump(root)
        return True

    res, talked = session(boot, disk, first_pw, second)
    assert talked
    assert res.find(r"^auth: 3 users from the configuration store$"), \
        res.why("the stored users should be restored")
    assert not res.find(r"generated password"), res.why("a stored user needs no generated one")

    # password= again: it resets its user's password, the others stand
    restamp(disk, f"user={USER} password={reset_pw}")

    def third(ep):
        return {
            "names": enumerate_names(ep, ACCOUNT_URI),
            "reset": can_log_in(ep, USER, reset_pw),
            "old": can_log_in(ep, USER, first_pw),
            "ops new": can_log_in(ep, "ops", ops_pw2),
            "ops old": can_log_in(ep, "ops", ops_pw),
            "tmp": can_log_in(ep, "tmp", tmp_pw),
        }

    res, talked = session(boot, disk, reset_pw, third)
    assert talked == {"names": [USER, "ops"], "reset": True, "old": False, "ops new": True,
                          "ops old": False, "tmp": False}, talked
    assert res.find(r"^auth: 2 users from the configuration store; the command line's "
                    r"password for its user$"), res.why("the reset should be said")

    # never a password on the disk: H(A1) only (the command line's is in LBA 1)
    with open(disk, "rb") as f:
        f.seek(STORE_OFFSET)
        part = f.read(2 * SLOT_BYTES)
    for pw in (first_pw, ops_pw, tmp_pw, ops_pw2, reset_pw):
        assert pw.encode() not in part, "a password is in the configuration store"
    _, records = read_store(disk)
    users = [v for n, v in fields(records["auth/users"]) if n == "user"]
    assert users == [USER.encode(), b"ops"]


# --- AutomaticStartupAction under VT-x ------------------------------------------------

def test_automatic_startup_bochs(artifacts, boot, run_dir):
    """Definitions as a running firmware writes them, booted in Bochs: 4 and
    3-while-active start, 3-while-inactive and 2 do not."""
    disk = emulators.stamp_image(artifacts.img, "user=vmanhv password=startup-test",
                                 run_dir / "disk.img")
    small = str(256 << 10)
    write_store(disk, {
        "vm/always": definition(name="always", image="hello", memory=small, startup="4"),
        "vm/was-on": definition(name="was-on", image="hello", memory=small, startup="3",
                                active="1"),
        "vm/was-off": definition(name="was-off", image="hello", memory=small, startup="3",
                                 active="0"),
        "vm/manual": definition(name="manual", image="hello", memory=small, startup="2",
                                active="1"),
    })
    # the started guests have run (they halt within their first few exits) by the
    # time the summary line is out: a few seconds more are for safety only
    res = boot(Bochs(disk, cpus=2), until=r"^definitions: \d+ VMs recreated", timeout=300,
               linger=5)
    assert res.find(r"^definitions: 4 VMs recreated, 2 started, 0 kept without a VM$"), \
        res.why("two of four VMs should be started")
    for name in ("always", "was-on"):
        assert res.find(rf"^definitions: VM {name} started \(AutomaticStartupAction \d\)$"), \
            res.why(f"{name} should be started")
        assert res.find(rf"^\[vm {name}\] hypervisor: vmanhv"), \
            res.why(f"{name} should run hello to its end")
    for name in ("was-off", "manual"):
        assert not res.find(rf"^definitions: VM {name} (not )?started"), \
            res.why(f"{name} should not be started")


def test_previously_active_follows_the_vm_bochs(artifacts, boot, run_dir):
    """A VM that stops by itself (hello halts) is written as inactive by the
    management loop's watch; at the next boot AutomaticStartupAction 3 leaves
    it off while 4 starts its VM again."""
    disk = emulators.stamp_image(artifacts.img, "user=vmanhv password=startup-test",
                                 run_dir / "disk.img")
    small = str(256 << 10)
    write_store(disk, {
        "vm/always": definition(name="always", image="hello", memory=small, startup="4"),
        "vm/was-on": definition(name="was-on", image="hello", memory=small, startup="3",
                                active="1"),
    })
    written = r"^definitions: written again: a VM started or stopped \(generation \d+\)$"
    res = boot(Bochs(disk, cpus=2), until=written, timeout=300, linger=0.5)
    assert res.find(written), res.why("the stopped VMs should be written as inactive")
    _, records = read_store(disk)
    for name in ("always", "was-on"):
        assert dict(fields(records[f"vm/{name}"]))["active"] == b"0", \
            res.why(f"{name} halted: it is no longer active")

    # Bochs locks its disk image with a file it removes only when it exits by
    # itself; the run above was cut, so the lock is stale
    disk.with_name(disk.name + ".lock").unlink(missing_ok=True)
    res = boot(Bochs(disk, cpus=2), until=r"^definitions: \d+ VMs recreated", timeout=300,
               linger=5)
    assert res.find(r"^definitions: 2 VMs recreated, 1 started, 0 kept without a VM$"), \
        res.why("only the VM marked Always should start")
    assert res.find(r"^definitions: VM always started \(AutomaticStartupAction 4\)$"), \
        res.why("always should be started")
    assert not res.find(r"^definitions: VM was-on started"), \
        res.why("was-on had stopped before the reboot")


def test_defined_over_wsman_started_under_vtx_bochs(artifacts, boot, run_dir):
    """End to end: VMs defined over WS-Man in QEMU (management-only mode),
    then the same disk booted in Bochs with VT-x: the one marked Always
    startup runs its guest, the other stays defined."""
    password = secrets.token_urlsafe(12)
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={password}",
                                 run_dir / "disk.img")

    def define_both(ep):
        assert define_vm(ep, "auto", "hello", 1, 1, startup=4)[0] == 0
        assert define_vm(ep, "manual", "hello", 1, 1)[0] == 0
        return True

    session(boot, disk, password, define_both)
    res = boot(Bochs(disk, cpus=2), until=r"^definitions: \d+ VMs recreated", timeout=300,
               linger=5)
    assert res.find(r"^definitions: 2 VMs recreated, 1 started, 0 kept without a VM$"), \
        res.why("both VMs recreated, the one marked Always started")
    assert res.find(r"^definitions: VM auto started \(AutomaticStartupAction 4\)$"), \
        res.why("auto should be started")
    assert res.find(r"^\[vm auto\] hello from guest"), res.why("auto should run hello")
    assert not res.find(r"^definitions: VM manual (not )?started"), \
        res.why("manual is AutomaticStartupAction 2 (the default)")


# --- the host rebooted: pools, terms, certificate, auto-start --------------------------

BOCHS_BOOT_S = 300 * emulators.TIMEOUT_SCALE
STATE_WAIT_S = 60 * emulators.TIMEOUT_SCALE
TLS_WAIT_S = 120 * emulators.TIMEOUT_SCALE
FINGERPRINT = r"^tls: certificate sha256 fingerprint ([0-9A-F:]{95})$"
RASD_PROPS = ("VirtualQuantity", "AllocationUnits", "Reservation", "Limit", "Weight", "PoolID")
VSSD_PROPS = ("ElementName", "AutomaticStartupAction", "KernelImage", "KernelCommandLine")
POOL_PROPS = ("Capacity", "Reserved", "CurrentlyConsumedResource", "MaxConsumableResource",
              "Primordial", "ResourceType", "AllocationUnits")


def bochs_session(boot, run_dir: Path, disk: Path, password: str, talk):
    """Boot disk in Bochs with VT-x (2 CPUs: one for guests), its e1000 on
    slirp with 5985 and 5986 forwarded, until the endpoint is up; run
    talk(ep, https_port) against it, then cut the power: (Result, talk's)."""
    http_port, https_port = emulators.free_port(), emulators.free_port()
    (run_dir / "slirp.conf").write_text(
        "# slirp config\n" f"hostfwd = tcp:127.0.0.1:{http_port}-:5985\n"
        f"hostfwd = tcp:127.0.0.1:{https_port}-:5986\n")
    # a cut Bochs leaves its disk lock behind (test_previously_active_follows_the_vm_bochs)
    disk.with_name(disk.name + ".lock").unlink(missing_ok=True)
    bochs = Bochs(disk, cpus=2, nic="ethmod=slirp, script=slirp.conf")
    box = {}

    def during(res: emulators.Result) -> None:
        box["out"] = talk((http_port, None, password, run_dir), https_port)

    res = boot(bochs, until=HTTP_UP, timeout=BOCHS_BOOT_S, while_running=during)
    assert res.find(HTTP_UP), res.why("the endpoint did not come up")
    assert "out" in box, res.why("the session did not finish")
    return res, box["out"]


def served_fingerprint(https_port: int) -> str:
    """SHA-256 of the certificate the HTTPS endpoint presents, as the console prints it."""
    pem = ssl.get_server_certificate(("127.0.0.1", https_port), timeout=TLS_WAIT_S)
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def wait_until(check, what: str) -> None:
    deadline = time.monotonic() + STATE_WAIT_S
    while not check():
        assert time.monotonic() < deadline, f"{what}: not within {STATE_WAIT_S} s"
        time.sleep(1)


def seen(ep, vms: tuple[str, ...]) -> dict:
    """Everything the reboot must keep, read through raw SOAP Get and Enumerate."""
    def props(inst, names):
        return {n: prop(inst, n) for n in names}

    out = {"systems": sorted(vm_names(ep)),
           "pool ids": sorted(enumerate_names(ep, POOL_URI, "InstanceID")),
           "rasds": sorted(enumerate_names(ep, RASD_URI, "InstanceID"))}
    for pid in out["pool ids"]:
        out[pid] = props(get(ep, POOL_URI, {"InstanceID": pid}), POOL_PROPS)
    for vm in vms:
        out[vm] = props(get(ep, VSSD_URI, {"InstanceID": f"vmanhv:{vm}"}), VSSD_PROPS)
        for kind in ("processor", "memory"):
            out[f"{vm} {kind}"] = props(get(ep, RASD_URI, {"InstanceID":
                                                           f"vmanhv:{vm}:{kind}"}), RASD_PROPS)
    return out


def modify_system(ep, vm: str, **settings: tuple[str, str]) -> int:
    props = {"InstanceID": ("string", f"vmanhv:{vm}"), **settings}
    status, root = invoke(ep, "ModifySystemSettings", "<p:SystemSettings>"
                          f"{cimxml('vmanhv_VirtualSystemSettingData', props)}"
                          "</p:SystemSettings>")
    assert status == 200, dump(root)
    return return_value(root, "ModifySystemSettings")


def ticks_since_start(run_dir: Path, vm: str) -> list[int]:
    """The `[vm VM] tick N` counts printed after this boot started VM."""
    log = (run_dir / "serial.log").read_text(errors="replace").splitlines()
    starts = [i for i, line in enumerate(log) if line.startswith(f"definitions: VM {vm} started")
              or line.startswith(f"vm {vm} started on cpu")]
    first = starts[-1] if starts else len(log)
    marks = (re.match(rf"^\[vm {vm}\] tick (\d+)$", line) for line in log[first:])
    return [int(m.group(1)) for m in marks if m]


def set_up_host(ep, https_port: int) -> dict:
    """Pools, terms, a reconfigured and running VM: what the first boot leaves behind."""
    assert create_child(ep, "fast", 3, 1, "count")[0] == 0
    assert create_child(ep, "small", 4, 32, "MegaBytes")[0] == 0
    # from the child pools, with a Reservation, then Limit and Weights modified
    assert define_allocated(ep, "pooled", 1, 16, reservation=1, image="hello64",
                            pools=("vmanhv:pool:fast", "vmanhv:pool:small")) == 0
    rv, root = modify(ep, {"InstanceID": ("string", "vmanhv:pooled:processor"),
                           "ResourceType": ("uint16", "3"), "Limit": ("uint64", "1"),
                           "AllocationUnits": ("string", "count"), "Weight": ("uint32", "300")})
    assert rv == 0, dump(root)
    rv, root = modify(ep, {"InstanceID": ("string", "vmanhv:pooled:memory"),
                           "ResourceType": ("uint16", "4"), "Weight": ("uint32", "50")})
    assert rv == 0, dump(root)
    # 2 vCPUs and 64 MiB of the tick guest, then relabelled, given a command line
    # and AutomaticStartupAction 3 by ModifySystemSettings, and started
    assert define_vm(ep, "ticker", "tick", 64, 2)[0] == 0
    assert modify_system(ep, "ticker", ElementName=("string", "Ticker, rack 2"),
                         KernelCommandLine=("string", "tick=steady"),
                         AutomaticStartupAction=("uint16", "3")) == 0
    assert request_state(ep, "ticker", 2) in ("0", "4096")
    wait_until(lambda: enabled_state(ep, "ticker") == "2", "ticker running")
    wait_until(lambda: len(ticks_since_start(ep[3], "ticker")) >= 2, "ticker ticking")
    return {"seen": seen(ep, ("pooled", "ticker")), "tls": served_fingerprint(https_port)}


def test_host_reboot_bochs(artifacts, boot, run_dir):
    """The host-reboot proof of issue 5: pools, terms, definitions changed by
    ModifyResourceSettings and ModifySystemSettings, the TLS certificate, and a
    running VM marked AutomaticStartupAction 3, all back after a restart of
    the emulator on the same disk."""
    password = secrets.token_urlsafe(12)
    disk = emulators.stamp_image(artifacts.img, f"user={USER} password={password}",
                                 run_dir / "disk.img")
    res, before = bochs_session(boot, run_dir, disk, password, set_up_host)
    made = res.find(FINGERPRINT)
    assert made and made[0].group(1) == before["tls"], res.why("the served certificate")
    was = before["seen"]
    assert was["systems"] == ["pooled", "ticker"]
    assert {f"vmanhv:{vm}:{kind}" for vm in ("pooled", "ticker")
            for kind in ("processor", "memory")} <= set(was["rasds"]), was["rasds"]
    assert was["pool ids"] == ["vmanhv:pool:fast", "vmanhv:pool:memory",
                               "vmanhv:pool:processor", "vmanhv:pool:small"]
    assert was["pooled processor"] == {"VirtualQuantity": "1", "AllocationUnits": "count",
                                       "Reservation": "1", "Limit": "1", "Weight": "300",
                                       "PoolID": "vmanhv:pool:fast"}, was
    assert (was["pooled memory"]["Weight"], was["pooled memory"]["PoolID"]) == \
        ("50", "vmanhv:pool:small"), was
    assert was["ticker"] == {"ElementName": "Ticker, rack 2", "AutomaticStartupAction": "3",
                             "KernelImage": "tick", "KernelCommandLine": "tick=steady"}, was
    assert was["ticker processor"]["VirtualQuantity"] == "2", was
    assert (was["vmanhv:pool:fast"]["Capacity"], was["vmanhv:pool:small"]["Capacity"]) == \
        ("1", "32"), was
    # each primordial pool reserves its child's share (and the memory pool
    # ticker's RAM) and is consumed by the VMs allocating from it directly; the
    # child pools by pooled (docs/allocation.md, "The pools' figures")
    figures = {pid: (was[pid]["Reserved"], was[pid]["CurrentlyConsumedResource"])
               for pid in was["pool ids"]}
    assert figures == {"vmanhv:pool:processor": ("1", "2"), "vmanhv:pool:fast": ("0", "1"),
                       "vmanhv:pool:memory": (str(32 + 64), "64"),
                       "vmanhv:pool:small": ("16", "16")}, figures

    # what the disk holds when the power goes
    _, records = read_store(disk)
    assert dict(fields(records["pool/vmanhv:pool:small"])) == {
        "format": b"1", "name": b"small", "type": b"4", "capacity": b"32"}
    pooled = dict(fields(records["vm/pooled"]))
    assert (pooled["cpu_reservation"], pooled["cpu_limit"], pooled["cpu_weight"],
            pooled["memory_weight"], pooled["cpu_pool"], pooled["memory_pool"]) == \
        (b"1", b"1", b"300", b"50", b"vmanhv:pool:fast", b"vmanhv:pool:small"), pooled
    assert dict(fields(records["vm/ticker"]))["active"] == b"1"

    def after_reboot(ep, https_port):
        wait_until(lambda: len(ticks_since_start(run_dir, "ticker")) >= 2,
                   "ticker ticking again")
        return {"seen": seen(ep, ("pooled", "ticker")), "tls": served_fingerprint(https_port),
                "ticker": enabled_state(ep, "ticker"), "pooled": enabled_state(ep, "pooled")}

    res, after = bochs_session(boot, run_dir, disk, password, after_reboot)
    assert after["seen"] == was, res.why("the definitions or pools changed across the reboot")
    assert after["tls"] == before["tls"], res.why("another certificate after the reboot")
    assert (after["ticker"], after["pooled"]) == ("2", "3"), res.why("ticker runs, pooled not")
    assert res.find(r"^pools: 2 child pools made again, 0 kept without a pool$"), \
        res.why("both child pools made again")
    assert res.find(r"^definitions: VM ticker started \(AutomaticStartupAction 3\)$"), \
        res.why("ticker was running: AutomaticStartupAction 3 starts it")
    assert res.find(r"^definitions: 2 VMs recreated, 1 started, 0 kept without a VM$"), \
        res.why("the summary line")
    assert res.index(r"^pools: 2 child pools") < res.index(r"^definitions: 2 VMs") < \
        res.index(HTTP_UP), res.why("pools, then definitions, then the endpoint")
