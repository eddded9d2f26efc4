/**
 * `ip` as iproute2 reads its command line (ip/ip.c, ip/ipaddress.c, ip/iproute.c): objects and commands may be
 * abbreviated (`ip a`, `ip r g 10.0.0.1`, `ip n`), `show`/`list`/`ls` are the default command. Read-only: the
 * simulator's terminal shows state; labs change it through manifests and code.
 */
import { fail } from '../core/errors';
import type { World } from '../world/world';
import { bridgeFdbShow, ipAddressShow, ipLinkShow, ipNeighShow, ipRouteGet, ipRouteShow } from '../render';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: number;
}

const ok = (stdout: string): CommandOutput => ({ stdout, stderr: '', code: 0 });
const err = (stderr: string, code = 1): CommandOutput => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code });

/** iproute2's matches(): a word abbreviates a keyword when it is a prefix of it. */
function is(word: string | undefined, keyword: string, min = 1): boolean {
  return word !== undefined && word.length >= min && keyword.startsWith(word);
}

function isShow(word: string | undefined): boolean {
  return word === undefined || is(word, 'show') || is(word, 'list') || word === 'lst' || word === 'ls';
}

export function ipCommand(world: World, ns: string, words: readonly string[]): CommandOutput {
  const [object, ...rest] = words;
  if (object === undefined) return err('Usage: ip OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | neigh }');
  if (is(object, 'address')) {
    if (!isShow(rest[0])) return err(`simulator: "ip address ${rest[0]}" changes state; this terminal only shows it`);
    const dev = rest[0] === undefined ? rest[0] : rest[1] === 'dev' ? rest[2] : rest[1];
    return ok(ipAddressShow(world, ns, dev));
  }
  if (is(object, 'link')) {
    if (!isShow(rest[0])) return err(`simulator: "ip link ${rest[0]}" changes state; this terminal only shows it`);
    const dev = rest[1] === 'dev' ? rest[2] : rest[1];
    return ok(ipLinkShow(world, ns, dev));
  }
  if (is(object, 'route')) {
    const cmd = rest[0];
    if (is(cmd, 'get')) {
      const args = rest.slice(1);
      const dst = args.find((a, i) => i === 0 || !['from', 'iif', 'mark', 'to'].includes(args[i - 1]!));
      if (!dst) return err('Usage: ip route get ADDRESS [ from ADDRESS iif STRING ]');
      const opt = (k: string) => {
        const i = args.indexOf(k);
        return i >= 0 ? args[i + 1] : undefined;
      };
      const from = opt('from');
      const iif = opt('iif');
      const r = ipRouteGet(world, ns, dst === 'to' ? args[1]! : dst, { ...(from ? { from } : {}), ...(iif ? { iif } : {}) });
      return r.ok ? ok(r.text) : err(r.text, 2);
    }
    if (!isShow(cmd)) return err(`simulator: "ip route ${cmd}" changes state; this terminal only shows it`);
    const t = rest.indexOf('table');
    const table = t >= 0 ? rest[t + 1] : undefined;
    return ok(ipRouteShow(world, ns, table === undefined ? {} : { table: /^\d+$/.test(table) ? Number(table) : (table as 'main') }));
  }
  if (is(object, 'neighbour') || is(object, 'neighbor')) {
    if (!isShow(rest[0])) return err(`simulator: "ip neigh ${rest[0]}" changes state; this terminal only shows it`);
    return ok(ipNeighShow(world, ns));
  }
  return err(`Object "${object}" is unknown, try "ip help".`);
}

export function bridgeCommand(world: World, ns: string, words: readonly string[]): CommandOutput {
  if (is(words[0], 'fdb') && isShow(words[1])) return ok(bridgeFdbShow(world, ns));
  return fail('BAD_USAGE', 'bridge: the simulator shows "bridge fdb show"');
}
