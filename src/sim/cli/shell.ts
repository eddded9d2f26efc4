/**
 * The terminal inside a Pod or on a node: the commands an engineer types there, answered from the simulated
 * cluster, printing what the real tools print (iproute2, iptables 1.8, conntrack-tools 1.4, iputils ping,
 * curl 8, OpenBSD nc, bind9 nslookup, kubectl). The browser terminal and `Cluster.exec` use it.
 *
 * Not modelled: pipes, redirection, environment variables, editing state from the terminal (ip/iptables
 * changes come from the lab's code), HTTP payloads (curl reports the connection, not a response body).
 */
import { SimError } from '../core/errors';
import { isIpv4 } from '../addr/ipv4';
import { conntrackList, sysctlShow } from '../render';
import { iptablesS, iptablesSave, isTableName } from '../netfilter';
import type { Cluster, TraceResult } from '../k8s/cluster/cluster';
import { resolvConf } from '../k8s/cluster/dns';
import { kubectlGet } from '../k8s/kubectl';
import { bridgeCommand, ipCommand, type CommandOutput } from './ip';
import type { Netns } from '../netns/netns';
import { formatIpv4 } from '../addr/ipv4';
import { ipvsadmList, type IpvsState } from '../k8s/kube-proxy/ipvs';

export const SHELL_COMMANDS = ['ip', 'bridge', 'iptables-save', 'iptables', 'ipvsadm', 'conntrack', 'sysctl', 'ping', 'curl', 'nc', 'nslookup', 'cat', 'kubectl', 'hostname', 'help'] as const;

const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', code: 0 });
const err = (stderr: string, code = 1): CommandOutput => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });

/** Splits a command line like a shell would for simple words and quotes. */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

export function runShell(cluster: Cluster, target: string, line: string): CommandOutput {
  const words = splitWords(line.trim());
  const [cmd, ...args] = words;
  if (!cmd) return ok('');
  try {
    const ns = cluster.netnsOf(target);
    const kns = kubeNamespace(target);
    switch (cmd) {
      case 'ip':
        return ipCommand(cluster.world, ns, args);
      case 'bridge':
        return bridgeCommand(cluster.world, ns, args);
      case 'iptables-save': {
        const t = args[0] === '-t' ? args[1] : undefined;
        if (t !== undefined && !isTableName(t)) return err(`iptables-save: table '${t}' does not exist`);
        return ok(iptablesSave(cluster.world.netns(ns).nf, t ? { table: t } : {}));
      }
      case 'iptables': {
        const ti = args.indexOf('-t');
        const table = ti >= 0 ? args[ti + 1]! : 'filter';
        if (!isTableName(table)) return err(`iptables v1.8.9 (nf_tables): table '${table}' does not exist`);
        const si = args.indexOf('-S');
        if (si < 0) return err('simulator: use iptables [-t TABLE] -S [CHAIN] (or iptables-save) to read the rules');
        const chain = args[si + 1] && !args[si + 1]!.startsWith('-') ? args[si + 1] : undefined;
        return ok(iptablesS(cluster.world.netns(ns).nf, table, chain));
      }
      case 'ipvsadm': {
        if (!args.includes('-L') && !args.includes('-Ln') && !args.includes('-l')) return err('simulator: use ipvsadm -Ln');
        return ok(ipvsadmText(cluster.world.netns(ns)));
      }
      case 'conntrack': {
        if (args[0] !== '-L' && args[0] !== '--dump') return err('simulator: use conntrack -L');
        const r = conntrackList(cluster.world, ns);
        return { stdout: r.stdout, stderr: r.stderr, code: 0 };
      }
      case 'sysctl': {
        const name = args.filter((a) => !a.startsWith('-'))[0];
        return ok(sysctlShow(cluster.world, ns, name));
      }
      case 'cat':
        if (args[0] === '/etc/resolv.conf') return ok(resolvConf(cluster.spec, kns));
        return err(`cat: ${args[0] ?? ''}: No such file or directory (the simulator has /etc/resolv.conf only)`);
      case 'hostname':
        return ok(`${target.split('/').pop()}\n`);
      case 'ping':
        return ping(cluster, target, args);
      case 'curl':
        return curl(cluster, target, args);
      case 'nc':
        return nc(cluster, target, args);
      case 'nslookup':
        return nslookup(cluster, target, kns, args);
      case 'kubectl':
        if (args[0] !== 'get') return err('simulator: only "kubectl get" is available');
        return kubectlGet(cluster.built, args.slice(1));
      case 'help':
        return ok(`commands: ${SHELL_COMMANDS.join(', ')}\n`);
      default:
        return err(`${cmd}: command not found (try: ${SHELL_COMMANDS.join(', ')})`, 127);
    }
  } catch (e) {
    if (e instanceof SimError) return err(`${cmd}: ${e.message}`);
    throw e;
  }
}

/** Resolves a name the way the Pod's resolver would, sending the query through the data plane first. */
function dnsQuery(cluster: Cluster, target: string, name: string): { ip?: string; error?: string; trace?: TraceResult } {
  if (isIpv4(name)) return { ip: name };
  const dnsIp = cluster.spec.config.clusterDNS;
  const q = cluster.trace(target, `${dnsIp}:53`, { protocol: 'udp' });
  if (q.verdict !== 'delivered') return { error: ';; connection timed out; no servers could be reached', trace: q };
  const answer = cluster.resolveName(kubeNamespace(target), name);
  return answer.addresses.length ? { ip: answer.addresses[0] } : { error: `** server can't find ${name}: NXDOMAIN` };
}

function kubeNamespace(target: string): string {
  return target.startsWith('pod/') ? target.split('/')[1]! : 'default';
}

