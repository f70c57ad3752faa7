# shellcheck shell=bash
# FreeRADIUS (Debian's freeradius 3.2.1) for VM scenarios, with the
# configuration in docs/freeradius/ (README.md there lists its users).
# Sourced after lib/netns.sh:
#
#   . tests/vm/lib/netns.sh
#   . tests/vm/lib/radius.sh
#
# Set-up
#   radius_link RNS GWNS I           namespace RNS (made if missing) linked
#                                    to GWNS: RNS gwI 10.4.I.2/24 ---
#                                    GWNS radI 10.4.I.1/24; the gateway
#                                    reaches the server at 10.4.I.2
#   radius_user LINE...              an entry (its lines) for the users file,
#                                    put before the tree's (for every server
#                                    started afterwards)
#   radius_start NS [LISTEN [CLIENT [SECRET [POOL_CIDR]]]]
#                                    FreeRADIUS in NS, its files in
#                                    $(radius_dir NS); returns once it is
#                                    ready.  LISTEN: address for auth 1812
#                                    and acct 1813 (default * ); CLIENT: the
#                                    gateways' address or prefix (default
#                                    10.0.0.0/8); SECRET: default
#                                    $RADIUS_SECRET; POOL_CIDR: addresses
#                                    from sqlippool on SQLite (pool
#                                    "l2tpgw", every host address of the
#                                    prefix; one server thread) instead of
#                                    none.  Its log,
#                                    detail files and database are copied to
#                                    $L2TPGW_OUT/radius-NS/ at exit.
#   radius_stop NS                   stop it (SIGTERM), wait until gone
#   radius_pid NS / radius_dir NS    its PID / its directory
#   radius_pool_db NS                its SQLite database (sqlippool only)
#
# Talking to it, or to a gateway: radclient from namespace NS; SERVER is
# ADDR or ADDR:PORT; the secret is $RADIUS_SECRET (set it for the call to
# change it); RADIUS_PARALLEL=N keeps N requests in flight (default 1),
# RADIUS_TIMEOUT=S waits S seconds for each answer (default 2, one retry).
# Not in $(...): the replies go to the array RADIUS_REPLY, one element per
# request, "Code = Access-Accept" (the reply's type, or "Code =
# none" without an answer) then the reply's attributes, a "Name = value"
# line each (strings unquoted, octets in hex); they are printed too.  The
# single-request forms return 0 for an Accept / Accounting-Response / ACK,
# 1 for a Reject / NAK, 2 for no answer.
#   radius_auth NS SERVER USER PASSWORD METHOD [ATTR=VALUE...]
#                                    an Access-Request: METHOD pap, chap or
#                                    mschapv2; after an mschapv2 Accept the
#                                    line "MS-CHAP2-Success-Verified =
#                                    yes|no" (its authenticator response
#                                    checked, RFC 2759)
#   radius_auths NS SERVER < LINES   many in one radclient run (each start
#                                    costs seconds under TCG): a line "USER
#                                    PASSWORD METHOD [ATTR=VALUE...]" each
#   radius_acct NS SERVER ATTR=VALUE...
#                                    an Accounting-Request
#   radius_accts NS SERVER < LINES   many: a line of ATTR=VALUE words each
#   radius_dae NS GATEWAY disconnect|coa ATTR=VALUE...
#                                    a Disconnect- or CoA-Request to GATEWAY
#                                    (port 3799 unless given), with a
#                                    Message-Authenticator
#   radius_client NS SERVER PORT TYPE PACKETS
#                                    radclient TYPE (auth, acct, disconnect,
#                                    coa, status) with PACKETS as they are
#                                    ("Name = value" lines, a blank line
#                                    between packets)
#   radius_code K                    RADIUS_REPLY[K]'s verdict (0, 1, 2)
#   radius_code_is K TYPE            RADIUS_REPLY[K] is of TYPE, e.g.
#                                    Access-Reject (for check)
#   radius_attr K NAME               the value of NAME in RADIUS_REPLY[K]
#                                    (fails if absent)
#
# What the server saw (USER "" = any user; STATUS an Acct-Status-Type name:
# Start, Stop, Interim-Update, Accounting-On, Accounting-Off)
#   radius_acct_count NS USER [STATUS]      how many accounting records
#   radius_acct_has NS USER STATUS [N]      at least N (default 1) (for
#                                           wait_for)
#   radius_acct_last NS USER ATTR [STATUS]  ATTR of the last such record
#                                           (empty if none; strings
#                                           unquoted, enumerations by name:
#                                           Acct-Terminate-Cause = Idle-Timeout)
#   radius_acct_records NS [USER]           the records, one line each:
#                                           "Attr=value|Attr=value|..."
#   radius_auth_last NS USER ATTR           ATTR of USER's last
#                                           Access-Request (auth-detail)
#   radius_logged NS REGEX                  radius.log has a line matching
#                                           REGEX (ERE), e.g.
#                                           'Login OK: \[alice\]'
#
#   ns_add lns; radius_link radius lns 1
#   radius_start radius
#   radius_auth lns 10.4.1.2 alice alice-secret chap

