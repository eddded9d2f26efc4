/**
 * `ss` (iproute2 misc/ss.c) for a namespace's sockets: its command line (getopt short options, bundled as
 * `-tlnp`, and the long ones) and its table, laid out the way ss lays it out when its output is not a terminal
 * (render_calc_width "compact output", which the simulator's terminal gets: it has no window size).
 *
 * Columns (ss.c `columns[]`): Netid, State, Recv-Q, Send-Q, "Local Address:" (right-aligned) + Port,
 * "Peer Address:" (right-aligned) + Port, Process, and an empty last one. Netid is dropped when one socket
 * table is asked for (-t alone), State when one state is (main: `!(states & (states - 1))`). Each column is as
 * wide as its widest cell plus its left delimiter (one space, none for the Port and Process columns, so the header
 * reads `Peer Address:PortProcess`); left-aligned cells are padded on the right, right-aligned ones on the left
 * (print_left_spacing / print_right_spacing), so lines may end in blanks. The last row's Process cell is still
 * being written when ss renders, so it does not widen its column. Recv-Q/Send-Q are printed "%-6d".
 *
 * What is listed: TCP sockets bound by the simulator's processes are listening (LISTEN; Send-Q is the backlog),
 * UDP ones are bound and unconnected (UNCONN), both 0.0.0.0 with peer 0.0.0.0:*. `-l` shows LISTEN and UNCONN
 * sockets, `-a` all, neither only connected ones (ss's default state filter), of which the simulator keeps
 * none. UDP sockets are listed before TCP ones (main calls udp_show, then tcp_show). Without -n a port is shown
 * by its /etc/services name (getservbyport, skipped for ephemeral ports, is_ephemeral).
 *
 * Not modelled: established and other connected sockets (connections are traced, not kept as sockets), unix,
 * raw, packet and netlink sockets (kernel sockets such as VXLAN's UDP one too), IPv6, filter expressions
 * (`state ...`, `sport = :80`), -e/-o/-m/-i/-s and the other detail options, the kernel's hash order of
 * listeners (sorted by port here), the real backlog of each server (4096, net.core.somaxconn's default, which Go
 * and many servers ask for), the full /etc/services (a few well-known ports), pids and fds in `-p`: a
 * container's process is pid 1 (as in its own PID namespace), other processes are numbered from 1000 in the
 * order their first socket was bound, and each process's sockets are fds 3, 4, ...
 */
import { formatIpv4 } from '../addr/ipv4';
import type { Socket } from '../socket/sockets';
import type { World } from '../world/world';

export interface SsOptions {
  tcp: boolean;
  udp: boolean;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  processes: boolean;
  header: boolean;
  /** -6: IPv6 only (the simulator has no IPv6 sockets). */
  ipv6Only: boolean;
}

export type SsParse = { ok: true; options: SsOptions } | { ok: false; stderr: string; code: number };

/** Long options and the short letter they stand for (ss.c long_opts). */
const LONG: Record<string, string> = {
  tcp: 't', udp: 'u', listening: 'l', all: 'a', numeric: 'n', processes: 'p', 'no-header': 'H', ipv4: '4', ipv6: '6',
  resolve: 'r', help: 'h',
  // Real options the simulator does not model.
  options: 'o', extended: 'e', memory: 'm', info: 'i', bpf: 'b', events: 'E', dccp: 'd', sctp: 'S', raw: 'w', unix: 'x',
  packet: '0', family: 'f', socket: 'A', query: 'A', summary: 's', diag: 'D', filter: 'F', version: 'V', context: 'Z',
  contexts: 'z', net: 'N', kill: 'K', mptcp: 'M', oneline: 'O', tipc: '?', vsock: '?', xdp: '?', tos: '?', cgroup: '?',
  tipcinfo: '?', 'inet-sockopt': '?',
};

/** ss.c's getopt string: which letters exist, and which take an argument. */
const KNOWN = 'dhaletuwxnro460spbEfmMiADFvVzZNKHSO';
const WITH_ARGUMENT = 'fADFN';
const SUPPORTED = 'tulanpH46r';

const USAGE = 'Usage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n';

