// Console formatting. Expected strings follow Node's console output for the same values (checked by hand
// against `node -e 'console.log(…)'` for the simple cases), except where noted.
import { describe, expect, it } from 'vitest';
import { formatArgs, formatValue, INSPECT_CUSTOM } from '../../src/lab/format';

describe('formatValue', () => {
  it('prints primitives like console.log', () => {
    expect(formatValue('plain')).toBe('plain');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue(10n)).toBe('10n');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(Symbol('s'))).toBe('Symbol(s)');
  });

  it('prints objects, arrays and nested strings in inspect style', () => {
    expect(formatValue({ a: 1, b: 'x' })).toBe("{ a: 1, b: 'x' }");
    expect(formatValue([1, 'two', [3]])).toBe("[ 1, 'two', [ 3 ] ]");
    expect(formatValue({})).toBe('{}');
    expect(formatValue([])).toBe('[]');
    expect(formatValue({ 'kube-proxy': 1 })).toBe("{ 'kube-proxy': 1 }");
  });

  it('names class instances, maps, sets, functions and errors', () => {
    class Pod {
      constructor(public name: string) {}
    }
    expect(formatValue(new Pod('web'))).toBe("Pod { name: 'web' }");
    expect(formatValue(new Map([['a', 1]]))).toBe("Map(1) { 'a' => 1 }");
    expect(formatValue(new Set([1, 2]))).toBe('Set(2) { 1, 2 }');
    expect(formatValue(function named() {})).toBe('[Function: named]');
    expect(formatValue(class Foo {})).toBe('[class Foo]');
    // Node prints the stack for errors; the sandbox's stacks mention internal URLs, so only name: message.
    expect(formatValue(new TypeError('bad'))).toBe('TypeError: bad');
  });

  it('survives cycles, getters, hostile proxies and deep nesting', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(formatValue(a)).toBe("{ name: 'a', self: [Circular] }");

    let called = false;
    const g = {
      get x() {
        called = true;
        return 1;
      },
    };
    expect(formatValue(g)).toBe('{ x: [Getter] }');
    expect(called).toBe(false);

    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('nope'); } });
    expect(formatValue(hostile)).toBe('[unprintable]');

    expect(formatValue({ a: { b: { c: { d: { e: 1 } } } } })).toBe('{ a: { b: { c: { d: [Object] } } } }');
  });

  it('caps long arrays and breaks wide structures over lines', () => {
    const long = Array.from({ length: 150 }, (_, i) => i);
    const text = formatValue(long);
    expect(text).toContain('... 50 more items');
    expect(text.split('\n').length).toBeGreaterThan(1);
    expect(formatValue('x'.repeat(20_000))).toMatch(/… \(10000 more characters\)$/);
  });

  it('uses an inspect.custom method that returns a string', () => {
    const ip = { [INSPECT_CUSTOM]: () => '10.244.1.2' };
    expect(formatValue({ ip })).toBe('{ ip: 10.244.1.2 }');
  });

  it('never produces markup from markup: text stays text', () => {
    // The UI sets textContent; this only checks the formatter passes strings through unchanged.
    expect(formatValue('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('formatArgs', () => {
  it('joins arguments with spaces', () => {
    expect(formatArgs(['a', 1, { b: 2 }])).toBe('a 1 { b: 2 }');
    expect(formatArgs([])).toBe('');
  });

  it('applies %s %d %i %f %j %o %% like Node', () => {
    expect(formatArgs(['%s has %d pods', 'node-1', 3])).toBe('node-1 has 3 pods');
    expect(formatArgs(['%i', 3.9])).toBe('3');
    expect(formatArgs(['%f', '1.5'])).toBe('1.5');
    expect(formatArgs(['%j', { a: 1 }])).toBe('{"a":1}');
    expect(formatArgs(['%o', [1]])).toBe('[ 1 ]');
    expect(formatArgs(['100%% of %s', 'pods'])).toBe('100% of pods');
    expect(formatArgs(['%s and %s', 'one'])).toBe('one and %s');
    expect(formatArgs(['%c styled', 'color: red'])).toBe(' styled');
    expect(formatArgs(['%s', 'a', 'extra'])).toBe('a extra');
  });
});
