// Collects console output under a hard limit on lines and bytes, so a cell that logs in a loop cannot flood the
// page (or the postMessage channel) before its time limit stops it.
//
// Counting: every '\n'-separated physical line counts as a line; bytes are UTF-8 bytes of the text. The entry
// that crosses a limit is cut to fit, later entries are only counted (droppedLines), and `truncated` stays true.
//
// Not modelled: ANSI colours or console.group nesting (the formatter indents grouped lines before they get here).

import type { LogLevel, LogLine, OutputLimits } from './protocol';

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4; // surrogate pair: one 4-byte code point
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Longest prefix of `s` whose UTF-8 length is at most `maxBytes`, never splitting a surrogate pair. */
export function cutToBytes(s: string, maxBytes: number): string {
  let n = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (n + size > maxBytes) break;
    n += size;
    i += pair ? 2 : 1;
  }
  return s.slice(0, i);
}

export class OutputBuffer {
  readonly lines: LogLine[] = [];
  truncated = false;
  droppedLines = 0;
  private lineCount = 0;
  private byteCount = 0;

  constructor(private readonly limits: OutputLimits) {}

  /**
   * Adds one console entry. Returns the (possibly shortened) entry that was kept, or null when nothing was kept
   * because the limit had already been reached.
   */
  push(level: LogLevel, text: string): LogLine | null {
    const physical = text.split('\n');
    if (this.truncated) {
      this.droppedLines += physical.length;
      return null;
    }
    const linesLeft = this.limits.maxLines - this.lineCount;
    let kept = physical;
    if (physical.length > linesLeft) {
      kept = physical.slice(0, linesLeft);
      this.droppedLines += physical.length - linesLeft;
      this.truncated = true;
    }
    let keptText = kept.join('\n');
    const bytesLeft = this.limits.maxBytes - this.byteCount;
    const bytes = utf8Length(keptText);
    if (bytes > bytesLeft) {
      const cut = cutToBytes(keptText, bytesLeft);
      // Lines that lost their start entirely are dropped; a line cut in the middle still counts as kept.
      this.droppedLines += kept.length - cut.split('\n').length;
      keptText = cut;
      kept = cut.split('\n');
      this.truncated = true;
    }
    if (kept.length === 0 || (keptText === '' && this.truncated)) return null;
    this.lineCount += kept.length;
    this.byteCount += utf8Length(keptText);
    const line: LogLine = { level, text: keptText };
    this.lines.push(line);
    return line;
  }
}
