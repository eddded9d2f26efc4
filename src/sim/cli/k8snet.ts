/**
 * The `k8snet` command: a simulated cluster, described by manifests, asked the questions an engineer asks a
 * real one. Pure: file contents come in through `readFile`, output goes back as strings and an exit code
 * (0 success; 1 bad input or usage, with a one-line reason on stderr).
 *
 *   k8snet trace FILE... --from SRC --to DST [--protocol tcp|udp|sctp|icmp] [--node NAME] [--explore] [--seed N] [--json]
 *   k8snet iptables-save FILE... --node NAME [--table nat|filter|mangle|raw]
 *   k8snet ip FILE... (--node NAME | --pod NS/NAME) -- [-4|-6] [-br|-o] addr | link | route | route get IP [from IP iif DEV] | neigh [dev DEV]
 *   k8snet kubectl FILE... -- get RESOURCE [NAME] [-o wide|yaml|json|name] [-n NS | -A]   (RESOURCE includes events)
 *   k8snet netpol FILE... --matrix [--port N] [--protocol TCP|UDP|SCTP] [--json]
 *   k8snet grade --list | --lab ID FILE [--json] [--lang en|zh-tw]
 */
import { SimError } from '../core/errors';
import { parseArgs } from './args';
import { ipCommand, type CommandOutput } from './ip';
import { Cluster, type TraceResult } from '../k8s/cluster/cluster';
import { iptablesSave, isTableName } from '../netfilter';
import { renderText } from '../trace/render-text';
import { kubectlGet } from '../k8s/kubectl';
import { formatTruthTable } from '../k8s/netpol';
import type { L4Proto } from '../conntrack/conntrack';
import { gradeCmd, type LabGrader } from './grade';

export interface CliIo {
  readFile(path: string): string;
  /** The course's labs (provided by the bin, which can read the lab folders). */
  labs?: LabGrader;
}

const USAGE = `usage: k8snet COMMAND FILE... [options]
commands:
  trace          --from SRC --to DST [--protocol tcp|udp|sctp|icmp] [--node NAME] [--explore] [--seed N] [--json]
  iptables-save  --node NAME [--table nat|filter|mangle|raw]
  ip             (--node NAME | --pod NS/NAME) -- [-4|-6] [-br|-o] addr | link | route | route get IP [from IP iif DEV] | neigh [dev DEV]
  kubectl        -- get RESOURCE [NAME] [-o wide|yaml|json|name] [-n NS | -A]   (RESOURCE: pods, svc, ep, endpointslices, nodes, ns, netpol, events)
  netpol         --matrix [--port N] [--protocol TCP|UDP|SCTP] [--json]
  grade          --list | --lab ID FILE [--json] [--lang en|zh-tw]
SRC: pod/NS/NAME, node/NAME, a Host name or IP, or any IP with --node
DST: IP:PORT, svc/NS/NAME:PORT, pod/NS/NAME:PORT, DNS-NAME:PORT, or an IP with --protocol icmp
`;

const out = (stdout: string): CommandOutput => ({ stdout, stderr: '', code: 0 });
const usage = (line: string): CommandOutput => ({ stdout: '', stderr: `k8snet: ${line}\n`, code: 1 });

function load(files: string[], io: CliIo, seed?: number): Cluster {
  if (files.length === 0) throw new SimError('BAD_USAGE', 'give at least one manifest file (YAML or JSON)');
  return Cluster.fromManifests(files.map((name) => ({ name, text: io.readFile(name) })), seed !== undefined ? { seed } : {});
}

export function runK8snet(argv: readonly string[], io: CliIo): CommandOutput {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'trace':
        return traceCmd(args, io);
      case 'iptables-save':
        return iptablesSaveCmd(args, io);
      case 'ip':
        return ipCmd(args, io);
      case 'kubectl':
        return kubectlCmd(args, io);
      case 'netpol':
        return netpolCmd(args, io);
      case 'grade':
        return gradeCmd(args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return out(USAGE);
      default:
        return usage(`unknown command "${command}" (commands: trace, iptables-save, ip, kubectl, netpol, grade)`);
    }
  } catch (e) {
    if (e instanceof SimError) return usage(e.message.split('\n').join('; '));
    throw e;
  }
}

function protocolOf(v: string | true | undefined): L4Proto {
  if (v === undefined) return 'tcp';
  const p = String(v).toLowerCase();
  if (p !== 'tcp' && p !== 'udp' && p !== 'sctp' && p !== 'icmp') throw new SimError('BAD_USAGE', `--protocol ${v}: use tcp, udp, sctp or icmp`);
  return p;
}

function traceCmd(args: string[], io: CliIo): CommandOutput {
  const a = parseArgs(args, { from: { value: true }, to: { value: true }, protocol: { value: true }, node: { value: true }, explore: {}, seed: { value: true }, json: {} }, 'k8snet trace');
  if (typeof a.flags.from !== 'string' || typeof a.flags.to !== 'string') return usage('trace needs --from SRC and --to DST');
  const seed = a.flags.seed === undefined ? undefined : Number(a.flags.seed);
  if (seed !== undefined && !Number.isInteger(seed)) return usage(`--seed ${a.flags.seed}: use a whole number`);
  const cluster = load(a.positionals, io);
  const r = cluster.trace(a.flags.from, a.flags.to, {
    protocol: protocolOf(a.flags.protocol),
    ...(typeof a.flags.node === 'string' ? { node: a.flags.node } : {}),
    explore: a.flags.explore === true,
    ...(seed !== undefined ? { seed } : {}),
  });
  if (a.flags.json) return out(`${JSON.stringify(traceJson(r), null, 2)}\n`);
  return out(traceText(r));
}

