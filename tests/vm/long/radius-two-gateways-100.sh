#!/bin/bash
# timeout: 600
#
# radius-two-gateways with 100 sessions per gateway (make check-long): two
# l2tpgwd LNS, one FreeRADIUS with sqlippool on SQLite (a /24: 254
# addresses for 200 sessions), no address to two clients, every lease
# freed by its Accounting Stop.  See tests/vm/scenarios/radius-two-gateways.sh.
RADIUS_TWO_GW_PER=100
RADIUS_TWO_GW_POOL_LEN=24
# shellcheck source=tests/vm/scenarios/radius-two-gateways.sh
. tests/vm/scenarios/radius-two-gateways.sh
