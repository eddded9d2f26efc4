/**
 * Splits one iptables-restore rule line into arguments exactly as iptables does
 * (iptables/xshared.c add_param_to_argv and tokenize_rule_counters):
 * - spaces, tabs and newlines separate arguments; runs of them are one separator;
 * - a double quote opens a quoted part; inside it a backslash makes the next character literal and
 *   another double quote closes it; the closing quote also ends the argument;
 * - outside quotes a backslash and a single quote are ordinary characters (iptables-restore does not
 *   understand single quotes: `'a b'` is two arguments `'a` and `b'`);
 * - an optional leading `[pkts:bytes]` counter pair is split off.
 *
 * Each argument remembers whether it was quoted (argvattr in iptables), which the lenient-comment mode
 * of the restore parser needs.
 *
 * Not modelled: the 1024-byte argument and 255-argument limits.
 */

export interface Arg {
  readonly text: string;
  readonly quoted: boolean;
}

export interface SplitResult {
  readonly args: Arg[];
  /** The line ended inside a quoted argument. */
  readonly unterminated: boolean;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

export function splitArgs(line: string): SplitResult {
  const out: Arg[] = [];
  const n = line.length;
  let buf = '';
  let quoted = false;
  let started = false;
  let i = 0;
  // Scans by index and copies runs with slice: restoring a big ruleset splits hundreds of thousands of lines.
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isBlank(c)) {
      if (started) {
        out.push({ text: buf, quoted });
        buf = '';
        quoted = false;
        started = false;
      }
      i++;
      continue;
    }
    if (c !== 34) {
      // An ordinary run, up to a blank or a double quote.
      let j = i + 1;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d === 34 || isBlank(d)) break;
        j++;
      }
      buf += line.slice(i, j);
      started = true;
      i = j;
      continue;
    }
    // A double quote opens a quoted part: a backslash makes the next character literal, and the closing quote
    // ends the argument, even an empty one ("" is an empty argument).
    quoted = true;
    started = true;
    i++;
    let closed = false;
    while (i < n) {
      const d = line.charCodeAt(i);
      if (d === 92) {
        if (i + 1 < n) buf += line[i + 1];
        i += 2;
        continue;
      }
      if (d === 34) {
        closed = true;
        i++;
        break;
      }
      let j = i + 1;
      while (j < n && line.charCodeAt(j) !== 34 && line.charCodeAt(j) !== 92) j++;
      buf += line.slice(i, j);
      i = j;
    }
    if (!closed) return { args: [...out, { text: buf, quoted }], unterminated: true };
    out.push({ text: buf, quoted });
    buf = '';
    quoted = false;
    started = false;
  }
  if (started) out.push({ text: buf, quoted });
  return { args: out, unterminated: false };
}

/** Splits a leading `[pkts:bytes]` off a restore line (tokenize_rule_counters). */
export function splitCounters(line: string): { rest: string; counters?: string } {
  const c = line.charCodeAt(0);
  if (c !== 91 && c > 32 && c < 127) return { rest: line };
  const m = /^\s*\[(\d+):(\d+)\]\s*/.exec(line);
  if (!m) return { rest: line };
  return { rest: line.slice(m[0].length), counters: `${m[1]}:${m[2]}` };
}
