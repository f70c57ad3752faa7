// SPDX-License-Identifier: GPL-2.0
/*
 * UDP sockets carrying L2TP: a user's socket attached by descriptor, or one
 * the module creates itself.  Either way the module only sets UDP
 * encapsulation on it and holds the struct sock, never the file, so that
 * the owner closing it is noticed through encap_destroy.
 */
#include <linux/file.h>
#include <linux/net.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/udp_tunnel.h>

#include "compat.h"
#include "gro.h"
#include "lifetime.h"
#include "netlink.h"
#include "netns.h"
#include "rx.h"
#include "socket.h"
#include "tunnel.h"

static void l2tpgw_sock_encap_destroy(struct sock *sk);

static void l2tpgw_sock_free_rcu(struct rcu_head *rcu)
{
	struct l2tpgw_sock *ls = container_of(rcu, struct l2tpgw_sock, rcu);

	l2tpgw_stats_free(ls->stats);
	kfree(ls);
	l2tpgw_rcu_done();
}

void l2tpgw_sock_put(struct l2tpgw_sock *ls)
{
	if (!refcount_dec_and_test(&ls->refcnt))
		return;
	sock_put(ls->sk);
	l2tpgw_objects_dec();
	l2tpgw_call_rcu(&ls->rcu, l2tpgw_sock_free_rcu);
}

static struct l2tpgw_sock *l2tpgw_sock_new(struct l2tpgw_net *ln,
					   struct sock *sk, u32 flags)
{
	struct l2tpgw_sock *ls;

	ls = kzalloc(sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return NULL;
	ls->stats = l2tpgw_stats_alloc();
	if (!ls->stats) {
		kfree(ls);
		return NULL;
	}
	ls->ln = ln;
	ls->sk = sk;
	/* Before encap_rcv can run: no datagram escapes enforcement. */
	ls->flags = flags;
	sock_hold(sk);
	refcount_set(&ls->refcnt, 1);
	l2tpgw_objects_inc();
	return ls;
}

/* The new socket goes into the table with the table's reference. */
static int l2tpgw_sock_publish(struct l2tpgw_net *ln, struct socket *sock,
			       struct l2tpgw_sock *ls,
			       struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = ls,
		.encap_type = UDP_ENCAP_L2TPINUDP,
		.encap_rcv = l2tpgw_rx_encap,
		.encap_destroy = l2tpgw_sock_encap_destroy,
	};
	int ret;

	lockdep_assert_held(&ln->lock);
	ret = l2tpgw_net_charge(ln, L2TPGW_NET_SOCKETS, extack);
	if (ret)
		return ret;
	ret = xa_alloc(&ln->socks, &ls->id, ls, xa_limit_32b, GFP_KERNEL);
	if (ret) {
		l2tpgw_net_uncharge(ln, L2TPGW_NET_SOCKETS);
		NL_SET_ERR_MSG(extack, "no socket id left in this namespace");
		return ret;
	}
	l2tpgw_gro_setup(&cfg);
	setup_udp_tunnel_sock(ln->net, sock, &cfg);
	return 0;
}

static int l2tpgw_sock_check(struct l2tpgw_net *ln, struct sock *sk,
			     struct netlink_ext_ack *extack)
{
	if (sk->sk_type != SOCK_DGRAM || sk->sk_protocol != IPPROTO_UDP) {
		NL_SET_ERR_MSG(extack, "SOCK_FD: not a UDP socket");
		return -EPROTONOSUPPORT;
	}
	if (sk->sk_family != AF_INET &&
	    !(IS_ENABLED(CONFIG_IPV6) && sk->sk_family == AF_INET6)) {
		NL_SET_ERR_MSG(extack, "SOCK_FD: not an IPv4 or IPv6 socket");
		return -EAFNOSUPPORT;
	}
	if (!net_eq(sock_net(sk), ln->net)) {
		NL_SET_ERR_MSG(extack,
			       "SOCK_FD: socket belongs to another namespace");
		return -EINVAL;
	}
	if (!inet_sk(sk)->inet_num) {
		NL_SET_ERR_MSG(extack, "SOCK_FD: socket is not bound");
		return -EINVAL;
	}
	if (l2tpgw_compat_udp_encap_in_use(sk)) {
		NL_SET_ERR_MSG(extack,
			       "SOCK_FD: socket already carries an encapsulation");
		return -EBUSY;
	}
	return 0;
}

int l2tpgw_sock_attach_fd(struct l2tpgw_net *ln, int fd, u32 flags,
			  struct netlink_ext_ack *extack,
			  struct l2tpgw_sock **out)
{
	struct l2tpgw_sock *ls;
	struct socket *sock;
	int ret;

	lockdep_assert_held(&ln->lock);
	sock = sockfd_lookup(fd, &ret);
	if (!sock) {
		NL_SET_ERR_MSG(extack, "SOCK_FD: not an open socket descriptor");
		return ret;
	}
	lock_sock(sock->sk);
	ret = l2tpgw_sock_check(ln, sock->sk, extack);
	if (ret)
		goto err_unlock;
	ls = l2tpgw_sock_new(ln, sock->sk, flags);
	if (!ls) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	ret = l2tpgw_sock_publish(ln, sock, ls, extack);
	if (ret)
		goto err_put;
	release_sock(sock->sk);
	sockfd_put(sock);
	*out = ls;
	return 0;

err_put:
	l2tpgw_sock_put(ls);
err_unlock:
	release_sock(sock->sk);
	sockfd_put(sock);
	return ret;
}

