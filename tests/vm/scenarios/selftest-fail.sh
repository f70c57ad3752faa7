#!/bin/bash
# Harness self-test: a scenario whose check fails must be reported as
# failed.  Passes only because the header below inverts the verdict.
# expect: fail
# timeout: 30

. tests/vm/lib/netns.sh

check "a check that holds" true
check "a check that does not hold" false
echo "unreachable: check must have exited the scenario"
exit 0
