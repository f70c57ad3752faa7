# bash completion for l2tpctl(8)                          -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Completes objects, commands and keywords; keywords already given are not
# offered again, and after a keyword with a fixed set of values (on/off,
# seq modes, protocols) those values are offered.  Ids are completed from
# the running module when it answers ("l2tpctl -j ... list").

# _l2tpctl_ids FIELD OBJECT: the ids (JSON key FIELD) of the listed objects.
_l2tpctl_ids()
{
	local field=$1
	shift
	l2tpctl -j kernel "$@" list 2>/dev/null |
		grep -o "\"$field\":[0-9]*" | cut -d: -f2 | sort -nu
}

# _l2tpctl_daemon_values KEY ARGS...: the values of string or number key KEY
# in "l2tpctl -j ARGS" (the daemon's view, or the module's when it is down).
_l2tpctl_daemon_values()
{
	local key=$1
	shift
	l2tpctl "${_l2tpctl_socket[@]}" -j "$@" 2>/dev/null |
		grep -o "\"$key\":\(\"[^\"]*\"\|[0-9]*\)" | cut -d: -f2- |
		tr -d '"' | sort -u
}

# [lac NAME] sections of the configuration file.
_l2tpctl_lac_names()
{
	sed -n 's/^[[:space:]]*\[lac[[:space:]]\+\([^]]*\)\].*/\1/p' \
		/etc/l2tpgw/l2tpgwd.conf 2>/dev/null
}

# The operator commands (served by l2tpgwd); $1 is the object's index.
_l2tpctl_operator()
{
	local i=$1 object=${words[$1]} cmd
	if [[ $((i + 1)) -eq $cword ]]; then
		case $object in
		tunnel | session) COMPREPLY=($(compgen -W 'list show delete help' -- "$cur")) ;;
		lac) COMPREPLY=($(compgen -W 'connect disconnect help' -- "$cur")) ;;
		esac
		return
	fi
	cmd=${words[i + 1]}
	case $object/$cmd in
	tunnel/show | tunnel/delete)
		[[ $((i + 2)) -eq $cword ]] &&
			COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values tunnel_id tunnel list)" -- "$cur"))
		return ;;
	lac/connect | lac/disconnect)
		[[ $((i + 2)) -eq $cword ]] &&
			COMPREPLY=($(compgen -W "$(_l2tpctl_lac_names)" -- "$cur"))
		return ;;
	session/list)
		case $prev in
		tunnel) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values tunnel_id tunnel list)" -- "$cur")) ;;
		*) [[ $((i + 2)) -eq $cword ]] && COMPREPLY=($(compgen -W 'tunnel' -- "$cur")) ;;
		esac
		return ;;
	session/show | session/delete)
		case $prev in
		tunnel) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values tunnel_id tunnel list)" -- "$cur")) ;;
		id) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values session_id session list)" -- "$cur")) ;;
		user) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values user session list)" -- "$cur")) ;;
		address) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values peer_ipv4 session list)" -- "$cur")) ;;
		interface) COMPREPLY=($(compgen -W "$(_l2tpctl_daemon_values ifname session list)" -- "$cur")) ;;
		*)
			# One selector: tunnel+id, or user, address or interface alone.
			if [[ $((i + 2)) -eq $cword ]]; then
				COMPREPLY=($(compgen -W 'tunnel user address interface' -- "$cur"))
			elif [[ ${words[i + 2]} == tunnel && $((i + 4)) -eq $cword ]]; then
				COMPREPLY=($(compgen -W 'id' -- "$cur"))
			elif [[ ${words[i + 2]} == id && $((i + 4)) -eq $cword ]]; then
				COMPREPLY=($(compgen -W 'tunnel' -- "$cur"))
			fi
			;;
		esac
		return ;;
	esac
}

