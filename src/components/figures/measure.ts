/**
 * Text width estimates for laying out SVG at build time, where no browser can measure. The pictures set their
 * labels in the monospace font, where a Latin character is close to 0.6 em wide; CJK characters are one em.
 * Estimates err on the wide side so boxes never clip their labels.
 *
 * Not modelled: proportional fonts, kerning, emoji.
 */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Width of `text` in px at `fontSize` px in a monospace font. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 1.0 : 0.62;
  return Math.ceil(w * fontSize);
}

/** Cuts `text` to at most `max` columns, keeping its start and end around an ellipsis ("coredns-6c…-vbs99"). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const keepEnd = Math.floor((max - 1) / 2);
  const keepStart = max - 1 - keepEnd;
  return `${chars.slice(0, keepStart).join('')}…${chars.slice(chars.length - keepEnd).join('')}`;
}
