/**
 * The terminal inside a Pod or on a node: the commands an engineer types there, answered from the simulated
 * cluster, printing what the real tools print (iproute2 ip/bridge/ss, iptables 1.8, conntrack-tools 1.4, iputils
 * ping, curl 8, OpenBSD nc, bind9 nslookup, kubectl get, including `kubectl get events` from the control plane).
 * The browser terminal and `Cluster.exec` use it.
 *
 * Not modelled: pipes, redirection, environment variables, editing state from the terminal (ip/iptables
 * changes come from the lab's code), HTTP payloads (curl reports the connection, not a response body).
 */
import { SimError } from '../core/errors';
import { isIpv4 } from '../addr/ipv4';
import { conntrackList, parseSs, ssShow, sysctlShow } from '../render';
import { iptablesS, iptablesSave, isTableName } from '../netfilter';
import type { Cluster, TraceResult } from '../k8s/cluster/cluster';
import { resolvConf } from '../k8s/cluster/dns';
import { kubectlGet } from '../k8s/kubectl';
import { bridgeCommand, ipCommand, type CommandOutput } from './ip';
import type { Netns } from '../netns/netns';
import { formatIpv4 } from '../addr/ipv4';
import { ipvsadmList, type IpvsState } from '../k8s/kube-proxy/ipvs';

export const SHELL_COMMANDS = ['ip', 'bridge', 'ss', 'iptables-save', 'iptables', 'ipvsadm', 'conntrack', 'sysctl', 'ping', 'curl', 'nc', 'nslookup', 'cat', 'kubectl', 'hostname', 'help'] as const;

/** One line per command for `help`: what the simulator answers, in the tools' own syntax. */
const HELP = [
  'ip [-4|-6] [-br|-o] address|link [show [dev DEV]]    ip route [get ADDR [from ADDR iif DEV]]    ip neigh [show [dev DEV]]',
  'bridge fdb [show [dev DEV | br BR]]',
  'ss [-tulnpaH46]                      listening sockets (connections are traced, not kept)',
  'iptables-save [-t TABLE]             iptables [-t TABLE] -S [CHAIN]    ipvsadm -Ln    conntrack -L    sysctl [NAME]',
  'ping [-c N] HOST                     curl [-sSvI] [-m SECS] [--connect-timeout SECS] [-o /dev/null] [-w FORMAT] URL',
  'nc [-uvz] HOST PORT                  nslookup NAME    cat /etc/resolv.conf    hostname',
  'kubectl get TYPE[,TYPE] [NAME] [-n NS | -A] [-o wide|yaml|json|name] [-l SELECTOR]   (types: pods, svc, endpoints, endpointslices, nodes, ns, netpol, events)',
];

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
      case 'ss': {
        const p = parseSs(args);
        if (!p.ok) return p.code === 0 ? ok(p.stderr) : err(p.stderr, p.code);
        return ok(ssShow(cluster.world, ns, p.options));
      }
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
        return kubectlGet(cluster.built, args.slice(1), { events: cluster.controlPlane.eventObjects() });
      case 'help':
        return ok(`commands: ${SHELL_COMMANDS.join(', ')}\n${HELP.map((l) => `  ${l}\n`).join('')}`);
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

interface CurlOptions {
  urls: string[];
  /** -m / --max-time, seconds. */
  maxTime?: number;
  /** --connect-timeout, seconds. */
  connectTimeout?: number;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  /** -o FILE: the body goes there (only /dev/null is modelled). */
  output?: string;
  writeOut?: string;
}

type CurlParse = { ok: true; o: CurlOptions } | { ok: false; out: CommandOutput };

/** curl's options (src/tool_getparam.c): the modelled ones, long name → short letter and whether it takes a value. */
const CURL_OPTIONS: Record<string, { short?: string; value: boolean }> = {
  'max-time': { short: 'm', value: true },
  'connect-timeout': { value: true },
  silent: { short: 's', value: false },
  'show-error': { short: 'S', value: false },
  verbose: { short: 'v', value: false },
  head: { short: 'I', value: false },
  output: { short: 'o', value: true },
  'write-out': { short: 'w', value: true },
  fail: { short: 'f', value: false },
  location: { short: 'L', value: false },
  insecure: { short: 'k', value: false },
  ipv4: { short: '4', value: false },
  url: { value: true },
};

