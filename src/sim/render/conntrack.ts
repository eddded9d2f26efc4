/**
 * `conntrack -L` (conntrack-tools, lines formatted by libnetfilter_conntrack
 * src/conntrack/snprintf_default.c __snprintf_conntrack_default):
 *
 *   tcp      6 431999 ESTABLISHED src=A dst=B sport=P dport=Q src=B dst=A sport=Q dport=P [ASSURED] mark=0 use=1
 *   udp      17 29 src=A dst=B sport=P dport=Q [UNREPLIED] src=B dst=A sport=Q dport=P mark=0 use=1
 *   icmp     1 29 src=A dst=B type=8 code=0 id=N src=B dst=A type=0 code=0 id=N mark=0 use=1
 *
 * Protocol name "%-8s " then number "%u ", the seconds left (nf_ct_expires / HZ, truncated), the TCP state, the
 * original tuple, `[UNREPLIED]` while no reply was seen, the reply tuple, `[ASSURED]`, `mark=` (ctnetlink dumps
 * the mark even when 0), `use=1`; the trailing blank is removed. The summary goes to stderr:
 * `conntrack v1.4.7 (conntrack-tools): N flow entries have been shown.` (src/conntrack.c exit_msg, no singular).
 *
 * Not modelled: `-o extended` (the `ipv4     2` prefix), counters, zones, labels, timestamps, SCTP states,
 * ICMP messages other than echo (the table only tracks echo, so the reply is always type 0), the kernel's
 * hash-table dump order (entries are listed oldest first).
 */
import { formatIpv4 } from '../addr/ipv4';
import type { CtEntry, CtTuple, L4Proto } from '../conntrack/conntrack';
import type { World } from '../world/world';

export const CONNTRACK_VERSION = '1.4.7';

const PROTO_NUM: Record<L4Proto, number> = { tcp: 6, udp: 17, icmp: 1, sctp: 132 };

function tupleText(t: CtTuple, dir: 'orig' | 'reply'): string {
  let s = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} `;
  switch (t.proto) {
    case 'tcp':
    case 'udp':
    case 'sctp':
      s += `sport=${t.sport} dport=${t.dport} `;
      break;
    case 'icmp':
      // __snprintf_proto: type, code, and the echo id, which the kernel keeps in src.u.icmp.id in both
      // directions; the simulator's reply tuple is the inverted one, with the id in dport.
      s += `type=${dir === 'orig' ? 8 : 0} code=0 id=${dir === 'orig' ? t.sport : t.dport} `;
      break;
  }
  return s;
}

/** One entry as `conntrack -L` prints it (without the newline). */
export function conntrackLine(e: CtEntry, now: number): string {
  const p = e.orig.proto;
  let s = `${p.padEnd(8)} ${PROTO_NUM[p]} `;
  s += `${Math.max(0, Math.floor((e.expires - now) / 1000))} `;
  if (p === 'tcp' && e.tcpState !== undefined) s += `${e.tcpState} `;
  s += tupleText(e.orig, 'orig');
  if (!e.seenReply) s += '[UNREPLIED] ';
  s += tupleText(e.reply, 'reply');
  if (e.assured) s += '[ASSURED] ';
  s += `mark=${e.mark >>> 0} `;
  s += 'use=1 ';
  // "Delete the last blank space".
  return s.slice(0, -1);
}

/** `conntrack -L` in namespace `nsName`: the entries on stdout, the summary line on stderr. */
export function conntrackList(world: World, nsName: string): { stdout: string; stderr: string } {
  const ns = world.netns(nsName);
  const now = world.clock.now();
  // snapshot() copies without the expiry sweep list() does, so rendering changes nothing.
  const live = ns.conntrack.snapshot().filter((e) => e.expires > now);
  return {
    stdout: live.map((e) => `${conntrackLine(e, now)}\n`).join(''),
    stderr: `conntrack v${CONNTRACK_VERSION} (conntrack-tools): ${live.length} flow entries have been shown.\n`,
  };
}