int l2tpgw_sock_create(struct l2tpgw_net *ln,
		       const struct l2tpgw_sock_addr *local, u32 flags,
		       struct netlink_ext_ack *extack,
		       struct l2tpgw_sock **out)
{
	struct udp_port_cfg cfg = {
		.family = local->family,
		.local_udp_port = htons(local->port),
	};
	struct l2tpgw_sock *ls;
	struct socket *sock;
	int ret;

	lockdep_assert_held(&ln->lock);
	if (local->family == AF_INET) {
		memcpy(&cfg.local_ip, &local->addr, sizeof(cfg.local_ip));
	} else {
		cfg.local_ip6 = local->addr;
		cfg.ipv6_v6only = 1;
	}
	ret = udp_sock_create(ln->net, &cfg, &sock);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "SOCK_LOCAL_ADDR: cannot bind a UDP socket there");
		return ret;
	}
	ls = l2tpgw_sock_new(ln, sock->sk, flags);
	if (!ls) {
		ret = -ENOMEM;
		goto err_release;
	}
	ls->owned = sock;
	ret = l2tpgw_sock_publish(ln, sock, ls, extack);
	if (ret)
		goto err_put;
	*out = ls;
	return 0;

err_put:
	l2tpgw_sock_put(ls);
err_release:
	udp_tunnel_sock_release(sock);
	return ret;
}

/* Give the socket back: a user's keeps working as a plain UDP socket. */
static void l2tpgw_sock_release_encap(struct l2tpgw_sock *ls)
{
	struct sock *sk = ls->sk;

	lock_sock(sk);
	l2tpgw_compat_udp_encap_clear(sk);
	rcu_assign_sk_user_data(sk, NULL);
	release_sock(sk);
	if (ls->owned) {
		udp_tunnel_sock_release(ls->owned);
		ls->owned = NULL;
	}
}

void l2tpgw_sock_detach(struct l2tpgw_sock *ls, enum l2tpgw_cause cause,
			struct list_head *dev_kill_list)
{
	struct l2tpgw_net *ln = ls->ln;
	struct l2tpgw_tunnel *t;
	unsigned long id;

	ASSERT_RTNL();
	lockdep_assert_held(&ln->lock);
	if (ls->dead)
		return;
	ls->dead = true;
	xa_for_each(&ln->tunnels, id, t)
		if (t->sock == ls)
			l2tpgw_tunnel_del(t, cause, dev_kill_list);
	xa_erase(&ln->socks, ls->id);
	l2tpgw_net_uncharge(ln, L2TPGW_NET_SOCKETS);
	l2tpgw_sock_release_encap(ls);
	l2tpgw_notify_sock(ls, cause);
	l2tpgw_sock_put(ls);
}

/* Called when the socket's owner closes it, in process context. */
static void l2tpgw_sock_encap_destroy(struct sock *sk)
{
	struct l2tpgw_sock *ls;
	struct l2tpgw_net *ln;
	LIST_HEAD(dev_kill_list);

	rcu_read_lock();
	ls = rcu_dereference_sk_user_data(sk);
	if (ls && !refcount_inc_not_zero(&ls->refcnt))
		ls = NULL;
	rcu_read_unlock();
	if (!ls)
		return;

	ln = ls->ln;
	rtnl_lock();
	mutex_lock(&ln->lock);
	l2tpgw_sock_detach(ls, L2TPGW_CAUSE_SOCK_CLOSED, &dev_kill_list);
	unregister_netdevice_many(&dev_kill_list);
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	l2tpgw_sock_put(ls);
}

void l2tpgw_sock_set_flags(struct l2tpgw_sock *ls, u32 flags)
{
	lockdep_assert_held(&ls->ln->lock);
	WRITE_ONCE(ls->flags, flags);
}

struct l2tpgw_sock *l2tpgw_sock_find(struct l2tpgw_net *ln, u32 id)
{
	lockdep_assert_held(&ln->lock);
	return xa_load(&ln->socks, id);
}

sa_family_t l2tpgw_sock_family(const struct l2tpgw_sock *ls)
{
	return ls->sk->sk_family;
}

void l2tpgw_sock_local(const struct l2tpgw_sock *ls,
		       struct l2tpgw_sock_addr *local)
{
	const struct inet_sock *inet = inet_sk(ls->sk);

	memset(local, 0, sizeof(*local));
	local->family = ls->sk->sk_family;
	local->port = ntohs(inet->inet_sport);
	if (local->family == AF_INET)
		memcpy(&local->addr, &inet->inet_rcv_saddr, sizeof(__be32));
#if IS_ENABLED(CONFIG_IPV6)
	else
		local->addr = ls->sk->sk_v6_rcv_saddr;
#endif
}
