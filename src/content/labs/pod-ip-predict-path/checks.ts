import type { TsCheck } from '../../../labs';

/** farSourceSeen is the source address web sees on far's connection (compared with the learner's own cluster). */
export const farSourceSeen: TsCheck = ({ cluster, exports, lang }) => {
  const zh = lang === 'zh-tw';
  const given = exports.farSourceSeen;
  const yours = typeof given === 'string' ? given.trim() : String(given ?? '');
  const found = yours === '' ? (zh ? 'farSourceSeen 是空的' : 'farSourceSeen is empty') : `farSourceSeen = '${yours}'`;
  if (!cluster) return { pass: false, found: zh ? '沒有 export default 叢集' : 'no cluster in export default' };
  const seen = cluster.model.trace('pod/default/far', 'pod/default/web:80', { seed: 1 }).sourceSeen?.split(':')[0];
  return {
    pass: seen !== undefined && yours === seen,
    expected: zh ? 'web 在這條連線上看到的來源 IP（不含連接埠）' : 'the source IP web sees on this connection (no port)',
    found,
  };
};
