# SPDX-License-Identifier: MIT
"""Fixtures for the integration tests: the built images, a run folder per
test (kept under build/test-logs/ when the test fails) and the boot helper.

`make integration` builds the images first; running pytest by hand
(`python3 -m pytest tests/integration`) expects them under build/ already.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import emulators  # noqa: E402

BUILD = emulators.BUILD
RUNS = BUILD / "test-runs"
KEPT = BUILD / "test-logs"


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(emulators.ROOT))
    except ValueError:
        return str(p)


def _slug(text: str) -> str:
    """A file name for text; a long one is cut and ends in a hash of the
    whole, so two command lines that share their first 100 characters do not
    share a cached image."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")
    if len(slug) <= 120:
        return slug
    return slug[:100] + "-" + hashlib.sha256(text.encode()).hexdigest()[:16]


# --- reports: keep the logs of failed tests, count results for `make check` ---

@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Write the counts `make check` adds up into its closing line."""
    out = os.environ.get("VMANHV_RESULTS")
    if not out:
        return
    stats = terminalreporter.stats
    n = {k: len(stats.get(k, [])) for k in ("passed", "failed", "error", "skipped")}
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(f"{n['passed']} {n['failed'] + n['error']} {n['skipped']}\n")


# --- fixtures -------------------------------------------------------------------

class Artifacts:
    """The images `make` builds, checked once per session."""

    def __init__(self) -> None:
        self.elf = BUILD / "vmanhv.elf"
        self.img = BUILD / "vmanhv.img"
        self.iso = BUILD / "vmanhv.iso"
        missing = [_rel(p) for p in (self.elf, self.img, self.iso) if not p.exists()]
        if missing:
            pytest.fail(f"missing {', '.join(missing)}: run `make integration` "
                        "(it builds the images first)", pytrace=False)
        self._cache = RUNS / "_images"
        shutil.rmtree(self._cache, ignore_errors=True)
        self._made: dict[tuple[str, str], Path] = {}

    def raw(self, cmdline: str) -> Path:
        """The raw image with this command line (a shared, cached copy)."""
        key = ("img", cmdline)
        if key not in self._made:
            self._made[key] = emulators.stamp_image(
                self.img, cmdline, self._cache / f"{_slug(cmdline) or 'empty'}.img")
        return self._made[key]

    def grub_iso(self, cmdline: str) -> Path:
        """A GRUB ISO of the ELF with this command line (a shared, cached copy)."""
        key = ("iso", cmdline)
        if key not in self._made:
            self._made[key] = emulators.make_iso(
                self.elf, cmdline, self._cache / f"{_slug(cmdline) or 'empty'}.iso")
        return self._made[key]


@pytest.fixture(scope="session")
def artifacts() -> Artifacts:
    return Artifacts()


@pytest.fixture
def run_dir(request) -> Path:
    """build/test-runs/<test>/, fresh; copied to build/test-logs/<test>/ if the test fails."""
    name = _slug(request.node.name)
    d = RUNS / name
    kept = KEPT / name
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(kept, ignore_errors=True)
    d.mkdir(parents=True)
    yield d
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        # Disk images are copies of build/ artefacts: keep the logs, not them.
        shutil.copytree(d, kept, ignore=shutil.ignore_patterns("*.img", "*.iso", "OVMF_VARS.fd"))


@pytest.fixture
def boot(run_dir, request):
    """boot(emulator, **run_options) -> emulators.Result, run in this test's folder."""
    hint = f"logs kept in {_rel(KEPT / _slug(request.node.name))}/ (command.txt, serial.log, ...)"

    def _boot(emu: emulators.Emulator, **kw) -> emulators.Result:
        res = emulators.run(emu, run_dir, log_hint=hint, **kw)
        took = f"{res.elapsed:.1f}s"
        if res.match_time is not None:
            took += f" (marker after {res.match_time:.1f}s)"
        request.node.user_properties.append(("emulator_seconds", round(res.elapsed, 1)))
        print(f"{res.emulator}: {took}")
        return res

    return _boot


@pytest.fixture
def kvm():
    """Skip unless QEMU/KVM with nested VT-x can run here."""
    why = emulators.kvm_unusable_reason()
    if why:
        pytest.skip(f"needs QEMU/KVM with nested VT-x: {why}")