RADIUS_SECRET=${RADIUS_SECRET:-l2tpgw-radius-secret}
RADIUS_TREE=${RADIUS_TREE:-$PWD/docs/freeradius}
RADIUS_TMP=${RADIUS_TMP:-/tmp/l2tpgw-radius}
RADIUS_MSCHAPV2=$PWD/tests/vm/lib/mschapv2.py
RADIUS_USERS_EXTRA=()
declare -A RADIUS_PID=()

radius_link() {
	local rns=$1 gwns=$2 i=$3
	[[ -e /run/netns/$rns ]] || ns_add "$rns"
	veth_pair "$rns" "gw$i" "10.4.$i.2/24" "$gwns" "rad$i" "10.4.$i.1/24"
}

radius_user() {
	RADIUS_USERS_EXTRA+=("$(printf '%s\n' "$@")")
}

radius_dir() {
	echo "$RADIUS_TMP/$1"
}

radius_pid() {
	echo "${RADIUS_PID[$1]}"
}

radius_pool_db() {
	echo "$RADIUS_TMP/$1/run/pool.sqlite"
}

# radius_prepare DIR LISTEN CLIENT SECRET POOL [AUTH_PORT ACCT_PORT]: the
# tree's configuration in DIR with the templates filled in.  The files are
# 0644 or stricter: FreeRADIUS refuses a globally writable configuration.
radius_prepare() {
	local dir=$1 listen=$2 client=$3 secret=$4 pool=$5
	local aport=${6:-1812} cport=${7:-1813} f e
	rm -rf "$dir"
	mkdir -p "$dir/run"
	(cd "$RADIUS_TREE" && find . -type f ! -name '*.md' -print0) |
		while IFS= read -r -d '' f; do
			mkdir -p "$dir/${f%/*}"
			sed -e "s|@CONFDIR@|$dir|g" -e "s|@RUNDIR@|$dir/run|g" \
				-e "s|@LISTEN_ADDR@|$listen|g" -e "s|@CLIENT@|$client|g" \
				-e "s|@SECRET@|$secret|g" -e "s|@POOL@|$pool|g" \
				-e "s|@POOL_DB@|$dir/run/pool.sqlite|g" \
				-e "s|@AUTH_PORT@|$aport|g" -e "s|@ACCT_PORT@|$cport|g" \
				"$RADIUS_TREE/$f" >"$dir/$f"
		done
	if ((${#RADIUS_USERS_EXTRA[@]})); then
		for e in "${RADIUS_USERS_EXTRA[@]}"; do
			printf '%s\n\n' "$e"
		done >"$dir/users.extra"
		cat "$dir/users" >>"$dir/users.extra"
		mv "$dir/users.extra" "$dir/users"
	fi
	chmod -R go-w "$dir"
}

# radius_pool_create DB CIDR: Debian's schemas (accounting and the pool)
# and one row in pool "l2tpgw" per host address of CIDR.
radius_pool_create() {
	local db=$1 cidr=$2 net len a b c d first count
	net=${cidr%/*} len=${cidr#*/}
	IFS=. read -r a b c d <<<"$net"
	first=$(((a << 24 | b << 16 | c << 8 | d) & ~((1 << (32 - len)) - 1) & 0xffffffff))
	count=$(((1 << (32 - len)) - 2))
	{
		cat /etc/freeradius/3.0/mods-config/sql/main/sqlite/schema.sql
		cat /etc/freeradius/3.0/mods-config/sql/ippool/sqlite/schema.sql
		cat <<-EOF
		WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i
		    WHERE n < $count)
		INSERT INTO radippool (id, pool_name, framedipaddress, expiry_time)
		SELECT n, 'l2tpgw',
		    ((($first + n) >> 24) & 255) || '.' ||
		    ((($first + n) >> 16) & 255) || '.' ||
		    ((($first + n) >> 8) & 255) || '.' || (($first + n) & 255),
		    datetime('now', '-1 second') FROM i;
		EOF
	} | sqlite3 "$db"
}

radius_start() {
	local ns=$1 listen=${2:-*} client=${3:-10.0.0.0/8}
	local secret=${4:-$RADIUS_SECRET} cidr=${5:-} pool=none dir pid
	local -a opt=()
	dir=$(radius_dir "$ns")
	# SQLite takes one writer at a time: with several server threads
	# they wait on its lock in sleeps that grow (to 100 ms each under
	# TCG); one thread serves requests in order instead.
	[[ -z $cidr ]] || {
		pool=sqlippool
		opt=(-t)
	}
	radius_prepare "$dir" "$listen" "$client" "$secret" "$pool"
	[[ -z $cidr ]] || radius_pool_create "$dir/run/pool.sqlite" "$cidr"
	at_exit "radius_keep $ns"
	ip netns exec "$ns" freeradius -f "${opt[@]}" -d "$dir" -n radiusd \
		>"$dir/run/stdout.log" 2>&1 &
	pid=$!
	NETNS_BG_PIDS+=("$pid")
	RADIUS_PID[$ns]=$pid
	wait_for "FreeRADIUS in $ns ready" 60 radius_ready "$ns"
}

# Ready, or fail at once if it exited (its reasons in the scenario's log).
radius_ready() {
	local ns=$1 dir
	dir=$(radius_dir "$ns")
	if ! alive "${RADIUS_PID[$ns]}"; then
		cat "$dir/run/stdout.log" "$dir/run/radius.log" 2>/dev/null
		fail "FreeRADIUS in $ns exited"
	fi
	[[ -f $dir/run/radius.log ]] &&
		grep -q 'Ready to process requests' "$dir/run/radius.log"
}

radius_stop() {
	local ns=$1 pid=${RADIUS_PID[$1]:-} i
	[[ -n $pid ]] || return 0
	kill "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	unset "RADIUS_PID[$ns]"
}

radius_keep() {
	local dir
	dir=$(radius_dir "$1")
	mkdir -p "$L2TPGW_OUT/radius-$1"
	cp -r "$dir/run/." "$L2TPGW_OUT/radius-$1/" 2>/dev/null || true
}

# radius_client NS SERVER DEFAULT_PORT TYPE PACKETS: one radclient run (each
# start costs seconds under TCG: dictionaries over 9p) for PACKETS, packets
# of "Name = value" lines separated by blank lines.  Sets RADIUS_REPLY[K]
# for the K-th packet (from 0): "Code = TYPE" (or "Code = none") then the
# reply's attributes, a line each; prints them.  radclient -x names the
# packets by RADIUS Id (reused once answered).
radius_client() {
	local ns=$1 server=$2 port=$3 type=$4 packets=$5 out n=1 p
	[[ $server == *:* ]] || server=$server:$port
	p=$packets
	while [[ $p == *$'\n\n'* ]]; do
		p=${p#*$'\n\n'}
		n=$((n + 1))
	done
	out=$(printf '%s\n' "$packets" |
		ip netns exec "$ns" radclient -x -r 2 -t "${RADIUS_TIMEOUT:-2}" \
			-p "${RADIUS_PARALLEL:-1}" \
			"$server" "$type" \
			"$RADIUS_SECRET" 2>&1) || true
	printf '%s\n' "$out" >>"${L2TPGW_OUT:-/tmp}/radclient.log"
	RADIUS_REPLY=()
	mapfile -t -d $'\036' RADIUS_REPLY < <(awk -v total="$n" '
		/^Sent / {
			if (!($4 in busy))
				idx[$4] = ++n
			busy[$4] = 1
			on = 0
			next
		}
		/^Received / {
			k = idx[$4]
			delete busy[$4]
			code[k] = $2
			on = 1
			next
		}
		/^[^\t]/ { on = 0 }
		on && /^\t/ {
			sub(/^\t/, "")
			m = index($0, " = ")
			v = substr($0, m + 3)
			if (v ~ /^".*"$/)
				v = substr(v, 2, length(v) - 2)
			attrs[k] = attrs[k] "\n" substr($0, 1, m - 1) " = " v
		}
		END {
			for (k = 1; k <= total; k++)
				printf "Code = %s%s\036", (k in code ? code[k] : "none"), attrs[k]
		}' <<<"$out")
	radius_print
}

radius_print() {
	local r
	for r in "${RADIUS_REPLY[@]}"; do
		printf '%s\n' "$r"
	done
}

# radius_code_is K TYPE: RADIUS_REPLY[K] is of TYPE (for check)
radius_code_is() {
	[[ ${RADIUS_REPLY[$1]%%$'\n'*} == "Code = $2" ]]
}

# radius_code K: 0 accept/response/ACK, 1 reject/NAK, 2 none
radius_code() {
	case ${RADIUS_REPLY[$1]%%$'\n'*} in
	'Code = Access-Accept' | 'Code = Accounting-Response' | \
		'Code = Disconnect-ACK' | 'Code = CoA-ACK') return 0 ;;
	'Code = none') return 2 ;;
	*) return 1 ;;
	esac
}

# radius_attr K NAME: the (first) value of NAME in RADIUS_REPLY[K]
radius_attr() {
	local b=$'\n'"${RADIUS_REPLY[$1]}" v
	v=${b#*$'\n'"$2 = "}
	[[ $v != "$b" ]] || return 1
	printf '%s\n' "${v%%$'\n'*}"
}

# radius_auths NS SERVER < LINES: one Access-Request per line "USER PASSWORD
# METHOD [ATTR=VALUE...]" (no blanks inside a word), all in one radclient
# run; RADIUS_REPLY[K] per line; after an mschapv2 Accept the line
# "MS-CHAP2-Success-Verified = yes|no".
radius_auths() {
	local ns=$1 server=$2 user pass method extra line packets="" k
	local -a lines=() ms=() rest expect=()
	mkdir -p "$RADIUS_TMP"
	while read -r line; do
		[[ -n $line ]] && lines+=("$line")
	done
	: >"$RADIUS_TMP/mschapv2.in"
	for line in "${lines[@]}"; do
		read -r user pass method _ <<<"$line"
		[[ $method != mschapv2 ]] ||
			printf '%s %s\n' "$user" "$pass" >>"$RADIUS_TMP/mschapv2.in"
	done
	if [[ -s $RADIUS_TMP/mschapv2.in ]]; then
		mapfile -t ms < <(/usr/bin/python3 "$RADIUS_MSCHAPV2" --batch \
			<"$RADIUS_TMP/mschapv2.in")
	fi
	for line in "${lines[@]}"; do
		read -r user pass method extra <<<"$line"
		[[ -z $packets ]] || packets+=$'\n\n'
		packets+="User-Name = \"$user\""$'\n'
		case $method in
		pap) packets+="User-Password = \"$pass\"" ;;
		chap) packets+="CHAP-Password = \"$pass\"" ;;
		mschapv2)
			packets+="${ms[0]}"$'\n'"${ms[1]}"
			expect+=("${ms[3]}")
			ms=("${ms[@]:4}") ;;
		*) fail "radius_auths: no method '$method' (pap, chap, mschapv2)" ;;
		esac
		packets+=$'\n'"Message-Authenticator = 0x00"
		read -r -a rest <<<"$extra"
		((${#rest[@]} == 0)) || packets+=$'\n'"$(printf '%s\n' "${rest[@]}")"
	done
	radius_client "$ns" "$server" 1812 auth "$packets" >/dev/null
	# The MS-CHAPv2 verdicts: MS-CHAP2-Success is the ident octet and
	# the authenticator response, which radclient shows in hex.
	k=0
	for line in "${lines[@]}"; do
		read -r user pass method extra <<<"$line"
		if [[ $method == mschapv2 ]]; then
			if radius_code "$k"; then
				if [[ $(radius_attr "$k" MS-CHAP2-Success) == 0x??"${expect[0]}" ]]; then
					RADIUS_REPLY[k]+=$'\n'"MS-CHAP2-Success-Verified = yes"
				else
					RADIUS_REPLY[k]+=$'\n'"MS-CHAP2-Success-Verified = no"
				fi
			fi
			expect=("${expect[@]:1}")
		fi
		k=$((k + 1))
	done
	radius_print
}

# radius_one BATCH NS SERVER WORDS...: BATCH (radius_auths, radius_accts)
# with WORDS as its one line; the reply's verdict.
radius_one() {
	local batch=$1 ns=$2 server=$3 rc=0
	shift 3
	"$batch" "$ns" "$server" <<<"$*"
	radius_code 0 || rc=$?
	return "$rc"
}

radius_auth() {
	radius_one radius_auths "$@"
}

# radius_accts NS SERVER < LINES: an Accounting-Request per line of
# ATTR=VALUE words, in one radclient run; RADIUS_REPLY[K] per line.
radius_accts() {
	local ns=$1 server=$2 packets=""
	local -a w
	while read -r -a w; do
		((${#w[@]})) || continue
		[[ -z $packets ]] || packets+=$'\n\n'
		packets+=$(printf '%s\n' "${w[@]}")
	done
	radius_client "$ns" "$server" 1813 acct "$packets"
}

radius_acct() {
	radius_one radius_accts "$@"
}

radius_dae() {
	local ns=$1 server=$2 type=$3 rc=0
	shift 3
	radius_client "$ns" "$server" 3799 "$type" \
		"$(printf '%s\n' "$@" "Message-Authenticator = 0x00")"
	radius_code 0 || rc=$?
	return "$rc"
}

# radius_detail FILE USER STATUS ATTR MODE: MODE count, last (ATTR's value)
# or all (records as lines).  A detail record is a header line (the time),
# "\tName = value" lines, and a blank line.
radius_detail() {
	[[ -f $1 ]] || {
		[[ $5 == count ]] && echo 0
		return 0
	}
	awk -v user="$2" -v status="$3" -v attr="$4" -v mode="$5" '
		function unq(v) {
			if (v ~ /^".*"$/)
				v = substr(v, 2, length(v) - 2)
			return v
		}
		function done() {
			if (nk && (user == "" || unq(rec["User-Name"]) == user) &&
			    (status == "" || rec["Acct-Status-Type"] == status)) {
				count++
				last = unq(rec[attr])
				if (mode == "all")
					print line
			}
			delete rec
			nk = 0
			line = ""
		}
		/^\t/ {
			s = substr($0, 2)
			n = index(s, " = ")
			k = substr(s, 1, n - 1)
			rec[k] = substr(s, n + 3)
			line = line (nk++ ? "|" : "") k "=" unq(rec[k])
			next
		}
		{ done() }
		END {
			done()
			if (mode == "count")
				print count + 0
			else if (mode == "last")
				print last
		}' "$1"
}

radius_acct_count() {
	radius_detail "$(radius_dir "$1")/run/detail" "$2" "${3:-}" "" count
}

radius_acct_has() {
	(($(radius_acct_count "$1" "$2" "$3") >= ${4:-1}))
}

radius_acct_last() {
	radius_detail "$(radius_dir "$1")/run/detail" "$2" "${4:-}" "$3" last
}

radius_acct_records() {
	radius_detail "$(radius_dir "$1")/run/detail" "${2:-}" "" "" all
}

radius_auth_last() {
	radius_detail "$(radius_dir "$1")/run/auth-detail" "$2" "" "$3" last
}

radius_logged() {
	grep -qE -e "$2" "$(radius_dir "$1")/run/radius.log"
}
