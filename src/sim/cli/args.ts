/**
 * A small, strict command-line parser: `--flag value`, `--flag=value`, boolean flags, repeated positionals,
 * and everything after `--` kept as the rest. Unknown flags are errors that name the flag and list the known
 * ones, so a typo never silently changes a command's meaning.
 */
import { fail } from '../core/errors';

export interface FlagSpec {
  /** Flag takes a value. */
  value?: boolean;
  /** Short alias, e.g. 'n' for -n. */
  short?: string;
}

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
  /** Words after `--`. */
  rest: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>, command: string): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).filter(([, s]) => s.short).map(([k, s]) => [s.short!, k]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { flags, positionals, rest: argv.slice(i + 1) };
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(a)) {
      name = byShort.get(a.slice(1));
      if (!name) fail('BAD_USAGE', `${command}: unknown option ${a}`);
    } else {
      positionals.push(a);
      continue;
    }
    const s = spec[name];
    if (!s) fail('BAD_USAGE', `${command}: unknown option --${name} (options: ${Object.keys(spec).map((k) => `--${k}`).join(', ')})`);
    if (s.value) {
      const v = inline ?? argv[++i];
      if (v === undefined) fail('BAD_USAGE', `${command}: --${name} needs a value`);
      flags[name] = v;
    } else {
      if (inline !== undefined) fail('BAD_USAGE', `${command}: --${name} takes no value`);
      flags[name] = true;
    }
  }
  return { flags, positionals, rest: [] };
}