function ping(cluster: Cluster, target: string, args: string[]): CommandOutput {
  const host = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-c' && args[i - 1] !== '-W').pop();
  if (!host) return err('ping: usage error: Destination address required', 2);
  const dns = dnsQuery(cluster, target, host);
  if (!dns.ip) return err(`ping: ${host}: ${dns.error?.startsWith(';;') ? 'Temporary failure in name resolution' : 'Name or service not known'}`, 2);
  const r = cluster.trace(target, dns.ip, { protocol: 'icmp' });
  const head = `PING ${host} (${dns.ip}) 56(84) bytes of data.\n`;
  if (r.verdict === 'delivered') {
    return ok(`${head}64 bytes from ${dns.ip}: icmp_seq=1 ttl=${r.replyTtl} time=0.001 ms\n\n--- ${host} ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n`);
  }
  if (r.verdict === 'unreachable' && r.trace.legs[0]?.outcome.kind === 'unreachable' && r.trace.legs[0].outcome.local) {
    return err(`ping: connect: ${r.reason === 'ENETUNREACH' ? 'Network is unreachable' : 'No route to host'}`, 2);
  }
  return { stdout: `${head}\n--- ${host} ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n`, stderr: '', code: 1 };
}

function connectError(r: TraceResult): string {
  switch (r.reason) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENETUNREACH':
      return 'Network is unreachable';
    case 'EHOSTUNREACH':
      return 'No route to host';
    default:
      return 'Connection timed out';
  }
}

function curl(cluster: Cluster, target: string, args: string[]): CommandOutput {
  const url = args.find((a) => !a.startsWith('-'));
  if (!url) return err('curl: try \'curl --help\' for more information', 2);
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?/.exec(url);
  if (!m) return err(`curl: (3) URL rejected: Malformed input to a URL function`, 3);
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
  const dns = dnsQuery(cluster, target, host);
  if (!dns.ip) return err(`curl: (6) Could not resolve host: ${host}`, 6);
  const r = cluster.trace(target, `${dns.ip}:${port}`, { protocol: 'tcp' });
  if (r.verdict === 'delivered') {
    const who = r.deliveredTo?.pod ? `pod ${r.deliveredTo.pod}` : r.deliveredTo?.host ? `host ${r.deliveredTo.host}` : `node ${r.deliveredTo?.node ?? '?'}`;
    return ok(`* Connected to ${host} (${dns.ip}) port ${port}\n(simulated: the TCP connection was accepted by ${who}${r.deliveredTo?.container ? `, container ${r.deliveredTo.container}` : ''}; HTTP itself is not modelled)\n`);
  }
  const code = r.verdict === 'timeout' ? 28 : 7;
  const why = r.verdict === 'timeout' ? 'Timeout was reached' : `Could not connect to server (${connectError(r)})`;
  return err(`curl: (${code}) Failed to connect to ${host} port ${port} after ${r.verdict === 'timeout' ? 2002 : 0} ms: ${why}`, code);
}

function nc(cluster: Cluster, target: string, args: string[]): CommandOutput {
  const words = args.filter((a) => !a.startsWith('-'));
  const udp = args.some((a) => a.startsWith('-') && a.includes('u'));
  const [host, portText] = words;
  if (!host || !portText || !/^\d+$/.test(portText)) return err('usage: nc [-uvz] host port', 1);
  const dns = dnsQuery(cluster, target, host);
  if (!dns.ip) return err(`nc: getaddrinfo for host "${host}" port ${portText}: Name or service not known`);
  const proto = udp ? 'udp' : 'tcp';
  const r = cluster.trace(target, `${dns.ip}:${portText}`, { protocol: proto });
  if (r.verdict === 'delivered') return { stdout: '', stderr: `Connection to ${host} ${portText} port [${proto}/*] succeeded!\n`, code: 0 };
  return err(`nc: connect to ${host} port ${portText} (${proto}) ${r.verdict === 'timeout' ? 'timed out: Operation now in progress' : `failed: ${connectError(r)}`}`);
}

function nslookup(cluster: Cluster, target: string, kns: string, args: string[]): CommandOutput {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name) return err('Usage: nslookup NAME');
  const server = cluster.spec.config.clusterDNS;
  const q = cluster.trace(target, `${server}:53`, { protocol: 'udp' });
  if (q.verdict !== 'delivered') return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', code: 1 };
  const head = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const a = cluster.resolveName(kns, name);
  if (!a.addresses.length && !a.cname) {
    return { stdout: `${head}** server can't find ${name}: NXDOMAIN\n\n`, stderr: '', code: 1 };
  }
  const alias = a.cname ? `${a.fqdn}\tcanonical name = ${a.cname}.\n` : '';
  return ok(`${head}${alias}${a.addresses.map((ip) => `Name:\t${a.cname ?? a.fqdn}\nAddress: ${ip}\n`).join('')}\n`);
}

/** `ipvsadm -Ln` of a namespace's IPVS table, printed by the IPVS module's ipvsadm formatter. */
function ipvsadmText(ns: Netns): string {
  const virtualServers = ns.ipvs.list().map((s) => ({
    proto: s.proto.toUpperCase() as 'TCP',
    address: formatIpv4(s.vip),
    port: s.port,
    scheduler: s.scheduler,
    ...(s.persistMs ? { persistent: s.persistMs / 1000 } : {}),
    realServers: s.dests.map((d) => ({ address: formatIpv4(d.ip), port: d.port, weight: d.weight, forward: 'Masq' as const })),
    service: s.label,
    kind: 'ClusterIP' as const,
  }));
  return ipvsadmList({ virtualServers } as unknown as IpvsState, { numeric: true });
}
