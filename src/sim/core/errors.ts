/**
 * The simulator's one error type. Every invalid call throws a SimError whose message names the object
 * (`Route 10.244.1.0/16 in node-1`) and says how to fix it. Callers validate before they mutate, so a
 * thrown SimError never leaves a half-applied change behind.
 */
export type SimErrorCode =
  | 'BAD_ADDRESS'
  | 'BAD_CIDR'
  | 'MISALIGNED_CIDR'
  | 'BAD_NAME'
  | 'EXISTS'
  | 'NOT_FOUND'
  | 'BAD_CONFIG'
  | 'BAD_RULE'
  | 'EADDRINUSE'
  | 'EADDRNOTAVAIL'
  | 'BAD_MANIFEST'
  | 'BAD_USAGE';

export class SimError extends Error {
  readonly code: SimErrorCode;
  constructor(code: SimErrorCode, message: string) {
    super(message);
    this.name = 'SimError';
    this.code = code;
  }
}

export function fail(code: SimErrorCode, message: string): never {
  throw new SimError(code, message);
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
