#!/bin/bash
# timeout: 600
#
# daemon-setup-loss at full size (make check-long): 200 calls dialled at
# once by l2tpgwd as LAC (4 tunnels of 50) and 20 from xl2tpd+pppd,
# through netem with 10% loss, 25% reordering and 50+-20 ms delay each
# way: all up, each passes a ping through its own device, none lost for
# good.
SETUP_LOSS_TUNNELS=4
SETUP_LOSS_PER_TUNNEL=50
SETUP_LOSS_XL2TPD=20
SETUP_LOSS_UP_WITHIN=400
. tests/vm/scenarios/daemon-setup-loss.sh
