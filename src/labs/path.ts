export { devicePath } from '../sim/trace/path';

/**
 * One waypoint as written by an author or a learner, normalized: spaces collapsed, case ignored, and
 * `pod/NS/NAME` or `node/NAME` prefixes accepted (`pod/web` means `default/web`).
 */
export function normalizeWaypoint(w: string): string {
  const [place = '', ...rest] = w.trim().split(/\s+/);
  let ns = place;
  if (ns.startsWith('pod/')) ns = ns.slice(4).includes('/') ? ns.slice(4) : `default/${ns.slice(4)}`;
  else if (ns.startsWith('node/')) ns = ns.slice(5);
  return [ns, ...rest].join(' ').toLowerCase();
}

/** Whether a path entry is the waypoint: the same "ns dev", or the same namespace when the waypoint has no device. */
export function waypointMatches(waypoint: string, entry: string): boolean {
  const w = normalizeWaypoint(waypoint);
  const e = normalizeWaypoint(entry);
  return w.includes(' ') ? w === e : e.split(' ')[0] === w;
}

/**
 * Finds the waypoints in order in the path. Returns -1 when all are there, else the index of the first waypoint
 * that is missing (after the ones before it).
 */
export function missingWaypoint(path: readonly string[], waypoints: readonly string[]): number {
  let at = 0;
  for (let i = 0; i < waypoints.length; i++) {
    let found = -1;
    for (let j = at; j < path.length; j++) {
      if (waypointMatches(waypoints[i]!, path[j]!)) {
        found = j;
        break;
      }
    }
    if (found < 0) return i;
    at = found + 1;
  }
  return -1;
}
