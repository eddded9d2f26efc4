// The explore lab's answers, compared with what the learner's own cluster says: the Service's status, its
// NodePort, and the event log of the control plane.
import type { TsCheck } from '../../../labs';

type Answers = { externalIP?: unknown; writtenBy?: unknown; resourceVersion?: unknown; nodePort?: unknown };

function webService(cluster: Parameters<TsCheck>[0]['cluster']) {
  return cluster?.model.spec.services.find((s) => s.metadata.namespace === 'default' && s.metadata.name === 'web');
}

function answer(exports: Record<string, unknown>, key: keyof Answers): unknown {
  const a = exports.answers as Answers | undefined;
  return a && typeof a === 'object' ? a[key] : undefined;
}

const shown = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export const externalIP: TsCheck = ({ cluster, exports, lang }) => {
  const svc = webService(cluster);
  const ip = svc?.status?.loadBalancer?.ingress?.[0]?.ip;
  if (!ip) return { pass: false, found: lang === 'zh-tw' ? 'Service web 沒有 EXTERNAL-IP' : 'Service web has no EXTERNAL-IP' };
  const yours = answer(exports, 'externalIP');
  return { pass: yours === ip, expected: `externalIP: "${ip}"`, found: `externalIP: ${shown(yours)}` };
};

export const nodePort: TsCheck = ({ cluster, exports, lang }) => {
  const port = webService(cluster)?.spec.ports?.find((p) => p.port === 80)?.nodePort;
  if (!port) return { pass: false, found: lang === 'zh-tw' ? 'Service web 的 80 埠沒有 NodePort' : 'Service web has no NodePort for port 80' };
  const yours = answer(exports, 'nodePort');
  return { pass: yours === port, expected: `nodePort: ${port}`, found: `nodePort: ${shown(yours)}` };
};

export const resourceVersion: TsCheck = ({ cluster, exports, lang }) => {
  const first = cluster?.events().find((e) => e.actor === 'service-controller' && e.message.includes('default/web'));
  if (!first) return { pass: false, found: lang === 'zh-tw' ? '事件紀錄裡沒有 service-controller 處理 web 的紀錄' : 'no service-controller entry for web in the event log' };
  const yours = answer(exports, 'resourceVersion');
  return { pass: yours === first.resourceVersion, expected: `resourceVersion: ${first.resourceVersion}`, found: `resourceVersion: ${shown(yours)}` };
};

export const writtenBy: TsCheck = ({ exports }) => {
  const yours = answer(exports, 'writtenBy');
  return { pass: yours === 'service-controller', expected: 'writtenBy: "service-controller"', found: `writtenBy: ${shown(yours)}` };
};
