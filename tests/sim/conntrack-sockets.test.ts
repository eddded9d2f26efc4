/** Conntrack's table semantics and the socket bind rules, as units (the datapath tests cover them in context). */
import { describe, expect, it } from 'vitest';
import { ConntrackTable, ctStateOf, invertTuple, natTarget, type CtTuple } from '../../src/sim/conntrack/conntrack';
import { checkBind, lookupSocket, type Socket } from '../../src/sim/socket/sockets';
import { parseIpv4 } from '../../src/sim/addr/ipv4';
import { SimError } from '../../src/sim/core/errors';

const t: CtTuple = { proto: 'tcp', src: parseIpv4('10.244.1.3'), dst: parseIpv4('10.96.0.10'), sport: 40000, dport: 80 };

describe('conntrack', () => {
  it('an unconfirmed entry is invisible; confirming inserts both directions', () => {
    const ct = new ConntrackTable();
    const e = ct.create(t, 0, 0);
    expect(ct.lookup(t, 0)).toBeUndefined();
    expect(ct.confirm(e)).toBe(true);
    expect(ct.lookup(t, 0)).toMatchObject({ dir: 'orig' });
    expect(ct.lookup(invertTuple(t), 0)).toMatchObject({ dir: 'reply' });
  });

  it('is NEW until a reply is seen, ESTABLISHED for replies and after', () => {
    const ct = new ConntrackTable();
    const e = ct.create(t, 0, 0);
    ct.confirm(e);
    expect(ctStateOf(ct.lookup(t, 0))).toBe('NEW');
    expect(ctStateOf(ct.lookup(invertTuple(t), 0))).toBe('ESTABLISHED');
    e.seenReply = true;
    expect(ctStateOf(ct.lookup(t, 0))).toBe('ESTABLISHED');
  });

  it('NAT bindings rewrite each direction from the other one (nf_nat_manip_pkt)', () => {
    const ct = new ConntrackTable();
    const e = ct.create(t, 0, 0);
    // DNAT 10.96.0.10:80 → 10.244.2.7:8080, then MASQUERADE to 10.244.1.1:40000.
    e.reply = { ...e.reply, src: parseIpv4('10.244.2.7'), sport: 8080 };
    e.dnat = true;
    e.reply = { ...e.reply, dst: parseIpv4('10.244.1.1') };
    e.snat = true;
    expect(natTarget(e, 'orig', 'dst')).toEqual({ ip: parseIpv4('10.244.2.7'), port: 8080 });
    expect(natTarget(e, 'orig', 'src')).toEqual({ ip: parseIpv4('10.244.1.1'), port: 40000 });
    expect(natTarget(e, 'reply', 'dst')).toEqual({ ip: parseIpv4('10.244.1.3'), port: 40000 });
    expect(natTarget(e, 'reply', 'src')).toEqual({ ip: parseIpv4('10.96.0.10'), port: 80 });
  });

  it('entries expire with the injected clock, and a clashing tuple is refused', () => {
    const ct = new ConntrackTable();
    const e = ct.create(t, 0, 0);
    ct.confirm(e);
    expect(ct.lookup(t, 119_000)).toBeDefined();
    expect(ct.lookup(t, 121_000)).toBeUndefined(); // SYN_SENT lives 120 s
    const a = ct.create(t, 0, 0);
    const b = ct.create(t, 0, 0);
    expect(ct.confirm(a)).toBe(true);
    expect(ct.confirm(b)).toBe(false);
  });

  it('snapshot and restore give an independent copy', () => {
    const ct = new ConntrackTable();
    ct.confirm(ct.create(t, 0, 0));
    const saved = ct.snapshot();
    ct.flush();
    expect(ct.list(0)).toHaveLength(0);
    ct.restore(saved);
    expect(ct.list(0)).toHaveLength(1);
  });
});

describe('bind rules (inet_csk_bind_conflict, udp_lib_lport_inuse)', () => {
  const s = (addr: string, port: number, extra: Partial<Socket> = {}): Socket => ({ proto: 'tcp', addr: parseIpv4(addr), port, reusePort: false, reuseAddr: false, owner: 'x', ...extra });

  it('wildcard and specific addresses on one port conflict; different addresses do not', () => {
    expect(() => checkBind([s('0.0.0.0', 80)], s('10.0.0.1', 80), 'ns')).toThrow(SimError);
    expect(() => checkBind([s('10.0.0.1', 80)], s('0.0.0.0', 80), 'ns')).toThrow(/EADDRINUSE/);
    expect(() => checkBind([s('10.0.0.1', 80)], s('127.0.0.1', 80), 'ns')).not.toThrow();
    expect(() => checkBind([s('0.0.0.0', 80)], s('0.0.0.0', 81), 'ns')).not.toThrow();
  });

  it('SO_REUSEPORT on both sockets shares the port; SO_REUSEADDR does not for TCP but does for UDP', () => {
    expect(() => checkBind([s('0.0.0.0', 80, { reusePort: true })], s('0.0.0.0', 80, { reusePort: true }), 'ns')).not.toThrow();
    expect(() => checkBind([s('0.0.0.0', 80, { reuseAddr: true })], s('0.0.0.0', 80, { reuseAddr: true }), 'ns')).toThrow();
    expect(() => checkBind([s('0.0.0.0', 53, { proto: 'udp', reuseAddr: true })], s('0.0.0.0', 53, { proto: 'udp', reuseAddr: true }), 'ns')).not.toThrow();
  });

  it('delivery prefers the exact address over the wildcard', () => {
    const socks = [s('0.0.0.0', 80, { owner: 'any' }), s('10.0.0.1', 80, { owner: 'exact', reusePort: true })];
    expect(lookupSocket(socks, 'tcp', parseIpv4('10.0.0.1'), 80)?.owner).toBe('exact');
    expect(lookupSocket(socks, 'tcp', parseIpv4('10.0.0.2'), 80)?.owner).toBe('any');
    expect(lookupSocket(socks, 'udp', parseIpv4('10.0.0.1'), 80)).toBeUndefined();
  });
});
