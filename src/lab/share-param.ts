// The URL fragment parameter of a lab share link (#code=<lab id>~…, see share.ts), on its own so the page's
// islands loader (components/islands/lazy.ts) can recognise a share link without loading the codec.
// Not modelled: other parameters.
export const SHARE_PARAM = 'code';
