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

export function splitArgs(line: string): SplitResult {
  const out: Arg[] = [];
  let buf = '';
  let quoteOpen = false;
  let escaped = false;
  let quoted = false;
  let started = false;
  const flush = () => {
    out.push({ text: buf, quoted });
    buf = '';
    quoted = false;
    started = false;
  };
  for (const ch of line) {
    if (quoteOpen) {
      if (escaped) {
        buf += ch;
        escaped = false;
        continue;
      }
      if (ch === '\\') {
        escaped = true;
        continue;
      }
      if (ch === '"') {
        // The closing quote ends the argument, even an empty one ("" is an empty argument).
        quoteOpen = false;
        flush();
        continue;
      }
      buf += ch;
      continue;
    }
    if (ch === '"') {
      quoteOpen = true;
      quoted = true;
      started = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (started) flush();
      continue;
    }
    buf += ch;
    started = true;
  }
  const unterminated = quoteOpen;
  if (started) flush();
  return { args: out, unterminated };
}

/** Splits a leading `[pkts:bytes]` off a restore line (tokenize_rule_counters). */
export function splitCounters(line: string): { rest: string; counters?: string } {
  const m = /^\s*\[(\d+):(\d+)\]\s*/.exec(line);
  if (!m) return { rest: line };
  return { rest: line.slice(m[0].length), counters: `${m[1]}:${m[2]}` };
}
