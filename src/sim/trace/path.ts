import type { Trace } from './types';

/**
 * The path of a packet as a learner draws it: the devices it crosses, in order, as "NAMESPACE DEVICE" strings
 * (`default/client eth0`, `node-2 cni0`, `node-2 flannel.1`, `node-2 eth0`, `node-1 eth0`, `node-1 flannel.1`,
 * `node-1 cni0`, `default/web eth0`). Hop checks (`expect.hops`) and predicted paths (`export.equalsPath`)
 * both compare against this list.
 *
 * From the request leg of a trace: per hop, the device it arrived on, the bridge of a bridge hop, and the
 * device each forwarding/output route chose (so a VXLAN device appears where the packet is encapsulated, and
 * the underlay eth0 after it). veth host ends are left out: their names are generated, and the bridge they hang
 * on already says where the packet is. Repeats in a row (a bridge hop, then its node arriving "from cni0") count once.
 *
 * Not modelled: the reply leg (a path is the request's), loopback delivery inside one namespace.
 */
export function devicePath(trace: Trace): string[] {
  const out: string[] = [];
  const push = (ns: string, dev: string | undefined) => {
    if (!dev || dev === 'lo' || /^veth/.test(dev)) return;
    const s = `${ns} ${dev}`;
    if (out[out.length - 1] !== s) out.push(s);
  };
  for (const hop of trace.legs[0]?.hops ?? []) {
    if (hop.kind === 'bridge') {
      push(hop.ns, hop.bridge);
      continue;
    }
    push(hop.ns, hop.inDev);
    for (const step of hop.steps) {
      if (step.kind === 'route' && step.result && (step.decision === 'forward' || step.decision === 'output')) push(hop.ns, step.result.dev);
    }
  }
  return out;
}
