/**
 * Parses one iptables command line (the arguments after `iptables -t TABLE`, or one iptables-restore
 * rule line) into a Command with fully typed rules. It follows iptables 1.8's do_parse/command_default
 * (iptables/xshared.c) closely, because the rules it accepts and the order it stores matches in are what
 * iptables-save later prints:
 * - options are processed left to right; `!` inverts the next option only;
 * - `-m NAME` appends a match; an option goes to the first loaded match that owns it;
 * - an option nobody owns loads the protocol's match once, if `-p` came before it (so
 *   `-p tcp --dport 80` stores a tcp match at that point, and `--dport 80 -p tcp` is an error);
 * - `-j NAME` is a standard verdict, a target extension (whose options may follow), or a chain that must
 *   already exist;
 * - long options may be abbreviated to any unique prefix (getopt_long);
 * - `-s`/`-d` lists expand into one rule per address pair.
 *
 * Not modelled: -L/-S/-C/-h/-V (listing is done by save.ts), -f, -6, host and service names.
 */
import { fail } from '../core/errors';
import type { Arg } from './argv';
import {
  bad,
  findMatchExtension,
  protoExtension,
  UNMODELLED_MATCHES,
  type Extension,
  type ExtParser,
  type OptDef,
} from './match-parse';
import { builtinHook } from './tables';
import { findTargetExtension, STANDARD_TARGETS, UNMODELLED_TARGETS, type TargetExtension } from './target-parse';
import type { AddrSpec, IfaceSpec, Match, Policy, ProtoSpec, Rule, TableName, Target } from './types';
import { parseAddrList, parseIface, parseProto, parseUint, PROTO_NUM } from './values';

export type Command =
  | { readonly op: 'append'; readonly chain: string; readonly rules: readonly Rule[] }
  | { readonly op: 'insert'; readonly chain: string; readonly index: number; readonly rules: readonly Rule[] }
  | { readonly op: 'delete-num'; readonly chain: string; readonly index: number }
  | { readonly op: 'delete-rule'; readonly chain: string; readonly rules: readonly Rule[] }
  | { readonly op: 'replace'; readonly chain: string; readonly index: number; readonly rule: Rule }
  | { readonly op: 'new-chain'; readonly chain: string }
  | { readonly op: 'delete-chain'; readonly chain?: string }
  | { readonly op: 'flush'; readonly chain?: string }
  | { readonly op: 'zero'; readonly chain?: string }
  | { readonly op: 'rename-chain'; readonly chain: string; readonly to: string }
  | { readonly op: 'policy'; readonly chain: string; readonly policy: string };

export type CommandOp = Command['op'];

export interface ParseContext {
  readonly table: TableName;
  /** Whether a chain of this name exists in the table as being edited. */
  hasChain(name: string): boolean;
  /**
   * Accept an unquoted multi-word `--comment a b c` as one comment (the kube-proxy unit-test fake does;
   * real iptables reports "Bad argument `b'").
   */
  readonly lenientComments?: boolean;
  /** Parsing an iptables-restore line: `-t` is refused there. */
  readonly inRestore?: boolean;
}

/** XT_EXTENSION_MAXNAMELEN is 29 with the NUL. */
export const CHAIN_NAME_MAX = 28;

type Code =
  | 'A' | 'C' | 'D' | 'I' | 'R' | 'L' | 'S' | 'F' | 'Z' | 'N' | 'X' | 'E' | 'P'
  | 's' | 'd' | 'p' | 'i' | 'o' | 'j' | 'g' | 'm' | 't' | 'c' | 'f'
  | 'n' | 'v' | 'w' | 'W' | 'x' | 'V' | 'h' | '0' | 'M' | '4' | '6' | 'b';

type ArgKind = 'none' | 'required' | 'optional';

/** iptables.c original_opts (long names → option character). */
const GLOBAL_LONG: Readonly<Record<string, Code>> = {
  append: 'A',
  delete: 'D',
  check: 'C',
  insert: 'I',
  replace: 'R',
  list: 'L',
  'list-rules': 'S',
  flush: 'F',
  zero: 'Z',
  'new-chain': 'N',
  'delete-chain': 'X',
  'rename-chain': 'E',
  policy: 'P',
  source: 's',
  destination: 'd',
  src: 's',
  dst: 'd',
  protocol: 'p',
  'in-interface': 'i',
  jump: 'j',
  table: 't',
  match: 'm',
  numeric: 'n',
  'out-interface': 'o',
  verbose: 'v',
  wait: 'w',
  'wait-interval': 'W',
  exact: 'x',
  fragments: 'f',
  version: 'V',
  help: 'h',
  'line-numbers': '0',
  modprobe: 'M',
  'set-counters': 'c',
  goto: 'g',
  ipv4: '4',
  ipv6: '6',
};

