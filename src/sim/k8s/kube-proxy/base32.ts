/**
 * RFC 4648 §6 base32 with the standard alphabet A-Z2-7 and '=' padding — Go's `base32.StdEncoding`,
 * which kube-proxy applies to a SHA-256 digest to build chain names.
 *
 * Not modelled: decoding, the "extended hex" alphabet (§7) and unpadded encodings.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 text of `data`: every 5 input bytes become 8 characters; a final partial group is padded with '='. */
export function base32StdEncode(data: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  // RFC 4648 §6: the last group is completed with zero bits, then padded to a multiple of 8 characters.
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}