/** Parses ss's command line (getopt_long: bundled short options, `--long`, filters after the options). */
export function parseSs(args: readonly string[]): SsParse {
  const o: SsOptions = { tcp: false, udp: false, listening: false, all: false, numeric: false, processes: false, header: true, ipv6Only: false };
  const letters: string[] = [];
  const filter: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      filter.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const letter = LONG[name];
      if (!letter) return { ok: false, stderr: `ss: unrecognized option '${a}'\n${USAGE}`, code: 255 };
      if (!SUPPORTED.includes(letter) && letter !== 'h') return { ok: false, stderr: `ss: option ${a} is not modelled by the simulator (it models -t -u -l -a -n -p -H -4 -6)\n`, code: 1 };
      letters.push(letter);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (!KNOWN.includes(c)) return { ok: false, stderr: `ss: invalid option -- '${c}'\n${USAGE}`, code: 255 };
        if (!SUPPORTED.includes(c) && c !== 'h') return { ok: false, stderr: `ss: option -${c} is not modelled by the simulator (it models -t -u -l -a -n -p -H -4 -6)\n`, code: 1 };
        if (WITH_ARGUMENT.includes(c)) break;
        letters.push(c);
      }
    } else {
      filter.push(a);
    }
  }
  if (filter.length > 0) return { ok: false, stderr: `ss: filter "${filter.join(' ')}" is not modelled by the simulator; list the sockets with options only, e.g. ss -tlnp\n`, code: 1 };
  for (const c of letters) {
    switch (c) {
      case 't': o.tcp = true; break;
      case 'u': o.udp = true; break;
      case 'l': o.listening = true; o.all = false; break;
      case 'a': o.all = true; o.listening = false; break;
      case 'n': o.numeric = true; break;
      case 'p': o.processes = true; break;
      case 'H': o.header = false; break;
      case '6': o.ipv6Only = true; break;
      case 'h': return { ok: false, stderr: `${USAGE}(the simulator models -t -u -l -a -n -p -H -4 -6)\n`, code: 0 };
      default: break; // -4, -r: nothing to change for IPv4-only numeric addresses
    }
  }
  return { ok: true, options: o };
}

/** A few /etc/services entries (Debian netbase) for ports the course's clusters use. */
const SERVICES: Readonly<Record<string, string>> = {
  'tcp/22': 'ssh', 'tcp/53': 'domain', 'udp/53': 'domain', 'tcp/80': 'http', 'tcp/443': 'https', 'tcp/8080': 'http-alt',
};

/** net.ipv4.ip_local_port_range's default: ss leaves ephemeral ports numeric (is_ephemeral). */
const EPHEMERAL = { min: 32768, max: 60999 };

/** somaxconn's default (Linux >= 5.4), the backlog a listener asking for SOMAXCONN gets. */
export const LISTEN_BACKLOG = 4096;

function serviceName(s: Socket, numeric: boolean): string {
  if (numeric || (s.port >= EPHEMERAL.min && s.port <= EPHEMERAL.max)) return String(s.port);
  return SERVICES[`${s.proto}/${s.port}`] ?? String(s.port);
}

/** The process name (comm, at most 15 characters) behind a socket's owner. */
function processName(owner: string): string {
  const parts = owner.split('/');
  let name: string;
  if (owner.startsWith('host/')) name = /\(([^)]+)\)$/.exec(owner)?.[1] ?? parts[1]!.split(' ')[0]!;
  else if (parts.length === 3) name = parts[2]!;
  else if (parts.length === 2) name = parts[1]!;
  else name = owner.split(' ')[0]!;
  return name.slice(0, 15);
}

interface Column {
  align: 'left' | 'right';
  header: string;
  ldelim: string;
  disabled: boolean;
}

