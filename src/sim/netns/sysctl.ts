/**
 * Per-namespace sysctls that change packet handling, with the kernel's compiled-in defaults.
 *
 * A fresh namespace copies the initial namespace's conf/all and conf/default values when
 * net.core.devconf_inherit_init_net=0 (the default), so on a real host its ip_forward and rp_filter depend on
 * the machine; here every namespace starts from the kernel defaults below and labs set what they need,
 * as a careful CNI does. bridge-nf-call-iptables is 1 in every namespace once br_netfilter is loaded
 * (per-namespace since Linux 5.3; net/bridge/br_netfilter_hooks.c brnf_net init).
 *
 * Not modelled: per-interface values (the effective rp_filter is max(all, dev), ip_forward is per-device
 * in conf/<dev>/forwarding): one value per namespace stands for all interfaces.
 */
export interface Sysctls {
  /** net.ipv4.ip_forward (default 0). */
  'net.ipv4.ip_forward': 0 | 1;
  /** net.ipv4.conf.all.rp_filter: 0 off, 1 strict (RFC 3704), 2 loose (default 0). */
  'net.ipv4.conf.all.rp_filter': 0 | 1 | 2;
  /** net.ipv4.conf.all.route_localnet: allow 127.0.0.0/8 to be routed off loopback (default 0). */
  'net.ipv4.conf.all.route_localnet': 0 | 1;
  /** net.bridge.bridge-nf-call-iptables: bridged IPv4 passes iptables (default 1 with br_netfilter). */
  'net.bridge.bridge-nf-call-iptables': 0 | 1;
  /** net.ipv4.icmp_echo_ignore_all (default 0). */
  'net.ipv4.icmp_echo_ignore_all': 0 | 1;
}

export type SysctlName = keyof Sysctls;

export const SYSCTL_DEFAULTS: Sysctls = {
  'net.ipv4.ip_forward': 0,
  'net.ipv4.conf.all.rp_filter': 0,
  'net.ipv4.conf.all.route_localnet': 0,
  'net.bridge.bridge-nf-call-iptables': 1,
  'net.ipv4.icmp_echo_ignore_all': 0,
};

export const SYSCTL_ALLOWED: { [K in SysctlName]: readonly Sysctls[K][] } = {
  'net.ipv4.ip_forward': [0, 1],
  'net.ipv4.conf.all.rp_filter': [0, 1, 2],
  'net.ipv4.conf.all.route_localnet': [0, 1],
  'net.bridge.bridge-nf-call-iptables': [0, 1],
  'net.ipv4.icmp_echo_ignore_all': [0, 1],
};
