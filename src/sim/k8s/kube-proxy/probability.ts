/**
 * The `--probability` text of kube-proxy's load-balancing rules: `computeProbability(n)` =
 * `fmt.Sprintf("%0.10f", 1.0/float64(n))` (pkg/proxy/iptables/proxier.go@531be812). Endpoint i of n
 * (0-based) gets `computeProbability(n - i)`; the last endpoint's rule has no statistic match.
 *
 * Go formats the exact binary value of the double and rounds half to even (strconv `shouldRoundUp`);
 * JS `toFixed` rounds exact ties up instead (1/2048 = 0.00048828125 → Go "0.0004882812", toFixed
 * "0.0004882813"), so the rounding is done here on the exact value with BigInt.
 *
 * Not modelled: how the kernel stores the value (`lround(0x80000000 * p)`) and how iptables-save prints it
 * back with 11 decimals — that belongs to the iptables printer.
 */
import { fail } from '../../core/errors';

/** Go's `%.Nf` of a finite, non-negative double: exact decimal expansion rounded half-to-even. */
export function goFormatFixed(x: number, digits: number): string {
  // A big ruleset prints the same few probabilities hundreds of thousands of times.
  const key = `${x}/${digits}`;
  let text = fixedText.get(key);
  if (text === undefined) {
    text = exactFixed(x, digits);
    fixedText.set(key, text);
  }
  return text;
}

const fixedText = new Map<string, string>();

function exactFixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) fail('BAD_USAGE', `goFormatFixed(${x}): only finite non-negative numbers are supported`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) {
    exp = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exp = expBits - 1075;
  }
  // x = mantissa * 2^exp exactly; scale by 10^digits and divide with a remainder.
  let num = mantissa * 10n ** BigInt(digits);
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  let q = num / den;
  const twiceRem = 2n * (num % den);
  if (twiceRem > den || (twiceRem === den && (q & 1n) === 1n)) q += 1n;
  const s = q.toString().padStart(digits + 1, '0');
  return digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
}

/** `computeProbability(n)`: "%0.10f" of 1/n, e.g. 3 → "0.3333333333". */
export function computeProbability(n: number): string {
  if (!Number.isInteger(n) || n < 1) fail('BAD_USAGE', `computeProbability(${n}): n is an endpoint count, a whole number ≥ 1`);
  return goFormatFixed(1 / n, 10);
}
