#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# make run: boot the raw image in the best emulator this host has and show the
# firmware's serial console on the terminal.
#
#   tools/run.sh [--image IMG] [--emulator auto|bochs|qemu|kvm] [--cpus N]
#                [--cmdline "..."] [--timeout SECONDS]
#
# auto: QEMU/KVM with -cpu host when /dev/kvm is usable and the CPU has vmx
# (nested VT-x), otherwise Bochs corei7_skylake_x with 2 CPUs, the one
# emulator that gives the firmware VT-x here.  Bochs's term display would take
# the terminal over, so it runs on a pseudo-terminal of its own (`script`) in
# the background with COM1 going to a file, and that file is followed here.
# Ctrl-C (or the end of the emulator) stops everything it started.  Without a
# terminal (CI, no stdin) the serial output is streamed all the same.
#
# The run's files (bochsrc, disk copy, serial.log, bochs.log) are under
# build/run/.  The emulator code is shared with the tests:
# tests/integration/emulators.py.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON3:-/usr/bin/python3}
exec "$python" "$here/tests/integration/emulators.py" "$@"
