/**
 * `ip` as iproute2 reads its command line (ip/ip.c, ip/ipaddress.c, ip/iproute.c): objects and commands may be
 * abbreviated (`ip a`, `ip r g 10.0.0.1`, `ip n`), `show`/`list`/`ls` are the default command, and the global
 * options before the object (-4, -6, -o, -br, -c) change what is printed (render/ip-link.ts). Errors are
 * printed as the tool prints them, with its exit status: 1 for a failed command (ip.c do_cmd returns
 * -(func)), 255 for an unknown option (exit(-1)). Read-only: the simulator's terminal shows state; labs change
 * it through manifests and code.
 *
 * Not modelled: -s, -d, -j and the other global options (refused by name), `ip neigh` filters other than dev.
 */
import { fail, SimError } from '../core/errors';
import type { World } from '../world/world';
import { bridgeFdbShow, ipAddressShow, ipLinkShow, ipNeighShow, ipRouteGet, ipRouteShow } from '../render';
import type { IpShowOptions } from '../render/ip-link';

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

/** Global options of ip.c main(): the ones the renderers model, and the real ones they do not. */
const MODELLED_OPTIONS = '-4, -6, -o[neline], -br[ief], -c[olor]';
/** ip.c's other options, in the order main() tries them (an abbreviation takes the first it matches). */
const OTHER_OPTIONS = ['-loops', '-family', '-0', '-M', '-B', '-I', '-D', '-stats', '-statistics', '-details', '-resolve', '-timestamp', '-tshort', '-Version', '-force', '-batch', '-json', '-pretty', '-rcvbuf', '-help', '-netns', '-Numeric', '-all', '-echo'];

type Parsed = { ok: true; opts: IpShowOptions; rest: readonly string[] } | { ok: false; out: CommandOutput };

/** The options before the object (ip.c main: `-4`, `-o`, `-br`, ... each matched as an abbreviation). */
function globalOptions(words: readonly string[]): Parsed {
  const opts: IpShowOptions = {};
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-') || w === '-') break;
    if (w === '--') {
      i++;
      break;
    }
    const word = w.startsWith('--') ? w.slice(1) : w;
    if (word === '-4') opts.family = 'inet';
    else if (word === '-6') opts.family = 'inet6';
    else if (word.length >= 2 && '-oneline'.startsWith(word)) opts.oneline = true;
    else if (word.length >= 3 && '-brief'.startsWith(word)) opts.brief = true;
    else if (/^-c(o(l(o(u?r?)?)?)?)?(=(always|auto|never))?$/.test(word) && word !== '-') {
      // Colours: the simulator's terminal prints plain text.
    } else if (OTHER_OPTIONS.some((o) => o.startsWith(word))) {
      return { ok: false, out: err(`simulator: ip option "${w}" is not modelled (modelled: ${MODELLED_OPTIONS})`) };
    } else {
      return { ok: false, out: err(`Option "${w}" is unknown, try "ip -help".`, 255) };
    }
  }
  return { ok: true, opts, rest: words.slice(i) };
}

/** `dev NAME` among a command's arguments (iproute2 also takes a bare NAME for address/link). */
function devArg(args: readonly string[], bare: boolean): string | undefined {
  const i = args.indexOf('dev');
  if (i >= 0) return args[i + 1];
  return bare ? args.find((a) => a !== 'up') : undefined;
}

export function ipCommand(world: World, ns: string, words: readonly string[]): CommandOutput {
  const parsed = globalOptions(words);
  if (!parsed.ok) return parsed.out;
  const { opts } = parsed;
  const [object, ...rest] = parsed.rest;
  try {
    return ipObject(world, ns, object, rest, opts);
  } catch (e) {
    // The renderers word their errors as the tool does ("Device "x" does not exist.", exit status 1).
    if (e instanceof SimError) return err(e.message);
    throw e;
  }
}

function ipObject(world: World, ns: string, object: string | undefined, rest: readonly string[], opts: IpShowOptions): CommandOutput {
  if (object === undefined) return err('Usage: ip OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route | neigh }');
  if (is(object, 'address')) {
    if (!isShow(rest[0])) return err(`simulator: "ip address ${rest[0]}" changes state; this terminal only shows it`);
    return ok(ipAddressShow(world, ns, devArg(rest.slice(1), true), opts));
  }
  if (is(object, 'link')) {
    if (!isShow(rest[0])) return err(`simulator: "ip link ${rest[0]}" changes state; this terminal only shows it`);
    return ok(ipLinkShow(world, ns, devArg(rest.slice(1), true), { ...(opts.brief ? { brief: true } : {}), ...(opts.oneline ? { oneline: true } : {}) }));
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
    const args = rest.slice(1);
    // ipneigh.c do_show_or_flush: `dev NAME` filters; other selectors (to PREFIX, nud STATE) are not modelled.
    const other = args.filter((a, i) => a !== 'dev' && args[i - 1] !== 'dev');
    if (other.length > 0) return err(`simulator: "ip neigh show ${args.join(' ')}": only "dev NAME" is modelled as a filter`);
    if (args.includes('dev') && devArg(args, false) === undefined) return err('Command line is not complete. Try option "help"');
    return ok(ipNeighShow(world, ns, devArg(args, false)));
  }
  return err(`Object "${object}" is unknown, try "ip help".`);
}

/** `bridge fdb [show] [dev DEV | brport DEV] [br BR]` (bridge/fdb.c fdb_show). */
export function bridgeCommand(world: World, ns: string, words: readonly string[]): CommandOutput {
  if (!is(words[0], 'fdb') || !(words[1] === undefined || is(words[1], 'show') || is(words[1], 'list') || is(words[1], 'lst'))) {
    return fail('BAD_USAGE', 'bridge: the simulator shows "bridge fdb show [dev DEV | br BR]"');
  }
  const args = words.slice(2);
  const opts: { dev?: string; br?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev' || a === 'brport' || a === 'br') {
      const v = args[++i];
      // NEXT_ARG() without an argument.
      if (v === undefined) return err('Command line is not complete. Try option "help"', 255);
      if (a === 'br') opts.br = v;
      else opts.dev = v;
    } else {
      return err(`simulator: "bridge fdb show ${args.join(' ')}": only dev, brport and br are modelled as filters`);
    }
  }
  try {
    return ok(bridgeFdbShow(world, ns, opts));
  } catch (e) {
    // fdb_show prints the message and returns -1: exit status 255.
    if (e instanceof SimError) return err(e.message, 255);
    throw e;
  }
}