/** Real curl options that need HTTP (or files, proxies, ...), which the simulator does not model. */
const CURL_UNMODELLED: Record<string, string | undefined> = {
  request: 'X', header: 'H', data: 'd', 'data-raw': undefined, 'data-binary': undefined, include: 'i', 'user-agent': 'A', user: 'u',
  form: 'F', cookie: 'b', 'cookie-jar': 'c', proxy: 'x', 'upload-file': 'T', range: 'r', referer: 'e', 'remote-name': 'O',
  compressed: undefined, http2: undefined, 'http1.1': undefined, resolve: undefined, 'connect-to': undefined, cacert: undefined,
  cert: 'E', interface: undefined, ipv6: '6', retry: undefined, 'trace-ascii': undefined, trace: undefined, json: undefined,
};

const CURL_TRY = "curl: try 'curl --help' or 'curl --manual' for more information";

/** Parses curl's arguments: `-sS`, `-m 3`, `-m3`, `-sm3`, `--max-time 3` (curl's long options take no "="). */
function parseCurl(args: readonly string[]): CurlParse {
  const o: CurlOptions = { urls: [], silent: false, showError: false, verbose: false };
  const bad = (text: string, code = 2): CurlParse => ({ ok: false, out: err(`${text}\n${CURL_TRY}`, code) });
  const byShort = new Map(Object.entries(CURL_OPTIONS).filter(([, v]) => v.short).map(([k, v]) => [v.short!, k]));
  const unmodelledShort = new Map(Object.entries(CURL_UNMODELLED).filter(([, v]) => v).map(([k, v]) => [v!, k]));
  const seconds = (v: string): number | undefined => {
    // str2udouble: a non-negative decimal number of seconds.
    if (!/^\d+(\.\d*)?$|^\.\d+$/.test(v)) return undefined;
    return Number(v);
  };
  const set = (name: string, flag: string, value: string | undefined): CurlParse | undefined => {
    switch (name) {
      case 'max-time':
      case 'connect-timeout': {
        const n = seconds(value!);
        if (n === undefined) return bad(`curl: option ${flag}: expected a proper numerical parameter`);
        if (name === 'max-time') o.maxTime = n;
        else o.connectTimeout = n;
        return undefined;
      }
      case 'silent': o.silent = true; return undefined;
      case 'show-error': o.showError = true; return undefined;
      case 'verbose': o.verbose = true; return undefined;
      case 'output': o.output = value!; return undefined;
      case 'write-out': o.writeOut = value!; return undefined;
      case 'url': o.urls.push(value!); return undefined;
      default: return undefined; // -I, -f, -L, -k, -4: nothing changes without HTTP, redirects, TLS or IPv6
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const name = a.slice(2);
      const spec = CURL_OPTIONS[name];
      if (!spec) {
        if (name in CURL_UNMODELLED) return { ok: false, out: err(`curl: option ${a}: not modelled by the simulator (HTTP requests, files and proxies are not simulated; it models -m/--max-time, --connect-timeout, -s, -S, -v, -I, -o /dev/null, -w, -f, -L, -k)`, 2) };
        return bad(`curl: option ${a}: is unknown`);
      }
      let value: string | undefined;
      if (spec.value) {
        value = args[++i];
        if (value === undefined) return bad(`curl: option ${a}: requires parameter`);
      }
      const r = set(name, a, value);
      if (r) return r;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const name = byShort.get(c);
        if (!name) {
          if (unmodelledShort.has(c)) return { ok: false, out: err(`curl: option -${c}: not modelled by the simulator (HTTP requests, files and proxies are not simulated; it models -m/--max-time, --connect-timeout, -s, -S, -v, -I, -o /dev/null, -w, -f, -L, -k)`, 2) };
          return bad(`curl: option -${c}: is unknown`);
        }
        let value: string | undefined;
        if (CURL_OPTIONS[name]!.value) {
          // A short option with a value takes the rest of the word, or the next word.
          value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (value === undefined) return bad(`curl: option -${c}: requires parameter`);
        }
        const r = set(name, `-${c}`, value);
        if (r) return r;
        if (value !== undefined) break;
      }
    } else {
      o.urls.push(a);
    }
  }
  if (o.output !== undefined && o.output !== '/dev/null') return { ok: false, out: err(`curl: -o ${o.output}: the simulator writes no files (use -o /dev/null)`, 23) };
  return { ok: true, o };
}

