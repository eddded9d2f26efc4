// Reads node-1's nat table from the learner's cluster and compares the learner's answers with it. On failure
// it says where to look, not the answer itself: this is an explore lab.
import type { TsCheck } from '../../../labs';
import type { LabCluster } from 'k8snet';

type Key = 'svcChain' | 'sepChain' | 'dnatTo';

const WHERE: Record<Key, { en: string; 'zh-tw': string }> = {
  svcChain: {
    en: 'the -j target of the KUBE-SERVICES rule commented "default/web cluster IP"',
    'zh-tw': '註解為 "default/web cluster IP" 的 KUBE-SERVICES 規則，它 -j 的目標',
  },
  sepChain: {
    en: "the KUBE-SEP chain whose DNAT rule goes to web-2's Pod IP",
    'zh-tw': 'DNAT 規則指向 web-2 Pod IP 的那條 KUBE-SEP chain',
  },
  dnatTo: {
    en: "web-2's Pod IP and the Service's targetPort, as IP:PORT",
    'zh-tw': 'web-2 的 Pod IP 加上 Service 的 targetPort，寫成 IP:PORT',
  },
};

const MISSING = {
  en: "node-1's nat table to have it (are web and web-2 still there?)",
  'zh-tw': 'node-1 的 nat 表裡要有它（web 和 web-2 還在嗎？）',
};

function natLines(cluster: LabCluster): string[] {
  return cluster.exec('node/node-1', 'iptables-save -t nat').split('\n');
}

function web2Target(cluster: LabCluster): string | undefined {
  const ip = cluster.toJSON().pods.find((p) => p.name === 'default/web-2')?.ip;
  return ip ? `${ip}:8080` : undefined;
}

function expectedSvc(cluster: LabCluster): string | undefined {
  const line = natLines(cluster).find((l) => l.startsWith('-A KUBE-SERVICES ') && l.includes('"default/web cluster IP"') && l.includes('--dport 80 '));
  return line ? /-j (KUBE-SVC-\w+)/.exec(line)?.[1] : undefined;
}

function expectedSep(cluster: LabCluster): string | undefined {
  const to = web2Target(cluster);
  if (!to) return undefined;
  const line = natLines(cluster).find((l) => /^-A KUBE-SEP-\w+ /.test(l) && l.endsWith(`DNAT --to-destination ${to}`));
  return line?.split(' ')[1];
}

function compare(key: Key, want: (c: LabCluster) => string | undefined): TsCheck {
  return ({ cluster, exports, lang }) => {
    const answers = exports.answers as Record<string, unknown> | undefined;
    const yours = answers && typeof answers === 'object' ? answers[key] : undefined;
    const found = `answers.${key} = ${JSON.stringify(yours ?? null)}`;
    if (!cluster) return { pass: false, found };
    const expected = want(cluster);
    if (!expected) return { pass: false, expected: MISSING[lang], found };
    return { pass: typeof yours === 'string' && yours.trim() === expected, expected: WHERE[key][lang], found };
  };
}

export const svcChain = compare('svcChain', expectedSvc);
export const sepChain = compare('sepChain', expectedSep);
export const dnatTo = compare('dnatTo', web2Target);