/** The optstring "-:A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46". */
const CODE_ARG: Readonly<Record<Code, ArgKind>> = {
  A: 'required', C: 'required', D: 'required', R: 'required', I: 'required', L: 'optional', S: 'optional',
  M: 'required', F: 'optional', Z: 'optional', N: 'required', X: 'optional', E: 'required', P: 'required',
  V: 'none', h: 'optional', o: 'required', p: 'required', s: 'required', d: 'required', j: 'required',
  i: 'required', f: 'none', b: 'none', v: 'none', w: 'optional', W: 'optional', n: 'none', t: 'required',
  m: 'required', x: 'none', c: 'required', g: 'required', '4': 'none', '6': 'none', '0': 'none',
};

/** Options that only make sense with a rule (generic_opt_check's table, reduced). */
const RULE_CODES = new Set<Code>(['s', 'd', 'p', 'i', 'o', 'j', 'g', 'm', 'f']);
/** Options `!` may precede (inverse_for_options in xshared.c). */
const INVERTIBLE = new Set<Code>(['s', 'd', 'p', 'i', 'o', 'f']);

function optName(code: Code): string {
  return code === '0' ? '--line-numbers' : `-${code}`;
}

/** Which extensions own an option, for "unknown option" hints. */
function ownersOf(name: string): string[] {
  const out: string[] = [];
  for (const m of ['tcp', 'udp', 'sctp', 'icmp', 'multiport', 'comment', 'mark', 'addrtype', 'conntrack', 'state', 'statistic', 'recent', 'nfacct']) {
    const ext = findMatchExtension(m)!;
    if (ext.options.some((o) => o.name === name || o.aliases?.includes(name))) out.push(`-m ${m}`);
  }
  for (const t of ['REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'MARK', 'LOG', 'CT']) {
    const ext = findTargetExtension(t)!;
    if (ext.options.some((o) => o.name === name || o.aliases?.includes(name))) out.push(`-j ${t}`);
  }
  return out;
}

function findOpt(opts: readonly OptDef[], name: string): OptDef | undefined {
  return opts.find((o) => o.name === name || o.aliases?.includes(name));
}

function optPrefixes(opts: readonly OptDef[], prefix: string): OptDef[] {
  return opts.filter((o) => o.name.startsWith(prefix) || o.aliases?.some((a) => a.startsWith(prefix)));
}

/** parse_chain (xshared.c) for -N and -E: what a new chain name may look like. */
export function checkNewChainName(name: string): void {
  if (name.length > CHAIN_NAME_MAX) fail('BAD_NAME', `chain name \`${name}' too long (must be under ${CHAIN_NAME_MAX + 1} chars)`);
  if (name === '') fail('BAD_NAME', 'chain name must not be empty');
  if (name[0] === '-' || name[0] === '!') fail('BAD_NAME', `chain name \`${name}' not allowed to start with \`${name[0]}'`);
  if (STANDARD_TARGETS.includes(name) || findTargetExtension(name) || UNMODELLED_TARGETS.includes(name)) {
    fail('BAD_NAME', `chain name \`${name}' may not clash with target name: pick another name`);
  }
  if (/\s/.test(name)) fail('BAD_NAME', `Invalid chain name \`${name}': no spaces allowed`);
}

interface LoadedMatch {
  readonly ext: Extension<Match>;
  readonly parser: ExtParser<Match>;
  completed: boolean;
  readonly seen: Set<string>;
}

interface LoadedTarget {
  readonly ext: TargetExtension;
  readonly parser: ExtParser<Target>;
  readonly seen: Set<string>;
}

type Owner =
  | { readonly kind: 'global'; readonly code: Code }
  | { readonly kind: 'match'; readonly lm: LoadedMatch; readonly opt: OptDef }
  | { readonly kind: 'target'; readonly opt: OptDef };

function ruleFail(message: string): never {
  return fail('BAD_RULE', message);
}

export function parseCommand(args: readonly Arg[], ctx: ParseContext): Command {
  let cmd: { code: Code; chain?: string; extra?: string; index?: number } | undefined;
  let invert = false;
  const given = new Set<Code>();
  let srcs: { addr: number; mask: number }[] | undefined;
  let srcInv = false;
  let dsts: { addr: number; mask: number }[] | undefined;
  let dstInv = false;
  let inIface: IfaceSpec | undefined;
  let outIface: IfaceSpec | undefined;
  let proto: ProtoSpec | undefined;
  let protoUsed = false;
  const matches: LoadedMatch[] = [];
  let target: Target | undefined;
  let loadedTarget: LoadedTarget | undefined;
  // Mutable view of -p for the extension parsers (updated when -p is parsed).
  const extCtx: { proto: ProtoSpec | undefined } = { proto: undefined };

  let i = 0;
  const hasArg = () => i < args.length && !args[i]!.text.startsWith('-') && !args[i]!.text.startsWith('!');
  const nextRequired = (what: string): Arg => {
    if (i >= args.length) ruleFail(`option "${what}" requires an argument`);
    return args[i++]!;
  };

  const resolveLong = (name: string): Owner | 'ambiguous' | undefined => {
    const g = GLOBAL_LONG[name];
    if (g) return { kind: 'global', code: g };
    if (loadedTarget) {
      const o = findOpt(loadedTarget.ext.options, name);
      if (o) return { kind: 'target', opt: o };
    }
    for (const lm of matches) {
      if (lm.completed) continue;
      const o = findOpt(lm.ext.options, name);
      if (o) return { kind: 'match', lm, opt: o };
    }
    // getopt_long: a unique prefix is accepted; options with the same meaning do not make it ambiguous.
    const found = new Map<string, Owner>();
    for (const long in GLOBAL_LONG) if (long.startsWith(name)) found.set(`g:${GLOBAL_LONG[long]}`, { kind: 'global', code: GLOBAL_LONG[long]! });
    if (loadedTarget) for (const o of optPrefixes(loadedTarget.ext.options, name)) found.set(`t:${o.name}`, { kind: 'target', opt: o });
    for (const lm of matches) {
      if (lm.completed) continue;
      for (const o of optPrefixes(lm.ext.options, name)) {
        const key = `m:${lm.ext.name}:${o.name}`;
        if (!found.has(key)) found.set(key, { kind: 'match', lm, opt: o });
      }
    }
    if (found.size === 1) return [...found.values()][0];
    return found.size > 1 ? 'ambiguous' : undefined;
  };

  const loadMatch = (ext: Extension<Match>) => {
    // xtables_find_match: an earlier match of the same name stops taking options.
    for (const lm of matches) if (lm.ext.name === ext.name) lm.completed = true;
    const lm: LoadedMatch = { ext, parser: ext.create(), completed: false, seen: new Set() };
    matches.push(lm);
    return lm;
  };

  const setOnce = (code: Code) => {
    if (given.has(code)) ruleFail(`multiple ${optName(code === 'g' ? 'j' : code)} flags not allowed`);
    given.add(code === 'g' ? 'j' : code);
  };

  const setCommand = (code: Code, chain?: string) => {
    if (cmd) ruleFail(`Cannot use -${code} with -${cmd.code}: one command per line`);
    if (chain !== undefined && chain.length > CHAIN_NAME_MAX) ruleFail(`chain name \`${chain}' too long (must be under ${CHAIN_NAME_MAX + 1} chars)`);
    cmd = { code, ...(chain !== undefined ? { chain } : {}) };
  };

  const parseIndex = (s: string): number => {
    const n = parseUint(s, 0x7fffffff);
    if (n === undefined || n < 1) ruleFail(`Invalid rule number \`${s}': rule numbers start at 1`);
    return n;
  };

  const handleJump = (name: string, isGoto: boolean) => {
    if (name === '') ruleFail(`${isGoto ? '-g' : '-j'} needs a target or chain name`);
    if (!isGoto) {
      if (name === 'ACCEPT' || name === 'DROP' || name === 'RETURN') {
        target = { kind: 'verdict', verdict: name };
        return;
      }
      if (name === 'QUEUE') ruleFail('QUEUE (userspace queueing) is not modelled');
      const ext = findTargetExtension(name);
      if (ext) {
        loadedTarget = { ext, parser: ext.create(), seen: new Set() };
        return;
      }
    }
    if (ctx.hasChain(name)) {
      if (builtinHook(ctx.table, name)) ruleFail(`cannot jump to built-in chain ${name}: jump to a user chain (packets reach ${name} from its hook)`);
      target = { kind: 'jump', chain: name, goto: isGoto };
      return;
    }
    if (isGoto) ruleFail(`goto '${name}' is not a chain: create it first (-N ${name}, or ":${name} - [0:0]" in iptables-restore)`);
    if (UNMODELLED_TARGETS.includes(name)) ruleFail(`target ${name} is not modelled by the simulator`);
    ruleFail(
      `Couldn't load target \`${name}': there is no chain ${name} in table ${ctx.table} and no target extension of that name. ` +
        `If it is a chain, create it before the rule that jumps to it (-N ${name}, or ":${name} - [0:0]" in iptables-restore)`,
    );
  };

  const handleGlobal = (code: Code, value: Arg | undefined) => {
    const inv = invert;
    invert = false;
    if (inv && !INVERTIBLE.has(code)) {
      ruleFail(code === 'm' ? 'unexpected ! flag before --match' : `cannot have ! before ${optName(code)}`);
    }
    const v = value?.text ?? '';
    switch (code) {
      case 'A':
      case 'N':
      case 'R':
      case 'I':
      case 'D':
        setCommand(code, v);
        if (code === 'R') {
          if (!hasArg()) ruleFail(`-R requires a chain and a rule number`);
          cmd!.index = parseIndex(args[i++]!.text);
        } else if ((code === 'I' || code === 'D') && hasArg()) {
          cmd!.index = parseIndex(args[i++]!.text);
        }
        return;
      case 'X':
      case 'F':
      case 'Z':
        setCommand(code, value ? v : hasArg() ? args[i++]!.text : undefined);
        return;
      case 'E':
        setCommand(code, v);
        if (!hasArg()) ruleFail('-E requires old-chain-name and new-chain-name');
        cmd!.extra = args[i++]!.text;
        return;
      case 'P':
        setCommand(code, v);
        if (!hasArg()) ruleFail('-P requires a chain and a policy');
        cmd!.extra = args[i++]!.text;
        return;
      case 'C':
      case 'L':
      case 'S':
      case 'h':
      case 'V':
        ruleFail(`${optName(code)} is not supported here (use the listing functions iptablesSave/iptablesS)`);
      case 's':
      case 'd': {
        setOnce(code);
        const r = parseAddrList(v);
        if (!r.ok) ruleFail(r.error);
        if (code === 's') {
          srcs = r.value;
          srcInv = inv;
        } else {
          dsts = r.value;
          dstInv = inv;
        }
        return;
      }
      case 'i':
      case 'o': {
        setOnce(code);
        const r = parseIface(v, inv);
        if (!r.ok) ruleFail(r.error);
        if (code === 'i') inIface = r.value;
        else outIface = r.value;
        return;
      }
      case 'p': {
        setOnce(code);
        const r = parseProto(v);
        if (!r.ok) ruleFail(r.error);
        if (r.value === 0 && inv) ruleFail('rule would never match protocol (! -p all)');
        proto = { num: r.value, invert: inv };
        extCtx.proto = proto;
        return;
      }
      case 'j':
      case 'g':
        setOnce(code);
        handleJump(v, code === 'g');
        return;
      case 'm': {
        const ext = findMatchExtension(v);
        if (!ext) {
          if (UNMODELLED_MATCHES.includes(v)) ruleFail(`match -m ${v} is not modelled by the simulator`);
          ruleFail(`Couldn't load match \`${v}': no such match extension (modelled: tcp, udp, sctp, icmp, multiport, comment, mark, addrtype, conntrack, state, statistic, recent, nfacct)`);
        }
        loadMatch(ext);
        return;
      }
      case 't':
        ruleFail(
          ctx.inRestore
            ? 'The -t option cannot be used in iptables-restore: the table comes from the "*table" line'
            : 'do not pass -t inside the rule: the table is a separate argument',
        );
      case 'c':
        setOnce(code);
        if (!v.includes(',') && hasArg()) i++;
        return;
      case 'f':
        ruleFail('-f (fragments) is not modelled');
      case '6':
        ruleFail('-6: IPv6 rules are not modelled (this is the IPv4 iptables)');
      case '4':
      case 'n':
      case 'v':
      case 'w':
      case 'W':
      case 'x':
      case '0':
      case 'M':
      case 'b':
        return;
    }
  };

  const handleExtOption = (owner: Exclude<Owner, { kind: 'global' }>, arg: Arg | undefined, display: string) => {
    const inv = invert;
    invert = false;
    const opt = owner.opt;
    const extName = owner.kind === 'match' ? owner.lm.ext.name : loadedTarget!.ext.name;
    if (opt.unsupported) ruleFail(`${extName}: option "--${opt.name}" is not modelled: ${opt.unsupported}`);
    if (inv && !opt.invert) ruleFail(`${extName}: option "--${opt.name}" cannot be inverted.`);
    const seen = owner.kind === 'match' ? owner.lm.seen : loadedTarget!.seen;
    if (seen.has(opt.name)) ruleFail(`${extName}: option "--${opt.name}" can only be used once.`);
    seen.add(opt.name);
    let value = arg?.text ?? '';
    if (opt.hasArg && value === '!') ruleFail(`${extName}: write \`! ${display} value', not \`${display} ! value'`);
    // Lenient mode: an unquoted multi-word comment runs up to the next option.
    if (ctx.lenientComments && extName === 'comment' && arg && !arg.quoted) {
      while (i < args.length && !args[i]!.text.startsWith('-') && args[i]!.text !== '!') value += ' ' + args[i++]!.text;
    }
    if (owner.kind === 'match') owner.lm.parser.option(opt.name, value, inv, extCtx);
    else loadedTarget!.parser.option(opt.name, value, inv, extCtx);
  };

  while (i < args.length) {
    const a = args[i++]!;
    const t = a.text;
    if (t === '!') {
      if (invert) ruleFail('multiple consecutive ! not allowed');
      invert = true;
      continue;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      const attached = eq < 0 ? undefined : { text: t.slice(eq + 1), quoted: false };
      let owner = resolveLong(name);
      if (owner === undefined && proto && !protoUsed) {
        // load_proto: an unknown option after -p loads the protocol's match (once).
        const ext = protoExtension(proto.num);
        if (ext) {
          loadMatch(ext);
          protoUsed = true;
          owner = resolveLong(name);
        }
      }
      if (owner === 'ambiguous') ruleFail(`option \`--${name}' is ambiguous: write the full option name`);
      if (owner === undefined) {
        const hint = ownersOf(name);
        const fix = hint.length
          ? hint.some((h) => h === '-m tcp')
            ? ` (--${name} belongs to ${hint.join(', ')}: put -p tcp (or -p udp/sctp) before it, or load the match with -m)`
            : ` (--${name} belongs to ${hint.join(', ')}: load it before the option)`
          : '';
        ruleFail(`unknown option "--${name}"${fix}`);
      }
      if (owner.kind === 'global') {
        const kind = CODE_ARG[owner.code];
        const value = kind === 'required' ? (attached ?? nextRequired(`--${name}`)) : attached;
        handleGlobal(owner.code, value);
      } else {
        const value = owner.opt.hasArg ? (attached ?? nextRequired(`--${name}`)) : undefined;
        if (!owner.opt.hasArg && attached) ruleFail(`option "--${name}" takes no value`);
        handleExtOption(owner, value, `--${name}`);
      }
      continue;
    }
    if (t.startsWith('-') && t.length >= 2 && t[1] !== '-') {
      const code = t[1] as Code;
      if (!(code in CODE_ARG) || code === '0') ruleFail(`unknown option "${t}"`);
      const kind = CODE_ARG[code];
      if (kind === 'none' && t.length > 2) ruleFail(`unknown option "${t}" (options cannot be combined)`);
      const attached = t.length > 2 ? { text: t.slice(2), quoted: false } : undefined;
      const value = kind === 'required' ? (attached ?? nextRequired(`-${code}`)) : attached;
      handleGlobal(code, value);
      continue;
    }
    ruleFail(`Bad argument \`${t}'${ctx.lenientComments ? '' : ' (quote arguments with spaces, e.g. --comment "a b")'}`);
  }
  if (invert) ruleFail('nothing appropriate following !');
  if (!cmd) ruleFail('no command specified: start with -A, -I, -D, -R, -N, -X, -F, -E or -P');

  const c = cmd;
  const ruleCommand = c.code === 'A' || c.code === 'I' || c.code === 'R' || (c.code === 'D' && c.index === undefined);
  if (!ruleCommand) {
    for (const code of given) if (RULE_CODES.has(code)) ruleFail(`Illegal option \`${optName(code)}' with this command`);
    if (matches.length || loadedTarget) ruleFail('Illegal option `-m/-j\' with this command');
  }

  switch (c.code) {
    case 'N':
      checkNewChainName(c.chain!);
      return { op: 'new-chain', chain: c.chain! };
    case 'X':
      return { op: 'delete-chain', ...(c.chain !== undefined ? { chain: c.chain } : {}) };
    case 'F':
      return { op: 'flush', ...(c.chain !== undefined ? { chain: c.chain } : {}) };
    case 'Z':
      return { op: 'zero', ...(c.chain !== undefined ? { chain: c.chain } : {}) };
    case 'E':
      checkNewChainName(c.extra!);
      return { op: 'rename-chain', chain: c.chain!, to: c.extra! };
    case 'P':
      return { op: 'policy', chain: c.chain!, policy: c.extra! };
    case 'D':
      if (c.index !== undefined) return { op: 'delete-num', chain: c.chain!, index: c.index };
      break;
    default:
      break;
  }

  // A rule command: finish the extensions, then check what the kernel would refuse.
  const chain = c.chain!;
  const builtMatches: Match[] = matches.map((lm) => lm.parser.finish(extCtx));
  if (loadedTarget) target = loadedTarget.parser.finish(extCtx);
  const finalTarget: Target = target ?? { kind: 'none' };
  checkProtoMatches(builtMatches, proto);
  // do_command4: -o is meaningless on incoming packets, -i on outgoing ones.
  if ((chain === 'PREROUTING' || chain === 'INPUT') && outIface) ruleFail(`Can't use -o with ${chain}: packets there have no output interface yet`);
  if ((chain === 'POSTROUTING' || chain === 'OUTPUT') && inIface) ruleFail(`Can't use -i with ${chain}: locally sent or leaving packets have no input interface`);

  const normProto = proto && (proto.num !== 0 || proto.invert) ? proto : undefined;
  const normIn = inIface && !(inIface.wildcard && inIface.name === '' && !inIface.invert) ? inIface : undefined;
  const normOut = outIface && !(outIface.wildcard && outIface.name === '' && !outIface.invert) ? outIface : undefined;
  const addr = (a: { addr: number; mask: number } | undefined, inv: boolean): AddrSpec | undefined =>
    a === undefined || (a.mask === 0 && !inv) ? undefined : { addr: a.addr, mask: a.mask, invert: inv };
  const rules: Rule[] = [];
  for (const s of srcs ?? [undefined]) {
    for (const d of dsts ?? [undefined]) {
      const src = addr(s, srcInv);
      const dst = addr(d, dstInv);
      // Every rule has the same property set (absent = undefined), so the traversal's property reads
      // stay monomorphic. Each rule gets its own nth counter, as each kernel entry has its own
      // xt_statistic_priv.
      rules.push({
        src,
        dst,
        inIface: normIn,
        outIface: normOut,
        proto: normProto,
        matches: rules.length === 0 ? builtMatches : builtMatches.map(cloneMatchState),
        target: finalTarget,
      });
    }
  }
  switch (c.code) {
    case 'A':
      return { op: 'append', chain, rules };
    case 'I':
      return { op: 'insert', chain, index: c.index ?? 1, rules };
    case 'R':
      if (rules.length !== 1) ruleFail('-R (replace) can only work with one source and one destination address');
      return { op: 'replace', chain, index: c.index!, rule: rules[0]! };
    default:
      return { op: 'delete-rule', chain, rules };
  }
}

function cloneMatchState(m: Match): Match {
  return m.kind === 'statistic' && m.mode === 'nth' ? { ...m, counter: { count: m.every - 1 - m.packet } } : m;
}

/**
 * The kernel's match->proto check (xt_check_match): tcp/udp/sctp/icmp matches need that exact `-p`,
 * not inverted ("x_tables: ip_tables: tcp match: only valid for protocol 6").
 */
function checkProtoMatches(matches: readonly Match[], proto: ProtoSpec | undefined): void {
  for (const m of matches) {
    if (m.kind !== 'tcp' && m.kind !== 'udp' && m.kind !== 'sctp' && m.kind !== 'icmp') continue;
    const want = PROTO_NUM[m.kind];
    if (!proto || proto.num !== want || proto.invert) {
      bad(`-m ${m.kind} is only valid for protocol ${want}: add -p ${m.kind} to the rule (the kernel refuses "${m.kind} match: only valid for protocol ${want}")`);
    }
  }
}

/** Parses a policy name for -P / ":CHAIN POLICY" (libiptc TC_SET_POLICY). */
export function parsePolicy(s: string): Policy | undefined {
  return s === 'ACCEPT' || s === 'DROP' ? s : undefined;
}
