/**
 * Command history of the terminal, as shells keep it: ↑ walks back from the newest command, ↓ walks forward
 * and finally returns what was being typed before ↑ (the draft). Blank lines are not kept, and a command equal
 * to the one before it is kept once (bash's HISTCONTROL=ignoredups).
 *
 * Not modelled: searching (Ctrl+R), saving across page loads.
 */
export class CommandHistory {
  private readonly items: string[] = [];
  /** Position while walking: items.length means "at the draft". */
  private pos = 0;
  private draft = '';

  constructor(private readonly max = 200) {}

  get entries(): readonly string[] {
    return this.items;
  }

  /** Records a command that was run, and ends any walk. */
  push(line: string): void {
    const l = line.trim();
    if (l && this.items[this.items.length - 1] !== l) {
      this.items.push(l);
      if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
    }
    this.pos = this.items.length;
    this.draft = '';
  }

  /** ↑: the previous command, or null when there is none (the line stays as it is). */
  prev(current: string): string | null {
    if (this.pos === 0) return null;
    if (this.pos === this.items.length) this.draft = current;
    this.pos -= 1;
    return this.items[this.pos]!;
  }

  /** ↓: the next command, the draft after the newest, or null when not walking. */
  next(): string | null {
    if (this.pos >= this.items.length) return null;
    this.pos += 1;
    return this.pos === this.items.length ? this.draft : this.items[this.pos]!;
  }
}
