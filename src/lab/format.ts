// Formats console arguments the way a learner expects from Node's console: strings as they are, other values in
// a compact inspect-like notation ({ a: 1 }, [ 1, 2 ], Map(1) { 'k' => 1 }, ClassName { … }).
//
// Safety first: it never calls getters (shows [Getter]), survives cycles ([Circular]), proxies and objects whose
// inspection throws ([unprintable]), caps depth, items per collection and string length, so printing a large
// simulator object cannot hang the worker or blow the output limit in one call. An object can choose its own
// text with a method under Symbol.for('nodejs.util.inspect.custom') (the key Node uses), returning a string.
//
// Not modelled: colours, util.inspect options, %c styling (dropped), typed arrays beyond a generic listing.

export const INSPECT_CUSTOM = Symbol.for('nodejs.util.inspect.custom');

export interface FormatOptions {
  /** Nesting depth shown before objects become [Object] (Node's default is 2). */
  depth: number;
  /** Items shown per array / map / set / object before "… N more". */
  maxItems: number;
  /** Longest string shown in full. */
  maxString: number;
  /** Single-line width; wider structures are broken over lines. */
  breakLength: number;
}

export const DEFAULT_FORMAT: FormatOptions = { depth: 3, maxItems: 100, maxString: 10_000, breakLength: 80 };

const IDENT = /^[A-Za-z_$][\w$]*$/;

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

function capString(s: string, opts: FormatOptions): string {
  return s.length > opts.maxString ? `${s.slice(0, opts.maxString)}… (${s.length - opts.maxString} more characters)` : s;
}

function formatKey(k: string | symbol): string {
  if (typeof k === 'symbol') return `[${k.toString()}]`;
  return IDENT.test(k) ? k : quote(k);
}

function constructorName(o: object): string | undefined {
  try {
    const proto = Object.getPrototypeOf(o);
    if (proto === null) return '[Object: null prototype]';
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
    return typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : undefined;
  } catch {
    return undefined;
  }
}

