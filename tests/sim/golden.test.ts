/**
 * Golden traces: the full text of three traces through the ORACLE-FACTS topology, reviewed line by line
 * against ORACLE-FACTS.md and FIDELITY.md when they were written (see tests/golden/README.md). A change
 * in the datapath that alters any hop, rule, NAT step or verdict shows up here as a diff to review.
 */
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/sim/addr/ipv4';
import { probe } from '../../src/sim/datapath/probe';
import { renderText } from '../../src/sim/trace/render-text';
import { buildOracle } from './support/oracle-topology';

describe('golden traces', () => {
  it('pod to pod across nodes over flannel VXLAN', async () => {
    const w = buildOracle('vxlan');
    const t = probe(w, { from: 'n2-b', dst: parseIpv4('10.244.1.2'), dport: 8080, proto: 'tcp' });
    await expect(renderText(t)).toMatchFileSnapshot('../golden/vxlan-pod-to-pod.trace.txt');
  });

  it('outside client to a NodePort, endpoint on another node (host-gw)', async () => {
    const w = buildOracle('host-gw');
    const t = probe(w, { from: 'ext', dst: parseIpv4('192.168.56.11'), dport: 30080, proto: 'tcp' }, { choose: () => false });
    await expect(renderText(t)).toMatchFileSnapshot('../golden/hostgw-nodeport-remote.trace.txt');
  });

  it('pod to ClusterIP with the endpoint on the same bridge (br_netfilter bridges the DNATed frame)', async () => {
    const w = buildOracle('vxlan');
    const t = probe(w, { from: 'n1-b', dst: parseIpv4('10.96.0.101'), dport: 80, proto: 'tcp' }, { choose: () => true });
    await expect(renderText(t)).toMatchFileSnapshot('../golden/vxlan-clusterip-same-node.trace.txt');
  });
});
