import type { TsCheck } from '../../../labs';

/**
 * No container of web crashed. The kubelet logs "container NAME of Pod default/web crashed: … EADDRINUSE …" when
 * a container's bind fails; only events since web was last (re)created count, so code that changes web after a
 * first run is judged on the Pod as it is now.
 */
export const noCrash: TsCheck = ({ cluster, lang }) => {
  if (!cluster) return { pass: false, found: lang === 'zh-tw' ? '沒有 export default 叢集' : 'no cluster in export default' };
  const events = cluster.events();
  let start = -1;
  events.forEach((e, i) => {
    if (e.actor === 'kubelet' && e.message.startsWith('CNI ADD default/web ')) start = i;
  });
  const crashes = events.slice(start + 1).filter((e) => e.actor === 'kubelet' && /^container \S+ of Pod default\/web crashed/.test(e.message));
  if (start < 0) return { pass: false, found: lang === 'zh-tw' ? 'Pod default/web 沒有啟動' : 'the Pod default/web was not started' };
  return {
    pass: crashes.length === 0,
    expected: lang === 'zh-tw' ? '沒有 "container … of Pod default/web crashed" 事件' : 'no "container … of Pod default/web crashed" event',
    found: crashes.map((e) => e.message).join('\n'),
  };
};
