# SPDX-License-Identifier: MIT
"""The configuration store on partition 2 of the boot disk (docs/store.md),
with the real firmware in QEMU TCG and its ATA disk:

- the TLS certificate made on the first boot is the one served after a
  reboot on the same disk, and a store damaged on disk is reported and
  replaced, never used;
- the power is cut (QEMU killed) at many moments while the firmware commits
  generation after generation (`store-test=N`): every next boot finds a
  generation whose test record is whole, and never one older than the last
  commit the firmware had finished.
"""

from __future__ import annotations

import random
import re
import time

import emulators
from emulators import Qemu

HTTP_UP = r"^http: listening on 5985 \(http\) and 5986 \(https\)$"
FINGERPRINT = r"^tls: certificate sha256 fingerprint ([0-9A-F:]{95})$"
STORE_LINE = r"^store: (empty: nothing kept yet|generation (\d+) from slot ([01]), \d+ bytes)$"
# docs/disk-layout.md: partition 2 starts at 17 MiB and holds 4 MiB: two slots of 2 MiB
STORE_OFFSET = 17 << 20
SLOT_BYTES = 2 << 20


def _store(res: emulators.Result) -> tuple[int, int] | None:
    """(generation, slot) from the `store:` line, None for an empty store."""
    m = res.find(STORE_LINE)
    assert len(m) == 1, res.why("expected one `store:` line (docs/console.md)")
    return (int(m[0].group(2)), int(m[0].group(3))) if m[0].group(2) else None


def _fingerprint(res: emulators.Result) -> str:
    m = res.find(FINGERPRINT)
    assert len(m) == 1, res.why("expected one `tls: certificate sha256 fingerprint` line")
    return m[0].group(1)


def _boot_to_http(boot, disk) -> emulators.Result:
    qemu = Qemu(disk=disk, cpus=2, cpu="max", nic="user,model=e1000")
    res = boot(qemu, until=HTTP_UP, timeout=90, linger=0.5)
    assert res.find(HTTP_UP), res.why("the endpoint did not come up")
    return res


def test_tls_certificate_survives_reboot_qemu(artifacts, boot, run_dir):
    disk = emulators.stamp_image(artifacts.img, "user=admin password=store-test-pw",
                                 run_dir / "disk.img")
    first = _boot_to_http(boot, disk)
    assert _store(first) is None, first.why("a new disk's store should be empty")
    made = _fingerprint(first)
    assert not first.find(r"^tls: certificate from the configuration store$")

    second = _boot_to_http(boot, disk)
    # the first boot committed twice: its user seeding the users (docs/store.md), then
    # the certificate, written last, so generation 2 in slot 1
    assert _store(second) == (2, 1), second.why("the users' and the certificate's commits: "
                                                "generation 2, slot 1")
    assert second.find(r"^tls: certificate from the configuration store$"), \
        second.why("the second boot should read its certificate back")
    assert _fingerprint(second) == made, second.why("a different certificate after a reboot")

    # one byte of slot 1's data flipped: reported, not used; slot 0 (generation 1,
    # the users alone) is the newest good copy, so a new certificate is made
    with open(disk, "r+b") as f:
        f.seek(STORE_OFFSET + SLOT_BYTES + 512 + 40)
        b = f.read(1)
        f.seek(STORE_OFFSET + SLOT_BYTES + 512 + 40)
        f.write(bytes([b[0] ^ 0x20]))
    third = _boot_to_http(boot, disk)
    assert third.find(r"^store: slot 1 fails its checksum"), \
        third.why("a damaged store must be reported")
    assert _store(third) == (1, 0), third.why("the older good copy should be used")
    assert _fingerprint(third) != made, third.why("the damaged certificate must not be served")
    assert third.find(r"^auth: 1 users from the configuration store$"), \
        third.why("the users come from slot 0 (the same password=: nothing to reset)")