_l2tpctl()
{
	local cur prev words cword
	_init_completion || return

	local i=1 w
	local -a _l2tpctl_socket=()
	# Global options come first; -s takes a value.
	while [[ $i -lt $cword && ${words[i]} == -* ]]; do
		if [[ ${words[i]} == -s || ${words[i]} == --socket ]]; then
			_l2tpctl_socket=(-s "${words[i + 1]}")
			i=$((i + 1))
		fi
		i=$((i + 1))
	done
	if [[ $prev == -s || $prev == --socket ]]; then
		_filedir
		return
	fi
	if [[ $i -eq $cword ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-j -p -s -h -V --json --pretty --socket --help --version' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'tunnel session lac stats monitor reload status kernel help' -- "$cur"))
		fi
		return
	fi
	case ${words[i]} in
	tunnel | session | lac)
		_l2tpctl_operator $i
		return ;;
	kernel) ;;
	*) return ;;
	esac
	i=$((i + 1))
	if [[ $i -eq $cword ]]; then
		COMPREPLY=($(compgen -W 'socket tunnel session ppp-send stats monitor batch help' -- "$cur"))
		return
	fi
	local object=${words[i]} cmd=""
	i=$((i + 1))
	case $object in
	socket | tunnel | session)
		if [[ $i -eq $cword ]]; then
			case $object in
			socket) COMPREPLY=($(compgen -W 'add del modify show list help' -- "$cur")) ;;
			*) COMPREPLY=($(compgen -W 'add del modify show list help' -- "$cur")) ;;
			esac
			return
		fi
		cmd=${words[i]}
		i=$((i + 1))
		;;
	ppp-send) cmd=send ;;
	*) return ;;
	esac

	# Value of the previous keyword?
	case $prev in
	udp-csum | send-length | lns | acfc | pfc | priority | ipsec)
		COMPREPLY=($(compgen -W 'on off' -- "$cur"))
		return ;;
	seq)
		COMPREPLY=($(compgen -W 'send recv both off' -- "$cur"))
		return ;;
	protocols)
		COMPREPLY=($(compgen -W 'ipv4 ipv6 ipv4,ipv6 none' -- "$cur"))
		return ;;
	tcp-mss)
		COMPREPLY=($(compgen -W 'auto off' -- "$cur"))
		return ;;
	socket)
		COMPREPLY=($(compgen -W "$(_l2tpctl_ids sock_id socket)" -- "$cur"))
		return ;;
	tunnel)
		COMPREPLY=($(compgen -W "$(_l2tpctl_ids tunnel_id tunnel)" -- "$cur"))
		return ;;
	id)
		case $object in
		socket) COMPREPLY=($(compgen -W "$(_l2tpctl_ids sock_id socket)" -- "$cur")) ;;
		tunnel) [[ $cmd != add ]] &&
			COMPREPLY=($(compgen -W "$(_l2tpctl_ids tunnel_id tunnel)" -- "$cur")) ;;
		esac
		return ;;
	local | peer)
		return ;;
	peer-id | peer-port | port | mark | reqid | name | mtu | reorder-window | reorder-timeout)
		return ;;
	esac

	local keywords=""
	case $object/$cmd in
	socket/add) keywords='local port' ;;
	socket/del | socket/show) keywords='id' ;;
	socket/modify) keywords='id ipsec' ;;
	tunnel/add) keywords='id peer-id socket peer peer-port local mark reqid udp-csum send-length' ;;
	tunnel/modify) keywords='id peer-id peer peer-port mark reqid udp-csum send-length' ;;
	tunnel/del | tunnel/show) keywords='id' ;;
	session/add) keywords='tunnel id peer-id name mtu seq lns acfc pfc priority protocols reorder-window reorder-timeout tcp-mss' ;;
	session/modify) keywords='tunnel id peer-id mtu seq lns acfc pfc priority protocols reorder-window reorder-timeout tcp-mss' ;;
	session/del | session/show) keywords='tunnel id' ;;
	session/list) keywords='tunnel' ;;
	ppp-send/send) keywords='tunnel id' ;;
	esac
	# Drop keywords already used (they may be given only once).
	local used=" " k left=""
	for ((w = i; w < cword; w += 2)); do
		used+="${words[w]} "
	done
	for k in $keywords; do
		[[ $used == *" $k "* ]] || left+="$k "
	done
	COMPREPLY=($(compgen -W "$left" -- "$cur"))
} &&
	complete -F _l2tpctl l2tpctl

# ex: filetype=sh
