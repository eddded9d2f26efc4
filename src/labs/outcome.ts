/**
 * What one check's evaluation yields before its message is written: pass or fail, what was expected and found
 * (already in the asked language), and the values for the message's {placeholders}.
 *
 * Not modelled: more than one finding per check (several mismatches are joined into one expected/found pair).
 */
export interface Outcome {
  pass: boolean;
  expected?: string;
  found?: string;
  values?: Record<string, string>;
}
