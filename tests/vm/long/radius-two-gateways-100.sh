#!/bin/bash
# timeout: 300
#
# radius-two-gateways at full size (make check-long): 100 sessions per
# gateway, 200 addresses from one sqlippool on a /24, none twice, every
# lease freed by its Stop.  Same checks as the 2 x 30 of make check.
TWO_GW_PER=100
TWO_GW_POOL_LEN=24
. tests/vm/scenarios/radius-two-gateways.sh