function functionText(f: Function): string {
  let name = '';
  try {
    name = typeof f.name === 'string' ? f.name : '';
  } catch {
    /* proxies */
  }
  let isClass = false;
  try {
    isClass = /^class[\s{]/.test(Function.prototype.toString.call(f));
  } catch {
    /* proxies / revoked */
  }
  if (isClass) return name ? `[class ${name}]` : '[class (anonymous)]';
  return name ? `[Function: ${name}]` : '[Function (anonymous)]';
}

function join(open: string, parts: string[], close: string, indent: string, opts: FormatOptions): string {
  if (parts.length === 0) return `${open}${close}`;
  const flat = `${open} ${parts.join(', ')} ${close}`;
  if (flat.length + indent.length <= opts.breakLength && !parts.some((p) => p.includes('\n'))) return flat;
  const inner = indent + '  ';
  return `${open}\n${parts.map((p) => inner + p).join(',\n')}\n${indent}${close}`;
}

function more(n: number): string {
  return `... ${n} more item${n === 1 ? '' : 's'}`;
}

function inspect(v: unknown, opts: FormatOptions, depth: number, seen: object[], indent: string): string {
  switch (typeof v) {
    case 'string':
      return quote(capString(v, opts));
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return v.toString();
    case 'function':
      return functionText(v);
    case 'object':
      break;
  }
  if (v === null) return 'null';
  const o = v as object;
  if (seen.includes(o)) return '[Circular]';
  try {
    const custom = (o as Record<symbol, unknown>)[INSPECT_CUSTOM];
    if (typeof custom === 'function') {
      const r = custom.call(o, opts.depth - depth, {});
      if (typeof r === 'string') return capString(r, opts);
    }
    if (o instanceof Error) return errorText(o);
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof RegExp) return String(o);
    if (o instanceof Promise) return 'Promise { … }';
    if (o instanceof WeakMap || o instanceof WeakSet) return `${o instanceof WeakMap ? 'WeakMap' : 'WeakSet'} { <items unknown> }`;

    const isArray = Array.isArray(o);
    if (depth > opts.depth) {
      if (isArray) return '[Array]';
      const name = constructorName(o);
      return name && name !== 'Object' ? `[${name}]` : '[Object]';
    }
    seen.push(o);
    try {
      const next = (x: unknown) => inspect(x, opts, depth + 1, seen, indent + '  ');
      if (isArray) {
        const a = o as unknown[];
        const parts: string[] = [];
        const n = Math.min(a.length, opts.maxItems);
        for (let i = 0; i < n; i++) parts.push(i in a ? next(a[i]) : '<empty>');
        if (a.length > n) parts.push(more(a.length - n));
        return join('[', parts, ']', indent, opts);
      }
      if (o instanceof Map) {
        const parts: string[] = [];
        for (const [k, val] of o) {
          if (parts.length >= opts.maxItems) {
            parts.push(more(o.size - opts.maxItems));
            break;
          }
          parts.push(`${next(k)} => ${next(val)}`);
        }
        return join(`Map(${o.size}) {`, parts, '}', indent, opts);
      }
      if (o instanceof Set) {
        const parts: string[] = [];
        for (const val of o) {
          if (parts.length >= opts.maxItems) {
            parts.push(more(o.size - opts.maxItems));
            break;
          }
          parts.push(next(val));
        }
        return join(`Set(${o.size}) {`, parts, '}', indent, opts);
      }
      const keys = Reflect.ownKeys(o).filter((k) => Object.getOwnPropertyDescriptor(o, k)?.enumerable);
      const parts: string[] = [];
      for (const k of keys.slice(0, opts.maxItems)) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (!d) continue;
        const shown = 'value' in d ? next(d.value) : d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
        parts.push(`${formatKey(k)}: ${shown}`);
      }
      if (keys.length > opts.maxItems) parts.push(more(keys.length - opts.maxItems));
      const name = constructorName(o);
      const prefix = name === 'Object' || name === undefined ? '' : `${name} `;
      return prefix + join('{', parts, '}', indent, opts);
    } finally {
      seen.pop();
    }
  } catch {
    return '[unprintable]';
  }
}

function errorText(e: Error): string {
  let name = 'Error';
  let message = '';
  try {
    name = String(e.name);
    message = String(e.message);
  } catch {
    /* hostile getters */
  }
  return message ? `${name}: ${message}` : name;
}

/** One value the way console shows it when it is an argument (strings unquoted at the top level). */
export function formatValue(v: unknown, opts: FormatOptions = DEFAULT_FORMAT): string {
  if (typeof v === 'string') return capString(v, opts);
  return inspect(v, opts, 0, [], '');
}

/** Node-style format specifiers in a leading string: %s %d %i %f %o %O %j %c %%. */
export function formatArgs(args: readonly unknown[], opts: FormatOptions = DEFAULT_FORMAT): string {
  if (args.length === 0) return '';
  const first = args[0];
  let rest = args.slice(1);
  let head: string;
  if (typeof first === 'string' && first.includes('%') && rest.length > 0) {
    let i = 0;
    head = first.replace(/%([sdifoOjc%])/g, (m, spec: string) => {
      if (spec === '%') return '%';
      if (i >= rest.length) return m;
      const a = rest[i++];
      switch (spec) {
        case 's':
          return typeof a === 'string' ? a : typeof a === 'bigint' ? `${a}n` : formatValue(a, { ...opts, depth: 1 });
        case 'd':
        case 'i': {
          if (typeof a === 'bigint') return `${a}n`;
          const n = Number(a);
          return String(spec === 'i' ? Math.trunc(n) : n);
        }
        case 'f':
          return String(Number(a));
        case 'j':
          try {
            return JSON.stringify(a) ?? 'undefined';
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default: // o, O
          return inspect(a, opts, 0, [], '');
      }
    });
    rest = rest.slice(i);
  } else {
    head = formatValue(first, opts);
  }
  return [head, ...rest.map((a) => formatValue(a, opts))].join(' ');
}
