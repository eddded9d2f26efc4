// Each prediction against the trace of the same connection in the learner's cluster.
import type { TsCheck } from '../../../labs';

function predicted(exports: Record<string, unknown>, key: string): unknown {
  const p = exports.predicted as Record<string, unknown> | undefined;
  return p && typeof p === 'object' ? p[key] : undefined;
}

const shown = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function verdictCheck(key: string, from: string, to: string): TsCheck {
  return ({ cluster, exports }) => {
    if (!cluster) return false;
    const v = cluster.model.trace(`pod/default/${from}`, `pod/default/${to}`).verdict;
    const yours = predicted(exports, key);
    return { pass: yours === v, expected: `${key}: "${v}"`, found: `${key}: ${shown(yours)}` };
  };
}

export const apiToDb = verdictCheck('apiToDb', 'api', 'db:5432');
export const webToDb = verdictCheck('webToDb', 'web', 'db:5432');
export const apiToCache = verdictCheck('apiToCache', 'api', 'cache:6379');
export const webToApi = verdictCheck('webToApi', 'web', 'api:8080');

export const apiToDbDroppedOn: TsCheck = ({ cluster, exports, lang }) => {
  if (!cluster) return false;
  const r = cluster.model.trace('pod/default/api', 'pod/default/db:5432');
  const drop = r.trace.legs.find((l) => l.outcome.kind === 'dropped')?.outcome.ns;
  const node = drop ?? (lang === 'zh-tw' ? '沒有被丟棄' : 'not dropped');
  const yours = predicted(exports, 'apiToDbDroppedOn');
  return { pass: yours === node, expected: `apiToDbDroppedOn: "${node}"`, found: `apiToDbDroppedOn: ${shown(yours)}` };
};