/** --write-out: %{variable} and \\n-style escapes (src/tool_writeout.c); only connection variables exist here. */
const WRITE_OUT_VARS = ['remote_ip', 'remote_port', 'exitcode', 'errormsg', 'url'];

function writeOut(format: string, vars: Record<string, string>): { text: string; warnings: string } {
  let text = '';
  let warnings = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '%' && format[i + 1] === '%') {
      text += '%';
      i++;
    } else if (ch === '%' && format[i + 1] === '{') {
      const close = format.indexOf('}', i);
      if (close < 0) {
        text += ch;
        continue;
      }
      const name = format.slice(i + 2, close);
      if (name in vars) text += vars[name];
      else warnings += `curl: unknown --write-out variable: '${name}'\n`;
      i = close;
    } else if (ch === '\\' && 'nrt\\'.includes(format[i + 1] ?? '')) {
      const e = format[i + 1]!;
      text += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : '\\';
      i++;
    } else {
      text += ch;
    }
  }
  return { text, warnings };
}

/** How long connect(2) waits for a SYN-ACK before the kernel gives up: tcp_syn_retries 6, RTO 1s doubling. */
const KERNEL_SYN_TIMEOUT_MS = (1 + 2 + 4 + 8 + 16 + 32 + 64) * 1000;
/** The glibc resolver's wait for one query (resolv.conf timeout:5). */
const RESOLVER_TIMEOUT_MS = 5000;

/**
 * curl 8 connecting to one URL. HTTP itself is not modelled: a connection that is accepted prints a note naming
 * who accepted it where the body would be (that note is kept for -s, dropped with -o /dev/null). Errors and
 * their exit status are curl's (lib/connect.c, lib/multi.c multi_handle_timeout):
 *   refused                 (7)  Failed to connect to H port P after 0 ms: ... (Connection refused)
 *   no answer, --connect-timeout T (or -m T, whichever is smaller, for the connect phase)
 *                           (28) Failed to connect to H port P after T ms: Timeout was reached   [--connect-timeout]
 *                           (28) Connection timed out after T milliseconds                       [-m]
 *   no answer, no timeout   (28) the kernel gives up after its SYN retries (127 s): ETIMEDOUT
 *   name not resolved       (6)  Could not resolve host: H; (28) Resolving timed out after T milliseconds when
 *                                 -m/--connect-timeout is shorter than the resolver's 5 s wait.
 * -s hides the error line (-S brings it back); -v adds "*   Trying IP:PORT..." and "* Connected to" on stderr;
 * -w prints its connection variables (remote_ip, remote_port, exitcode, errormsg, url) after the attempt.
 */
