import type { TsCheck, TsCheckContext } from '../../../labs';

// Each answer is compared with what the learner's own cluster prints, so the checks hold for any addresses.

type Answers = Record<string, unknown>;

function answer(ctx: TsCheckContext, key: string): string {
  const a = ctx.exports.answers as Answers | undefined;
  const v = a && typeof a === 'object' ? a[key] : undefined;
  return typeof v === 'string' ? v.trim() : v === undefined ? '' : String(v);
}

function say(ctx: TsCheckContext, en: string, zh: string): string {
  return ctx.lang === 'zh-tw' ? zh : en;
}

function compare(ctx: TsCheckContext, key: string, truth: string | undefined, where: { en: string; zh: string }) {
  const given = answer(ctx, key);
  if (truth === undefined) return { pass: false, expected: say(ctx, where.en, where.zh), found: say(ctx, 'the cluster has no Pod default/client on a node', '叢集裡沒有已排到節點上的 Pod default/client') };
  return {
    pass: given === truth,
    expected: say(ctx, where.en, where.zh),
    found: given === '' ? say(ctx, `answers.${key} is empty`, `answers.${key} 是空的`) : `answers.${key} = '${given}'`,
  };
}

function podAddr(ctx: TsCheckContext): string {
  return ctx.cluster?.exec('pod/default/client', 'ip address show') ?? '';
}

function nodeOfClient(ctx: TsCheckContext): string | undefined {
  return ctx.cluster?.toJSON().pods.find((p) => p.name === 'default/client')?.node ?? undefined;
}

export const podIP: TsCheck = (ctx) =>
  compare(ctx, 'podIP', /inet (\d+\.\d+\.\d+\.\d+)\/\d+ scope global eth0/.exec(podAddr(ctx))?.[1], {
    en: "the address on client's eth0 (ip address show, in the Pod), without the prefix length",
    zh: 'client 的 eth0 上的位址（在 Pod 裡執行 ip address show），不含前綴長度',
  });

export const podCIDR: TsCheck = (ctx) => {
  const node = nodeOfClient(ctx);
  const cidr = node ? ctx.cluster?.toJSON().nodes.find((n) => n.name === node)?.podCIDR : undefined;
  return compare(ctx, 'podCIDR', cidr ?? undefined, {
    en: `the podCIDR of client's node, ${node ?? 'node-2'} (kubectl get node ${node ?? 'node-2'} -o yaml)`,
    zh: `client 所在節點 ${node ?? 'node-2'} 的 podCIDR（kubectl get node ${node ?? 'node-2'} -o yaml）`,
  });
};

export const gateway: TsCheck = (ctx) =>
  compare(ctx, 'gateway', /^default via (\S+)/m.exec(ctx.cluster?.exec('pod/default/client', 'ip route') ?? '')?.[1], {
    en: "the address after 'default via' in client's ip route",
    zh: 'client 的 ip route 裡 default via 後面的位址',
  });

export const gatewayDevice: TsCheck = (ctx) => {
  const node = nodeOfClient(ctx);
  const gw = /^default via (\S+)/m.exec(ctx.cluster?.exec('pod/default/client', 'ip route') ?? '')?.[1];
  let dev: string | undefined;
  if (node && gw) {
    // The interface block whose "inet GW/…" line names the gateway.
    for (const block of (ctx.cluster?.exec(`node/${node}`, 'ip address show') ?? '').split(/\n(?=\d+: )/)) {
      if (block.includes(`inet ${gw}/`)) dev = /^\d+: ([^:@\s]+)/.exec(block)?.[1];
    }
  }
  return compare(ctx, 'gatewayDevice', dev, {
    en: `the device on ${node ?? 'node-2'} whose inet address is the gateway (ip address show, on the node)`,
    zh: `${node ?? 'node-2'} 上 inet 位址就是閘道的那個裝置（在節點上執行 ip address show）`,
  });
};

export const hostVeth: TsCheck = (ctx) => {
  const node = nodeOfClient(ctx);
  const peer = /^\d+: eth0@if(\d+):/m.exec(podAddr(ctx))?.[1];
  const dev = node && peer ? new RegExp(`^${peer}: ([^:@\\s]+)@`, 'm').exec(ctx.cluster?.exec(`node/${node}`, 'ip address show') ?? '')?.[1] : undefined;
  return compare(ctx, 'hostVeth', dev, {
    en: `the name of interface number N on ${node ?? 'node-2'}, where client's eth0 shows as eth0@ifN`,
    zh: `${node ?? 'node-2'} 上編號 N 的介面名稱，N 來自 client 的 eth0 顯示的 eth0@ifN`,
  });
};
