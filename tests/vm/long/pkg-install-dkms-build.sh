#!/bin/bash
# timeout: 1500
# boot: own
# mem: 1536
#
# pkg-install-demo with the guest's kernel headers present during dpkg -i,
# so that l2tpgw-dkms's postinst has DKMS compile the module in the guest,
# as on a gateway; 861 s under TCG (dpkg -i 774 s), hence not in make check,
# whose pkg-install-demo installs the host's DKMS build of the same
# package's source.
PKG_DKMS_BUILD=guest
. tests/vm/scenarios/pkg-install-demo.sh
