import type { TsCheck, TsCheckContext } from '../../../labs';

// Every answer is compared with what the learner's own cluster answers, so the checks hold for any ClusterIPs.

function say(ctx: TsCheckContext, en: string, zh: string): string {
  return ctx.lang === 'zh-tw' ? zh : en;
}

function given(ctx: TsCheckContext, key: string): unknown {
  const a = ctx.exports.answers as Record<string, unknown> | undefined;
  return a && typeof a === 'object' ? a[key] : undefined;
}

function shown(ctx: TsCheckContext, key: string): string {
  const v = given(ctx, key);
  if (v === undefined || v === '') return say(ctx, `answers.${key} is empty`, `answers.${key} 是空的`);
  return `answers.${key} = ${JSON.stringify(v)}`;
}

/** What `nslookup NAME` prints in a Pod: the answering name and addresses, or NXDOMAIN. */
function nslookup(ctx: TsCheckContext, pod: string, name: string): { fqdn?: string; addresses: string[]; nxdomain: boolean; output: string } {
  let output = '';
  try {
    output = ctx.cluster?.exec(pod, `nslookup ${name}`) ?? '';
  } catch {
    output = '';
  }
  const names = [...output.matchAll(/^Name:\s+(\S+)/gm)].map((m) => m[1]!);
  const addresses = [...output.matchAll(/^Address: (\S+)/gm)].map((m) => m[1]!);
  return { fqdn: names[0], addresses, nxdomain: /NXDOMAIN/.test(output), output };
}

function text(ctx: TsCheckContext, key: string, truth: string | undefined, expected: { en: string; zh: string }) {
  const v = given(ctx, key);
  const answer = typeof v === 'string' ? v.trim() : undefined;
  return {
    pass: truth !== undefined && answer !== undefined && answer.replace(/\.$/, '') === truth,
    expected: say(ctx, expected.en, expected.zh),
    found: shown(ctx, key),
  };
}

export const webFromDefault: TsCheck = (ctx) =>
  text(ctx, 'webFromDefault', nslookup(ctx, 'pod/default/client', 'web').addresses[0], {
    en: 'the address that `nslookup web` prints in pod/default/client',
    zh: '在 pod/default/client 執行 `nslookup web` 印出的位址',
  });

export const webFromShop: TsCheck = (ctx) =>
  text(ctx, 'webFromShop', nslookup(ctx, 'pod/shop/client', 'web').addresses[0], {
    en: 'the address that `nslookup web` prints in pod/shop/client',
    zh: '在 pod/shop/client 執行 `nslookup web` 印出的位址',
  });

export const fqdnFromShop: TsCheck = (ctx) =>
  text(ctx, 'fqdnFromShop', nslookup(ctx, 'pod/shop/client', 'web').fqdn, {
    en: 'the name on the `Name:` line of `nslookup web` in pod/shop/client',
    zh: '在 pod/shop/client 執行 `nslookup web` 時 `Name:` 那一行的名稱',
  });

export const dbFromShop: TsCheck = (ctx) => {
  const r = nslookup(ctx, 'pod/shop/client', 'db');
  const truth = r.nxdomain ? 'NXDOMAIN' : r.addresses[0];
  const v = given(ctx, 'dbFromShop');
  const answer = typeof v === 'string' ? v.trim() : undefined;
  return {
    pass: truth !== undefined && answer !== undefined && answer.toUpperCase() === truth.toUpperCase(),
    expected: say(ctx, "what `nslookup db` answers in pod/shop/client (an address, or 'NXDOMAIN')", "在 pod/shop/client 執行 `nslookup db` 的回答（一個位址，或 'NXDOMAIN'）"),
    found: shown(ctx, 'dbFromShop'),
  };
};

export const namesTriedForDbDefault: TsCheck = (ctx) => {
  let truth: number | undefined;
  try {
    truth = ctx.cluster?.trace('pod/shop/client', 'db.default:5432').dns?.tried.length;
  } catch {
    truth = undefined;
  }
  const v = given(ctx, 'namesTriedForDbDefault');
  return {
    pass: truth !== undefined && Number(v) === truth,
    expected: say(
      ctx,
      "the number of names in the `tried` list of c.trace('pod/shop/client', 'db.default:5432').dns",
      "c.trace('pod/shop/client', 'db.default:5432').dns 的 `tried` 清單裡有幾個名稱",
    ),
    found: shown(ctx, 'namesTriedForDbDefault'),
  };
};
