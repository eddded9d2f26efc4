/**
 * The Walker carries one packet through the World and writes the trace as it goes: it owns the hop list,
 * the hop budget (loop protection) and the source of probabilistic decisions. Stage functions in this folder
 * take the walker as their first argument; they are the only code that writes trace steps.
 */
import type { World } from '../world/world';
import type { Netns } from '../netns/netns';
import type { DropReason, Hop, PacketOutcome, RuleHit, Step } from '../trace/types';
import { viewOf, type Packet } from './packet';

/** Decides a `statistic --mode random` match; the explorer scripts it, normal runs draw from the seeded RNG. */
export type Chooser = (p: number, rule: RuleHit) => boolean;

/** A local socket waiting for an answer (a connecting TCP socket or a pinging one), by its own tuple. */
export interface Expectation {
  ns: string;
  proto: Packet['proto'];
  local: number;
  localPort: number;
  remote: number;
  remotePort: number;
}

/** Hops one packet may take before the simulator calls it a loop (bridged loops have no TTL to stop them). */
export const HOP_LIMIT = 255;

export class Walker {
  readonly world: World;
  readonly hops: Hop[] = [];
  readonly choices: { rule: RuleHit; probability: number; taken: boolean }[] = [];
  rulesEvaluated = 0;
  readonly choose: Chooser;
  /** Set by explore mode: every choice (IPVS scheduling included) goes through `choose`. */
  readonly exploring: boolean;
  /** Sockets of the probe that wait for replies, so delivery can tell a reply from a stray packet. */
  readonly expect: Expectation[] = [];
  private current?: Hop;
  /** The packet object of the latest hop (the datapath copies packets when they change namespace). */
  lastPacket?: Packet;
  /** The packet as its socket sent it, once routing chose the source (before any NAT). */
  origin?: Packet;

  constructor(world: World, choose: Chooser, exploring = false) {
    this.world = world;
    this.choose = choose;
    this.exploring = exploring;
  }

  get now(): number {
    return this.world.clock.now();
  }

  /** Starts a hop; returns null when the hop limit is reached (the caller reports a loop). */
  hop(ns: Netns, pkt: Packet, kind: Hop['kind'] = 'netns', inDev?: string, bridge?: string): Hop | null {
    if (this.hops.length >= HOP_LIMIT) return null;
    const h: Hop = {
      index: this.hops.length,
      ns: ns.name,
      kind,
      ...(bridge ? { bridge } : {}),
      ...(inDev ? { inDev } : {}),
      packet: viewOf(pkt),
      steps: [],
    };
    this.hops.push(h);
    this.current = h;
    this.lastPacket = pkt;
    return h;
  }

  /** Re-records the current hop's packet (after routing filled in the source address). */
  refreshView(pkt: Packet): void {
    if (this.current) (this.current as { packet: Hop['packet'] }).packet = viewOf(pkt);
  }

  get hopIndex(): number {
    return this.current?.index ?? 0;
  }

  step(s: Step): void {
    this.current?.steps.push(s);
  }

  drop(ns: Netns, reason: DropReason, detail?: string): PacketOutcome {
    this.step({ kind: 'drop', reason, ...(detail ? { detail } : {}) });
    return { kind: 'dropped', reason, hop: this.hopIndex, ns: ns.name };
  }

  loop(ns: Netns): PacketOutcome {
    return { kind: 'dropped', reason: 'LOOP', hop: this.hopIndex, ns: ns.name };
  }
}
