// Share links (src/lab/share.ts): code in the URL fragment, deflate-raw + base64url or plain base64url, strict
// and bounded decoding. Node 24 has CompressionStream, like the browsers the site supports.
import { describe, expect, it } from 'vitest';
import { MAX_SHARED_CODE, decodeShare, encodeShare, sharedLabId } from '../../src/lab/share';

const CODE = `import { cluster } from 'k8snet';

// 中文註解 and an emoji 🚀 survive the round trip
const c = cluster({ cni: 'flannel-vxlan' });
c.node('node-1');
c.node('node-2');
export default c;
`;

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

describe('encodeShare / decodeShare', () => {
  it('round-trips code, compressed and not', async () => {
    for (const compress of [true, false]) {
      const frag = await encodeShare('pod-ip-cross-node', CODE, { compress });
      expect(frag.startsWith(`code=pod-ip-cross-node~${compress ? 'd' : 'u'}`)).toBe(true);
      expect(frag).toMatch(/^code=[\w.-]+~[du][A-Za-z0-9_-]*$/); // nothing that needs escaping in a URL
      expect(await decodeShare(`#${frag}`)).toEqual({ ok: true, shared: { labId: 'pod-ip-cross-node', code: CODE } });
    }
  });

  it('compression makes typical lab code shorter', async () => {
    const long = CODE.repeat(10);
    const d = await encodeShare('x', long);
    const u = await encodeShare('x', long, { compress: false });
    expect(d.length).toBeLessThan(u.length / 3);
  });

  it('the plain form is the UTF-8 bytes in base64url (what a browser without CompressionStream writes)', async () => {
    const frag = await encodeShare('x', 'é', { compress: false });
    expect(frag).toBe(`code=x~u${b64url(new TextEncoder().encode('é'))}`);
    expect(frag).toBe('code=x~uw6k');
  });

  it('empty code is fine', async () => {
    expect(await decodeShare(await encodeShare('x', ''))).toEqual({ ok: true, shared: { labId: 'x', code: '' } });
  });

  it('refuses to encode an invalid lab id or code past the limit', async () => {
    await expect(encodeShare('../x', 'a')).rejects.toThrow();
    await expect(encodeShare('x', 'a'.repeat(MAX_SHARED_CODE + 1))).rejects.toThrow(RangeError);
  });
});

describe('decodeShare on links it did not make', () => {
  it('is null for fragments that are not share links (headings, empty)', async () => {
    for (const f of ['', '#', '#lab-pod-ip-cross-node', '#_top', 'codes=x~u']) expect(await decodeShare(f)).toBeNull();
  });

  it('reports malformed links', async () => {
    for (const f of ['#code=', '#code=x', '#code=x~', '#code=x~zabc', '#code=x~u$$$', '#code=x~uA', '#code=../x~uYQ', '#code=x~dAAAA']) {
      expect(await decodeShare(f), f).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses bytes that are not UTF-8', async () => {
    expect(await decodeShare(`#code=x~u${b64url(new Uint8Array([0xff, 0xfe, 0x41]))}`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('stops inflating a small link that expands past the limit (a zip bomb)', async () => {
    const huge = new Uint8Array(MAX_SHARED_CODE * 3 + 10).fill(0x61);
    const deflated = new Uint8Array(await new Response(new Blob([huge]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    expect(deflated.length).toBeLessThan(2000);
    expect(await decodeShare(`#code=x~d${b64url(deflated)}`)).toEqual({ ok: false, reason: 'too-long' });
  });

  it('refuses an uncompressed payload past the limit', async () => {
    const big = b64url(new TextEncoder().encode('a'.repeat(MAX_SHARED_CODE + 1)));
    expect(await decodeShare(`#code=x~u${big}`)).toEqual({ ok: false, reason: 'too-long' });
  });
});

describe('sharedLabId', () => {
  it('names the lab a link is for without decoding it', () => {
    expect(sharedLabId('#code=pod-ip-cross-node~dAbC')).toBe('pod-ip-cross-node');
    expect(sharedLabId('code=a.b_c~u')).toBe('a.b_c');
    expect(sharedLabId('#lab-pod-ip-cross-node')).toBeNull();
    expect(sharedLabId('#code=~u')).toBeNull();
  });
});