/** `ss [OPTIONS]` in namespace `nsName`. */
export function ssShow(world: World, nsName: string, o: SsOptions): string {
  const ns = world.netns(nsName);
  // No -t/-u: every socket table (the simulator has TCP and UDP ones).
  const dbs = o.tcp || o.udp ? [o.udp && 'udp', o.tcp && 'tcp'].filter((x): x is 'udp' | 'tcp' => !!x) : (['udp', 'tcp'] as const);
  const tables = o.tcp || o.udp ? dbs.length : 2 + 4; // the default also asks for raw, unix, packet, netlink, ...
  // -l: LISTEN and CLOSE; -a: all; default: the connected states.
  const listed = o.all || o.listening;
  const cols: Column[] = [
    { align: 'left', header: 'Netid', ldelim: '', disabled: tables === 1 },
    // Never a single state: -l asks for two, -a and the default for more (state filters are not modelled).
    { align: 'left', header: 'State', ldelim: ' ', disabled: false },
    { align: 'left', header: 'Recv-Q', ldelim: ' ', disabled: false },
    { align: 'left', header: 'Send-Q', ldelim: ' ', disabled: false },
    { align: 'right', header: 'Local Address:', ldelim: ' ', disabled: false },
    { align: 'left', header: 'Port', ldelim: '', disabled: false },
    { align: 'right', header: 'Peer Address:', ldelim: ' ', disabled: false },
    { align: 'left', header: 'Port', ldelim: '', disabled: false },
    { align: 'left', header: 'Process', ldelim: '', disabled: false },
    { align: 'left', header: '', ldelim: '', disabled: false },
  ];

  const pids = new Map<string, number>();
  const fds = new Map<string, number>();
  let nextPid = 1000;
  const inPod = ns.role === 'pod';
  const users = (s: Socket): string => {
    if (!o.processes) return '';
    if (!pids.has(s.owner)) pids.set(s.owner, inPod && s.owner.split('/').length === 3 ? 1 : nextPid++);
    const fd = (fds.get(s.owner) ?? 2) + 1;
    fds.set(s.owner, fd);
    return ` users:(("${processName(s.owner)}",pid=${pids.get(s.owner)},fd=${fd}))`;
  };
  // pids and fds follow the order the sockets were bound in.
  const userOf = new Map(ns.sockets.map((s) => [s, users(s)]));

  const rows: string[][] = [];
  if (o.header) rows.push(cols.map((c) => c.header));
  if (listed && !o.ipv6Only) {
    for (const proto of dbs) {
      const socks = ns.sockets.filter((s) => s.proto === proto).sort((a, b) => a.port - b.port || a.addr - b.addr);
      for (const s of socks) {
        rows.push([
          proto,
          proto === 'tcp' ? 'LISTEN' : 'UNCONN',
          String(0).padEnd(6),
          String(proto === 'tcp' ? LISTEN_BACKLOG : 0).padEnd(6),
          `${formatIpv4(s.addr)}:`,
          serviceName(s, o.numeric),
          '0.0.0.0:',
          '*',
          userOf.get(s) ?? '',
          '',
        ]);
      }
    }
  }
  return layout(cols, rows, rows.length - (o.header ? 1 : 0));
}

/** render_calc_width (compact output) and render. */
function layout(cols: readonly Column[], rows: readonly string[][], dataRows: number): string {
  const maxLen = cols.map(() => 0);
  rows.forEach((r, ri) => {
    cols.forEach((c, i) => {
      if (c.disabled) return;
      // The cell ss is still writing when it renders is not measured (field_flush sets max_len): the last
      // socket's Process cell; a header's last (empty) cell.
      if (ri === rows.length - 1 && i === (dataRows > 0 ? 8 : 9)) return;
      maxLen[i] = Math.max(maxLen[i]!, r[i]!.length);
    });
  });
  let first = true;
  const width = cols.map((c, i) => {
    if (c.disabled) return 0;
    const w = !first && maxLen[i]! > 0 ? maxLen[i]! + c.ldelim.length : maxLen[i]!;
    if (w > 0) first = false;
    return w;
  });
  let out = '';
  for (const r of rows) {
    let started = false;
    cols.forEach((c, i) => {
      if (c.disabled) return;
      let printed = 0;
      if (started) {
        out += c.ldelim;
        printed = c.ldelim.length;
      }
      started = true;
      const w = width[i]!;
      const cell = r[i]!;
      if (w > 0 && c.align === 'right') {
        const s = w - cell.length - printed;
        if (s > 0) {
          out += ' '.repeat(s);
          printed += s;
        }
      }
      out += cell;
      printed += cell.length;
      if (w > 0 && c.align === 'left') {
        const s = w - printed;
        if (s > 0) out += ' '.repeat(s);
      }
    });
    out += '\n';
  }
  return out;
}
