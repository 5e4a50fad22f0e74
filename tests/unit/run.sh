#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Runs the host unit-test programs that mk/tests.mk built and adds up what
# cmocka reports:   tests/unit/run.sh COUNTS_FILE [TEST_PROGRAM...]
#
# Each program's own cmocka summary is shown as it runs; the last line is
# `unit: N passed, N failed`, and COUNTS_FILE gets "passed failed skipped" for
# `make check`'s closing line.  A program that dies before its summary (a
# sanitizer report, a signal) counts as one failure.
set -uo pipefail

counts=$1
shift
passed=0
failed=0
skipped=0
broken=()

if [[ $# -eq 0 ]]; then
	echo "unit: no unit tests yet (tests/unit/test_*.c)"
fi

for prog in "$@"; do
	name=$(basename "$prog")
	out=$(mktemp)
	"$prog" 2>&1 | tee "$out"
	status=${PIPESTATUS[0]}
	# cmocka: "[  PASSED  ] 3 test(s)." / "[  FAILED  ] 1 test(s), listed below:"
	#         "[  SKIPPED ] 1 test(s), listed below:"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:.*/\1/p' "$out" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s), listed below:.*/\1/p' "$out" | tail -1)
	rm -f "$out"
	if [[ -z $p && -z $f ]]; then
		echo "unit: $name ended with status $status before cmocka's summary"
		failed=$((failed + 1))
		broken+=("$name")
		continue
	fi
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	skipped=$((skipped + ${s:-0}))
	if [[ $status -ne 0 && ${f:-0} -eq 0 ]]; then
		echo "unit: $name exited with status $status"
		failed=$((failed + 1))
		broken+=("$name")
	elif [[ ${f:-0} -ne 0 ]]; then
		broken+=("$name")
	fi
done

mkdir -p "$(dirname "$counts")"
echo "$passed $failed $skipped" > "$counts"
[[ ${#broken[@]} -eq 0 ]] || echo "unit: failing: ${broken[*]}"
if [[ $skipped -ne 0 ]]; then
	echo "unit: $passed passed, $failed failed, $skipped skipped"
else
	echo "unit: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
