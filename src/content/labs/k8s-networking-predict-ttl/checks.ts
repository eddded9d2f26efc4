// Compares the learner's predictions with what the simulator measures on the learner's own cluster.
import type { TsCheck } from '../../../labs';

type Pod = { name: string; node: string | null };

function nodeOf(pods: Pod[], name: string): string | null {
  return pods.find((p) => p.name === `default/${name}`)?.node ?? null;
}

export const podsInPlace: TsCheck = ({ cluster, lang }) => {
  const pods: Pod[] = cluster?.toJSON().pods ?? [];
  const where = (name: string) => nodeOf(pods, name) ?? '-';
  const say = (near: string, web: string, far: string) =>
    lang === 'zh-tw' ? `near 在 ${near}，web 在 ${web}，far 在 ${far}` : `near on ${near}, web on ${web}, far on ${far}`;
  const found = say(where('near'), where('web'), where('far'));
  return { pass: where('near') === 'node-1' && where('web') === 'node-1' && where('far') === 'node-2', expected: say('node-1', 'node-1', 'node-2'), found };
};

function ttlCheck(exportName: string, from: string): TsCheck {
  return ({ cluster, exports }) => {
    const yours = exports[exportName];
    const shown = yours === undefined ? '-' : String(yours);
    if (!cluster) return { pass: false, found: 'no cluster exported', values: { yours: shown } };
    const measured = cluster.trace(from, 'pod/default/web', { protocol: 'icmp' }).replyTtl;
    return { pass: typeof yours === 'number' && yours === measured, expected: `${exportName} = ${measured}`, found: `${exportName} = ${shown}`, values: { yours: shown } };
  };
}

export const sameNodeTtl = ttlCheck('sameNodeTtl', 'pod/default/near');
export const crossNodeTtl = ttlCheck('crossNodeTtl', 'pod/default/far');
