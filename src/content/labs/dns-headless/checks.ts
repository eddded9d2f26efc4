import type { TsCheck, TsCheckContext } from '../../../labs';

function say(ctx: TsCheckContext, en: string, zh: string): string {
  return ctx.lang === 'zh-tw' ? zh : en;
}

/** `nslookup db` in the client lists exactly the IPs of the Pods labelled app=db, and nothing else. */
export const resolvesToPods: TsCheck = (ctx) => {
  const c = ctx.cluster;
  if (!c) return { pass: false, expected: say(ctx, 'a cluster exported with `export default c`', '用 `export default c` 匯出的叢集'), found: '—' };
  const dbPods = new Set(c.model.spec.pods.filter((p) => p.namespace === 'default' && p.labels.app === 'db').map((p) => `default/${p.name}`));
  const podIPs = c
    .toJSON()
    .pods.filter((p) => dbPods.has(p.name) && p.ip)
    .map((p) => p.ip as string)
    .sort();
  let output = '';
  try {
    output = c.exec('pod/default/client', 'nslookup db');
  } catch {
    output = '';
  }
  const answered = [...output.matchAll(/^Address: (\S+)/gm)].map((m) => m[1]!).sort();
  const pass = podIPs.length >= 2 && answered.length === podIPs.length && answered.every((ip, i) => ip === podIPs[i]);
  return {
    pass,
    expected: say(ctx, `nslookup db answers with the IP of every db Pod: ${podIPs.join(', ') || '(no db Pods)'}`, `nslookup db 回答每個 db Pod 的 IP：${podIPs.join('、') || '（沒有 db Pod）'}`),
    found: answered.length ? say(ctx, `nslookup db answered ${answered.join(', ')}`, `nslookup db 回答了 ${answered.join('、')}`) : say(ctx, 'nslookup db gave no address', 'nslookup db 沒有回答任何位址'),
  };
};