function traceJson(r: TraceResult) {
  return {
    from: r.from,
    to: r.to,
    protocol: r.protocol,
    verdict: r.verdict,
    reason: r.reason,
    dnat: r.dnat,
    masquerade: r.masquerade,
    sourceSeen: r.sourceSeen,
    deliveredTo: r.deliveredTo,
    replyTtl: r.replyTtl,
    rulesEvaluated: r.rulesEvaluated,
    ...(r.dns ? { dns: r.dns } : {}),
    hops: r.trace.legs[0]?.hops ?? [],
    legs: r.trace.legs,
    ...(r.candidates ? { candidates: r.candidates } : {}),
  };
}

function traceText(r: TraceResult): string {
  const lines = [`${r.from} → ${r.to} (${r.protocol})`, `verdict      ${r.verdict} (${r.reason})`];
  if (r.dns) lines.push(`dns          ${r.dns.name} → ${r.dns.fqdn} = ${r.dns.addresses.join(', ')}`);
  if (r.dnat) lines.push(`dnat         ${r.dnat}`);
  if (r.sourceSeen) lines.push(`source seen  ${r.sourceSeen}${r.masquerade ? ' (source NAT on the way)' : ''}`);
  const d = r.deliveredTo;
  if (d) {
    const who = d.pod ? `pod ${d.pod}` : d.host ? `host ${d.host}` : `node ${d.node}`;
    lines.push(`delivered to ${who}${d.pod && d.node ? ` on ${d.node}` : ''}${d.container ? `, container ${d.container}` : ''} (${d.ip}${d.port !== undefined ? `:${d.port}` : ''})`);
  }
  if (r.replyTtl !== null) lines.push(`reply ttl    ${r.replyTtl}`);
  if (r.candidates) {
    lines.push('', 'every branch (--explore):');
    for (const c of r.candidates) {
      lines.push(`  ${(c.probability * 100).toFixed(1).padStart(5)}%  ${c.endpoint ?? '-'}  ${c.verdict}${c.sourceSeen ? `  source seen ${c.sourceSeen}` : ''}${c.deliveredTo?.pod ? `  pod ${c.deliveredTo.pod}` : ''}`);
    }
  } else {
    lines.push('', renderText(r.trace).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

function iptablesSaveCmd(args: string[], io: CliIo): CommandOutput {
  const a = parseArgs(args, { node: { value: true }, table: { value: true, short: 't' } }, 'k8snet iptables-save');
  if (typeof a.flags.node !== 'string') return usage('iptables-save needs --node NAME');
  const table = a.flags.table;
  if (table !== undefined && (typeof table !== 'string' || !isTableName(table))) return usage(`--table ${String(table)}: use nat, filter, mangle or raw`);
  const cluster = load(a.positionals, io);
  const ns = cluster.netnsOf(`node/${a.flags.node}`);
  return out(iptablesSave(cluster.world.netns(ns).nf, table ? { table } : {}));
}

function ipCmd(args: string[], io: CliIo): CommandOutput {
  const a = parseArgs(args, { node: { value: true }, pod: { value: true } }, 'k8snet ip');
  const target = typeof a.flags.node === 'string' ? `node/${a.flags.node}` : typeof a.flags.pod === 'string' ? `pod/${a.flags.pod}` : undefined;
  if (!target) return usage('ip needs --node NAME or --pod NS/NAME, then -- and the ip arguments');
  if (a.rest.length === 0) return usage('ip: put the ip arguments after --, e.g. -- route get 10.96.0.10');
  const cluster = load(a.positionals, io);
  return ipCommand(cluster.world, cluster.netnsOf(target), a.rest);
}

function kubectlCmd(args: string[], io: CliIo): CommandOutput {
  const a = parseArgs(args, {}, 'k8snet kubectl');
  if (a.rest[0] !== 'get') return usage('kubectl: only "get" is simulated: k8snet kubectl FILE -- get pods -o wide');
  const cluster = load(a.positionals, io);
  return kubectlGet(cluster.built, a.rest.slice(1), { events: cluster.controlPlane.eventObjects() });
}

function netpolCmd(args: string[], io: CliIo): CommandOutput {
  const a = parseArgs(args, { matrix: {}, port: { value: true }, protocol: { value: true }, json: {} }, 'k8snet netpol');
  if (!a.flags.matrix) return usage('netpol: use --matrix');
  const port = a.flags.port === undefined ? 80 : Number(a.flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return usage(`--port ${String(a.flags.port)}: use 1-65535`);
  const protocol = protocolOf(a.flags.protocol ?? 'tcp');
  if (protocol === 'icmp') return usage('netpol --matrix probes TCP, UDP or SCTP ports');
  const cluster = load(a.positionals, io);
  const pods = cluster.spec.pods
    .filter((p) => p.namespace !== 'kube-system' && cluster.built.podIPs.has(`${p.namespace}/${p.name}`))
    .map((p) => `${p.namespace}/${p.name}`);
  const blocked: string[] = [];
  for (const from of pods) {
    for (const to of pods) {
      const r = cluster.trace(`pod/${from}`, `pod/${to}:${port}`, { protocol, seed: 1 });
      if (r.verdict !== 'delivered') blocked.push(`${from}->${to}`);
    }
  }
  if (a.flags.json) return out(`${JSON.stringify({ pods, blocked }, null, 2)}\n`);
  const isBlocked = new Set(blocked);
  return out(formatTruthTable({ froms: pods, tos: pods, connected: pods.map((f) => pods.map((t) => !isBlocked.has(`${f}->${t}`))) }));
}
