#!/bin/bash
# Harness self-test: a scenario that never ends must be killed by its
# timeout and reported; it also leaves a background process behind, which
# the harness must clean up before the next scenario.
# expect: timeout
# timeout: 5

sleep 1000 &
while :; do
	sleep 1000
done
