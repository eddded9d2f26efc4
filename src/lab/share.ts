// Share links: a lab's code carried in the URL fragment, so a link works on any static host and the code never
// reaches a server (browsers do not send the fragment).
//
//   #code=<lab id>~<form><payload>
//     form 'd': the code as UTF-8, compressed with CompressionStream('deflate-raw'), in base64url
//     form 'u': the code as UTF-8, not compressed, in base64url (browsers without CompressionStream)
//
// Decoding is strict (known form, base64url alphabet, valid UTF-8) and bounded: a link cannot make the page
// inflate more than MAX_CODE characters. Opening a link never runs its code; the lab only shows it.
//
// Not modelled: several cells in one link, shortening services, signing (a link is just text the learner chose
// to open).

import { SHARE_PARAM } from './share-param';

export { SHARE_PARAM };
/** Longest code a link may carry (characters), before or after compression. */
export const MAX_SHARED_CODE = 100_000;
/** Longest encoded fragment accepted. */
const MAX_FRAGMENT = 200_000;
const LAB_ID = /^[A-Za-z0-9][\w.-]{0,199}$/;

export interface SharedCode {
  labId: string;
  code: string;
}

export type DecodeResult = { ok: true; shared: SharedCode } | { ok: false; reason: 'malformed' | 'too-long' | 'unsupported' };

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function canCompress(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, stopping as soon as the output passes `limit` bytes (a small link must not inflate into gigabytes). */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | 'too-long' | null> {
  try {
    const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return 'too-long';
      }
      chunks.push(value);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch {
    return null; // not deflate data
  }
}

/** The fragment (without '#') that carries `code` for the lab `labId`. */
export async function encodeShare(labId: string, code: string, opts: { compress?: boolean } = {}): Promise<string> {
  if (!LAB_ID.test(labId)) throw new Error(`not a lab id: ${labId}`);
  if (code.length > MAX_SHARED_CODE) throw new RangeError(`code longer than ${MAX_SHARED_CODE} characters`);
  const bytes = new TextEncoder().encode(code);
  const compress = (opts.compress ?? true) && canCompress();
  const payload = compress ? 'd' + toBase64Url(await deflate(bytes)) : 'u' + toBase64Url(bytes);
  return `${SHARE_PARAM}=${labId}~${payload}`;
}

/** The lab id a fragment is for, without decoding its code (null when it is not a share link). */
export function sharedLabId(fragment: string): string | null {
  const m = /^#?code=([A-Za-z0-9][\w.-]{0,199})~/.exec(fragment);
  return m ? m[1]! : null;
}

/** Reads a fragment made by encodeShare. null when the fragment is not a share link at all. */
export async function decodeShare(fragment: string): Promise<DecodeResult | null> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!text.startsWith(`${SHARE_PARAM}=`)) return null;
  if (text.length > MAX_FRAGMENT) return { ok: false, reason: 'too-long' };
  const m = /^code=([A-Za-z0-9][\w.-]{0,199})~([du])([A-Za-z0-9_-]*)$/.exec(text);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, labId, form, payload] = m as unknown as [string, string, 'd' | 'u', string];
  const raw = fromBase64Url(payload);
  if (!raw) return { ok: false, reason: 'malformed' };
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const byteLimit = MAX_SHARED_CODE * 3;
  let bytes: Uint8Array;
  if (form === 'd') {
    if (!canCompress()) return { ok: false, reason: 'unsupported' };
    const inflated = await inflate(raw, byteLimit);
    if (inflated === null) return { ok: false, reason: 'malformed' };
    if (inflated === 'too-long') return { ok: false, reason: 'too-long' };
    bytes = inflated;
  } else {
    if (raw.length > byteLimit) return { ok: false, reason: 'too-long' };
    bytes = raw;
  }
  let code: string;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (code.length > MAX_SHARED_CODE) return { ok: false, reason: 'too-long' };
  return { ok: true, shared: { labId, code } };
}
