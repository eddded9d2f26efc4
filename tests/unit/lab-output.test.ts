// Output limits: lines and UTF-8 bytes, cutting the entry that crosses a limit and counting what was dropped.
import { describe, expect, it } from 'vitest';
import { cutToBytes, OutputBuffer, utf8Length } from '../../src/lab/output';

describe('utf8Length / cutToBytes', () => {
  it('counts UTF-8 bytes: ASCII 1, é 2, 中 3, an emoji (surrogate pair) 4', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('中')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('a中😀')).toBe(8);
  });

  it('cuts on a code point boundary', () => {
    expect(cutToBytes('a中😀', 4)).toBe('a中');
    expect(cutToBytes('a中😀', 7)).toBe('a中');
    expect(cutToBytes('a中😀', 8)).toBe('a中😀');
    expect(cutToBytes('abc', 0)).toBe('');
  });
});

describe('OutputBuffer', () => {
  it('keeps everything under the limits', () => {
    const b = new OutputBuffer({ maxLines: 5, maxBytes: 1000 });
    expect(b.push('log', 'one')).toEqual({ level: 'log', text: 'one' });
    b.push('error', 'two\nthree');
    expect(b.lines).toEqual([
      { level: 'log', text: 'one' },
      { level: 'error', text: 'two\nthree' },
    ]);
    expect(b.truncated).toBe(false);
  });

  it('exactly reaching the line limit is not truncation; the next line is', () => {
    const b = new OutputBuffer({ maxLines: 2, maxBytes: 1000 });
    b.push('log', 'a');
    b.push('log', 'b');
    expect(b.truncated).toBe(false);
    expect(b.push('log', 'c')).toBeNull();
    expect(b.truncated).toBe(true);
    expect(b.droppedLines).toBe(1);
  });

  it('cuts a multi-line entry at the line limit and counts the rest', () => {
    const b = new OutputBuffer({ maxLines: 3, maxBytes: 1000 });
    b.push('log', 'a');
    expect(b.push('log', 'b\nc\nd\ne')).toEqual({ level: 'log', text: 'b\nc' });
    expect(b.droppedLines).toBe(2);
    b.push('log', 'f\ng');
    expect(b.droppedLines).toBe(4);
  });

  it('cuts at the byte limit', () => {
    const b = new OutputBuffer({ maxLines: 100, maxBytes: 10 });
    b.push('log', '12345');
    expect(b.push('log', '中中中')).toEqual({ level: 'log', text: '中' }); // 5 bytes left: one 3-byte char fits
    expect(b.truncated).toBe(true);
    expect(b.push('log', 'x')).toBeNull();
  });

  it('a flood of 10 000 lines keeps exactly 200 lines', () => {
    const b = new OutputBuffer({ maxLines: 200, maxBytes: 100_000 });
    for (let i = 0; i < 10_000; i++) b.push('log', `line ${i}`);
    expect(b.lines).toHaveLength(200);
    expect(b.lines[199]!.text).toBe('line 199');
    expect(b.droppedLines).toBe(9800);
  });

  it('one huge line is cut to 100 000 bytes', () => {
    const b = new OutputBuffer({ maxLines: 200, maxBytes: 100_000 });
    const kept = b.push('log', 'x'.repeat(1_000_000));
    expect(kept!.text.length).toBe(100_000);
    expect(b.truncated).toBe(true);
  });

  it('an empty console.log() is one empty line', () => {
    const b = new OutputBuffer({ maxLines: 2, maxBytes: 10 });
    expect(b.push('log', '')).toEqual({ level: 'log', text: '' });
  });
});