function curl(cluster: Cluster, target: string, args: string[]): CommandOutput {
  const parsed = parseCurl(args);
  if (!parsed.ok) return parsed.out;
  const o = parsed.o;
  if (o.writeOut !== undefined) {
    const http = [...o.writeOut.matchAll(/%\{([^}]*)\}/g)].map((m) => m[1]!).filter((v) => !WRITE_OUT_VARS.includes(v) && /^(http_|response_code|size_|content_type|num_redirects|redirect_url|time_|speed_)/.test(v));
    if (http.length > 0) return err(`curl: -w %{${http[0]}}: HTTP responses are not modelled (the simulator decides whether the TCP connection is accepted); use %{remote_ip}, %{remote_port} or %{exitcode}`, 2);
  }
  if (o.urls.length === 0) return err(`curl: no URL specified!\n${CURL_TRY}`, 2);
  if (o.urls.length > 1) return err('simulator: curl takes one URL at a time here', 2);
  const url = o.urls[0]!;
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/:?#[\]]+)(?::(\d*))?([/?#].*)?$/.exec(url);
  if (!m) return err('curl: (3) URL rejected: Malformed input to a URL function', 3);
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return err(`curl: (1) Protocol "${scheme}" not supported`, 1);
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return err('curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', 3);
  // The connect phase ends at the smaller of --connect-timeout and --max-time (Curl_timeleft).
  const limits = [o.connectTimeout, o.maxTime].filter((x): x is number => x !== undefined && x > 0);
  const budgetMs = limits.length > 0 ? Math.round(Math.min(...limits) * 1000) : undefined;
  const byMaxTime = budgetMs !== undefined && o.maxTime !== undefined && Math.round(o.maxTime * 1000) === budgetMs && !(o.connectTimeout !== undefined && Math.round(o.connectTimeout * 1000) === budgetMs);

  const finish = (code: number, message: string | undefined, vars: { ip?: string }, stdout = '', verbose = ''): CommandOutput => {
    let out = stdout;
    let stderr = verbose;
    if (message !== undefined && (!o.silent || o.showError)) stderr += `curl: (${code}) ${message}\n`;
    if (o.writeOut !== undefined) {
      const w = writeOut(o.writeOut, { remote_ip: vars.ip ?? '', remote_port: vars.ip ? String(port) : '', exitcode: String(code), errormsg: message ?? '', url });
      out += w.text;
      stderr += w.warnings;
    }
    return { stdout: out, stderr, code };
  };

  const dns = dnsQuery(cluster, target, host);
  if (!dns.ip) {
    if (dns.error?.startsWith(';;') && budgetMs !== undefined && budgetMs < RESOLVER_TIMEOUT_MS) {
      return finish(28, `Resolving timed out after ${budgetMs + 1} milliseconds`, {});
    }
    return finish(6, `Could not resolve host: ${host}`, {});
  }
  const r = cluster.trace(target, `${dns.ip}:${port}`, { protocol: 'tcp' });
  const trying = o.verbose ? `*   Trying ${dns.ip}:${port}...\n` : '';
  if (r.verdict === 'delivered') {
    const who = r.deliveredTo?.pod ? `pod ${r.deliveredTo.pod}` : r.deliveredTo?.host ? `host ${r.deliveredTo.host}` : `node ${r.deliveredTo?.node ?? '?'}`;
    const connected = `* Connected to ${host} (${dns.ip}) port ${port}\n`;
    const note = `(simulated: the TCP connection was accepted by ${who}${r.deliveredTo?.container ? `, container ${r.deliveredTo.container}` : ''}; HTTP itself is not modelled)\n`;
    const body = o.output === '/dev/null' ? '' : o.verbose ? note : connected + note;
    return finish(0, undefined, { ip: dns.ip }, body, o.verbose ? trying + connected : '');
  }
  if (r.verdict === 'timeout' || r.verdict === 'dropped') {
    if (budgetMs !== undefined) {
      const message = byMaxTime ? `Connection timed out after ${budgetMs + 1} milliseconds` : `Failed to connect to ${host} port ${port} after ${budgetMs + 1} ms: Timeout was reached`;
      return finish(28, message, { ip: dns.ip }, '', trying);
    }
    // connect(2) fails with ETIMEDOUT: curl reports it, and exits 28 for that errno.
    return finish(28, `Failed to connect to ${host} port ${port} after ${KERNEL_SYN_TIMEOUT_MS + 1} ms: Could not connect to server (Connection timed out)`, { ip: dns.ip }, '', trying);
  }
  return finish(7, `Failed to connect to ${host} port ${port} after 0 ms: Could not connect to server (${connectError(r)})`, { ip: dns.ip }, '', trying);
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
