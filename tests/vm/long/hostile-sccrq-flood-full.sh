#!/bin/bash
# timeout: 720
#
# hostile-sccrq-flood at full size (make check-long): the default
# max_tunnels (4096), which the old code let 4096 / 31 = 132 spoofed
# SCCRQs a second keep full; the flood runs at 400/s, over 3x that, for
# 5 minutes from 6000 addresses of 10.200.0.0/16.  Same checks: every
# real dial up within 10 s, RSS bounded, bytes out <= bytes in.
FLOOD_MAX_TUNNELS=4096
FLOOD_RATE=400
FLOOD_SECONDS=300
. tests/vm/scenarios/hostile-sccrq-flood.sh