def test_power_cut_during_commits_qemu(artifacts, boot, run_dir):
    """Kill QEMU at random moments of a run of commits, 12 times; after each
    cut the next boot checks the test record of the generation it loads."""
    disk = emulators.stamp_image(artifacts.img, "store-test=200", run_dir / "disk.img")
    rng = random.Random(20261126)
    done = 0                    # the last generation a run said it committed
    cuts = 12
    for cut in range(cuts):
        target = rng.randint(1, 6)
        delay = rng.uniform(0.0, 0.25)
        hit = {}

        def cut_power(res: emulators.Result) -> None:
            # wait for `target` more commits, then a moment more, then cut
            end = time.monotonic() + 60 * emulators.TIMEOUT_SCALE
            pattern = re.compile(r"^store-test: committed generation (\d+)$", re.M)
            while time.monotonic() < end:
                text = (run_dir / "serial.log").read_text(errors="replace")
                gens = [int(g) for g in pattern.findall(text)]
                if len(gens) >= target:
                    break
                time.sleep(0.01)
            time.sleep(delay)
            hit["at"] = time.monotonic()

        res = boot(Qemu(disk=disk, cpus=1), until=r"^store-test: committed generation \d+$",
                   timeout=120, while_running=cut_power)
        assert not res.find(r"INCONSISTENT"), res.why("a mixed store was loaded")
        store = _store(res)
        loaded = store[0] if store else 0
        assert loaded >= done, res.why(
            f"cut {cut}: generation {loaded} loaded, but generation {done} had been committed")
        checked = res.find(r"^store-test: generation (\d+) (consistent|has no test record)$")
        assert checked and int(checked[0].group(1)) == loaded, res.why("no check of the record")
        if loaded > 0:
            assert checked[0].group(2) == "consistent", res.why("the loaded record is not whole")
        text = (run_dir / "serial.log").read_text(errors="replace")
        gens = [int(g) for g in re.findall(r"^store-test: committed generation (\d+)$",
                                           text, re.M)]
        assert gens, res.why("no commit happened before the cut")
        done = max(gens)
    assert done >= cuts, f"only {done} generations committed over {cuts} runs"


DEF_COMMITTED = r"^definitions-test: committed round (\d+)$"
DEF_CHECKED = r"^definitions-test: round (\d+) (consistent|INCONSISTENT: .*)$"


def test_power_cut_during_definition_writes_qemu(artifacts, boot, run_dir):
    """Kill QEMU at varied moments while the firmware changes VM definitions
    round after round, each written by definitions_save() (`definitions-test=N`,
    mgmt/store/definitions_test.h: VMs relabelled, redefined with other vCPUs
    and memory, destroyed and defined again, a child pool made again with
    another capacity and a VM's Weight and PoolID changed); after each cut the
    next boot makes the pool again, recreates the VMs from the store and
    checks they are exactly one round's, never a mix, and never older than the
    last round the firmware had reported written."""
    disk = emulators.stamp_image(artifacts.img, "definitions-test=200", run_dir / "disk.img")
    rng = random.Random(20261127)
    done = 0                    # the last round a run said it committed
    cuts = 12
    for cut in range(cuts):
        target = rng.randint(1, 8)
        delay = rng.uniform(0.0, 0.2)

        def cut_power(res: emulators.Result) -> None:
            end = time.monotonic() + 60 * emulators.TIMEOUT_SCALE
            pattern = re.compile(DEF_COMMITTED, re.M)
            while time.monotonic() < end:
                text = (run_dir / "serial.log").read_text(errors="replace")
                if len(pattern.findall(text)) >= target:
                    break
                time.sleep(0.01)
            time.sleep(delay)

        res = boot(Qemu(disk=disk, cpus=1), until=DEF_COMMITTED, timeout=120,
                   while_running=cut_power)
        checked = res.find(DEF_CHECKED)
        assert len(checked) == 1, res.why("expected one `definitions-test: round K` check")
        assert checked[0].group(2) == "consistent", res.why(f"cut {cut}: a mixed store")
        assert not res.find(r"^definitions: .* not recreated"), \
            res.why(f"cut {cut}: a stored definition could not be recreated")
        loaded = int(checked[0].group(1))
        assert loaded >= done, res.why(
            f"cut {cut}: round {loaded} loaded, but round {done} had been written")
        text = (run_dir / "serial.log").read_text(errors="replace")
        rounds = [int(r) for r in re.findall(DEF_COMMITTED, text, re.M)]
        assert rounds, res.why("no round was written before the cut")
        print(f"cut {cut}: loaded round {loaded}, then wrote {min(rounds)}..{max(rounds)}")
        done = max(rounds)
    assert done >= cuts, f"only {done} rounds written over {cuts} runs"
