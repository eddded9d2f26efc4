/**
 * `kubectl get` against the simulated cluster: its command line (pflag rules: `-n ns`, `-nns`, `-n=ns`,
 * `--namespace ns`, `--namespace=ns`, bundled short flags such as `-Ao wide`, flags before or after the
 * arguments, `--` ending them), its argument forms (`TYPE`, `TYPE1,TYPE2`, `TYPE NAME...`, `TYPE/NAME...`),
 * and what it writes: tables (one per resource type, a blank line between them, NAMESPACE first with -A,
 * kind-prefixed names when several types are listed), `-o yaml|json|name`, and kubectl's messages and exit
 * codes (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go Run and printGeneric).
 *
 * The simulator has no wall clock for objects, so AGE is whatever `options.age` says, by default DEFAULT_AGE
 * for every object. Other times (RESTARTS' "(10s ago)", events' LAST SEEN) count from the injected clock:
 * `options.now`, by default the cluster's World clock. Events come from the control plane (`options.events`).
 *
 * Not modelled: `-w`/`--watch`, `--sort-by`, `--field-selector`, `-f`, `-o jsonpath|custom-columns|go-template`
 * (each is refused with a message saying so), resource types other than those in resources.ts, kubectl's
 * `--chunk-size` paging, the `Warning:` lines of other deprecated APIs.
 */
import type { BuiltCluster } from '../cluster/build';
import { toJson, toYaml } from './encode';
import { clusterObjects, SIMULATED_NODE_INFO, type ClusterObjects, type EventObject, type NodeInfo } from './objects';
import { tableCells, PRINTERS } from './printers';
import { apiVersionOf, kindPrefix, modelledTypeNames, qualifiedResource, RESOURCES, resolveResourceType, type ResourceType } from './resources';
import { formatLabels, parseSelector, selectorMatches, type Requirement } from './selector';
import { formatTable } from './tabwriter';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** The process exit status: 0, or 1 after an error. */
  code: number;
}

export interface ObjectRef {
  type: ResourceType;
  namespace?: string;
  name: string;
}

export interface KubectlGetOptions {
  /** The AGE cell of an object; default: DEFAULT_AGE for every object. */
  age?: (ref: ObjectRef) => string;
  /** Overrides of the kubelet facts nodes report (VERSION, OS-IMAGE, ...); default SIMULATED_NODE_INFO. */
  nodeInfo?: Partial<NodeInfo>;
  /** The kubeconfig context's namespace, used without -n (default "default"). */
  namespace?: string;
  /** The events the control plane recorded (`kubectl get events`); default none. */
  events?: readonly EventObject[];
  /** The clock (ms) that ages restarts and events; default the World's clock. */
  now?: number;
}

/** The simulator has no object timestamps: every object is shown this old unless options.age says otherwise. */
export const DEFAULT_AGE = '5m';

/** What kubectl prints for any v1 Endpoints request to a v1.33+ API server (the simulated one is v1.34). */
export const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

interface Flags {
  namespace?: string;
  allNamespaces: boolean;
  output: OutputFormat;
  selector?: string;
  noHeaders: boolean;
  showLabels: boolean;
  showKind: boolean;
  ignoreNotFound: boolean;
  labelColumns: string[];
}

type FlagName = 'namespace' | 'all-namespaces' | 'output' | 'selector' | 'no-headers' | 'show-labels' | 'show-kind' | 'ignore-not-found' | 'label-columns';

const FLAGS: Record<FlagName, { short?: string; value: boolean }> = {
  namespace: { short: 'n', value: true },
  'all-namespaces': { short: 'A', value: false },
  output: { short: 'o', value: true },
  selector: { short: 'l', value: true },
  'no-headers': { value: false },
  'show-labels': { value: false },
  'show-kind': { value: false },
  'ignore-not-found': { value: false },
  'label-columns': { short: 'L', value: true },
};

/** Real `kubectl get` flags the simulator does not implement: refused by name rather than called unknown. */
const UNSUPPORTED: Record<string, string | undefined> = {
  watch: 'w', 'watch-only': undefined, 'output-watch-events': undefined, 'sort-by': undefined, 'field-selector': undefined,
  filename: 'f', kustomize: 'k', recursive: 'R', 'chunk-size': undefined, 'server-print': undefined, raw: undefined,
  subresource: undefined, template: undefined, 'allow-missing-template-keys': undefined, 'show-managed-fields': undefined,
};

class UsageError extends Error {}

const SEE_HELP = "\nSee 'kubectl get --help' for usage.";

function unsupportedFlag(name: string): never {
  throw new UsageError(`error: --${name} is not supported by the simulated kubectl (supported: -n/--namespace, -A/--all-namespaces, -o/--output wide|yaml|json|name, -l/--selector, -L/--label-columns, --show-labels, --show-kind, --no-headers, --ignore-not-found)`);
}

/** strconv.ParseBool, as pflag's bool flags use it for `--flag=value`. */
function parseBool(name: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new UsageError(`error: invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax${SEE_HELP}`);
}

const OUTPUTS: Record<string, OutputFormat> = { wide: 'wide', yaml: 'yaml', json: 'json', name: 'name' };
const OTHER_KUBECTL_OUTPUTS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'template', 'templatefile', 'kyaml'];

function outputFormat(v: string): OutputFormat {
  if (v === '') return 'table';
  const f = OUTPUTS[v];
  if (f) return f;
  const base = v.split('=')[0]!;
  if (OTHER_KUBECTL_OUTPUTS.includes(base)) {
    throw new UsageError(`error: output format "${base}" is not supported by the simulated kubectl (supported: wide, yaml, json, name)`);
  }
  // get.go / cli-runtime PrintFlags.ToPrinter: NoCompatiblePrinterError.
  throw new UsageError(
    `error: unable to match a printer suitable for the output format "${v}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
  );
}

function parseFlags(argv: readonly string[]): { flags: Flags; args: string[] } {
  const flags: Flags = { allNamespaces: false, output: 'table', noHeaders: false, showLabels: false, showKind: false, ignoreNotFound: false, labelColumns: [] };
  const args: string[] = [];
  const byShort = new Map(Object.entries(FLAGS).filter(([, s]) => s.short).map(([k, s]) => [s.short!, k as FlagName]));
  const unsupportedShort = new Map(Object.entries(UNSUPPORTED).filter(([, s]) => s).map(([k, s]) => [s!, k]));
  const set = (name: FlagName, value: string | boolean) => {
    switch (name) {
      case 'namespace': flags.namespace = String(value); break;
      case 'all-namespaces': flags.allNamespaces = value as boolean; break;
      case 'output': flags.output = outputFormat(String(value)); break;
      case 'selector': flags.selector = String(value); break;
      case 'no-headers': flags.noHeaders = value as boolean; break;
      case 'show-labels': flags.showLabels = value as boolean; break;
      case 'show-kind': flags.showKind = value as boolean; break;
      case 'ignore-not-found': flags.ignoreNotFound = value as boolean; break;
      // A string slice: comma-separated and repeatable.
      case 'label-columns': flags.labelColumns.push(...String(value).split(',').map((s) => s.trim()).filter((s) => s)); break;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      if (name in UNSUPPORTED) unsupportedFlag(name);
      const spec = FLAGS[name as FlagName];
      if (!spec) throw new UsageError(`error: unknown flag: --${name}${SEE_HELP}`);
      if (!spec.value) {
        set(name as FlagName, inline === undefined ? true : parseBool(name, inline));
      } else {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`error: flag needs an argument: --${name}${SEE_HELP}`);
        set(name as FlagName, v);
      }
    } else if (a.startsWith('-') && a.length > 1) {
      // pflag shorthand: bundled booleans, then a value flag takes the rest of the word (or the next word).
      const shorts = a.slice(1);
      for (let j = 0; j < shorts.length; j++) {
        const c = shorts[j]!;
        const unsupported = unsupportedShort.get(c);
        if (unsupported) unsupportedFlag(unsupported);
        const name = byShort.get(c);
        if (!name) throw new UsageError(`error: unknown shorthand flag: '${c}' in -${shorts}${SEE_HELP}`);
        if (!FLAGS[name].value) {
          if (shorts[j + 1] === '=') {
            set(name, parseBool(name, shorts.slice(j + 2)));
            break;
          }
          set(name, true);
          continue;
        }
        let v = shorts.slice(j + 1);
        if (v.startsWith('=')) v = v.slice(1);
        else if (v === '') {
          const next = argv[++i];
          if (next === undefined) throw new UsageError(`error: flag needs an argument: '${c}' in -${shorts}${SEE_HELP}`);
          v = next;
        }
        set(name, v);
        break;
      }
    } else {
      args.push(a);
    }
  }
  return { flags, args };
}

// ------------------------------------------------------------------------------------------ requests

type AnyObject = ClusterObjects[ResourceType][number];

/** One thing kubectl asked the API server for: a list of a type, or one object by name. */
type Request = { kind: 'list'; type: ResourceType } | { kind: 'get'; type: ResourceType; name: string };

function resolveType(word: string): ResourceType {
  const r = resolveResourceType(word);
  if (r.ok) return r.type;
  if (r.unmodelled) {
    throw new UsageError(`error: resource type "${word}" is not modelled by the simulated cluster (modelled: ${modelledTypeNames()})`);
  }
  throw new UsageError(`error: the server doesn't have a resource type "${word}"`);
}

/** resource.Builder ResourceTypeOrNameArgs: `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...`. */
function requestsFrom(args: readonly string[]): Request[] {
  if (args.length === 0) {
    throw new UsageError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    );
  }
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw new UsageError(
        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    return args.map((a) => {
      const i = a.indexOf('/');
      const name = a.slice(i + 1);
      if (name === '') throw new UsageError(`error: arguments in resource/name form must have a single resource and name`);
      return { kind: 'get', type: resolveType(a.slice(0, i)), name };
    });
  }
  const types = args[0]!.split(',').filter((t) => t !== '').map(resolveType);
  const names = args.slice(1);
  if (names.length === 0) return [...new Set(types)].map((type) => ({ kind: 'list', type }));
  return types.flatMap((type) => names.map((name): Request => ({ kind: 'get', type, name })));
}

// ------------------------------------------------------------------------------------------ run

function nsOf(obj: AnyObject): string | undefined {
  return obj.metadata.namespace;
}

function labelsOf(obj: AnyObject): Readonly<Record<string, string>> {
  return (obj.metadata.labels ?? {}) as Record<string, string>;
}

/**
 * Runs `kubectl get ARGS` (ARGS being what follows `get`) against the cluster. Never throws for bad input:
 * usage errors come back as kubectl prints them, on stderr with exit code 1.
 */
export function kubectlGet(cluster: BuiltCluster, argv: readonly string[], options: KubectlGetOptions = {}): KubectlResult {
  try {
    return run(cluster, argv, options);
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: `${e.message}\n`, code: 1 };
    throw e;
  }
}

function run(cluster: BuiltCluster, argv: readonly string[], options: KubectlGetOptions): KubectlResult {
  const { flags, args } = parseFlags(argv);
  const requests = requestsFrom(args);
  const named = requests.some((r) => r.kind === 'get');
  if (named && flags.selector !== undefined) throw new UsageError('error: name cannot be provided when a selector is specified');
  if (named && flags.allNamespaces) throw new UsageError('error: a resource cannot be retrieved by name across all namespaces');
  let requirements: Requirement[] = [];
  if (flags.selector !== undefined) {
    const parsed = parseSelector(flags.selector);
    if (!parsed.ok) throw new UsageError(`error: ${parsed.error}`);
    requirements = parsed.requirements;
  }

  const namespace = flags.namespace ?? options.namespace ?? 'default';
  const objects = clusterObjects(cluster, { ...SIMULATED_NODE_INFO, ...options.nodeInfo }, options.events ?? []);
  const now = options.now ?? (cluster.world as BuiltCluster['world'] | undefined)?.clock.now() ?? 0;
  const ageOf = (type: ResourceType, obj: AnyObject) =>
    options.age ? options.age({ type, name: obj.metadata.name, ...(nsOf(obj) !== undefined ? { namespace: nsOf(obj) } : {}) }) : DEFAULT_AGE;

  // What the API server answers: per request, the objects found, or a NotFound error.
  const results: { type: ResourceType; objs: AnyObject[] }[] = [];
  const errors: string[] = [];
  for (const r of requests) {
    const info = RESOURCES[r.type];
    const all = objects[r.type] as AnyObject[];
    const inScope = (o: AnyObject) => !info.namespaced || flags.allNamespaces || o.metadata.namespace === namespace;
    if (r.kind === 'list') {
      results.push({ type: r.type, objs: all.filter((o) => inScope(o) && selectorMatches(requirements, labelsOf(o))) });
    } else {
      const found = all.find((o) => inScope(o) && o.metadata.name === r.name);
      if (found) results.push({ type: r.type, objs: [found] });
      else if (!flags.ignoreNotFound) errors.push(`Error from server (NotFound): ${qualifiedResource(r.type)} "${r.name}" not found`);
    }
  }
  // The API server's deprecation warning on every v1 Endpoints request (k8s >= 1.33), printed once by kubectl.
  const warning = requests.some((r) => r.type === 'endpoints') ? `${ENDPOINTS_WARNING}\n` : '';
  const stderr = warning + errors.map((e) => `${e}\n`).join('');
  const code = errors.length > 0 ? 1 : 0;

  switch (flags.output) {
    case 'table':
    case 'wide':
      return printTables(results, requests, flags, namespace, ageOf, stderr, code, now);
    case 'name':
      return { stdout: results.flatMap((g) => g.objs.map((o) => `${kindPrefix(g.type)}/${o.metadata.name}\n`)).join(''), stderr, code };
    case 'yaml':
    case 'json': {
      const items = results.flatMap((g) => g.objs.map((o) => withTypeMeta(g.type, o)));
      // printGeneric: one `TYPE NAME` argument prints the object itself; anything else a List.
      const single = requests.length === 1 && requests[0]!.kind === 'get';
      if (single && items.length === 0) return { stdout: '', stderr, code };
      const doc = single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
      return { stdout: flags.output === 'yaml' ? toYaml(doc) : toJson(doc), stderr, code };
    }
  }
}

function withTypeMeta(type: ResourceType, obj: AnyObject): AnyObject {
  return { ...obj, apiVersion: apiVersionOf(type), kind: RESOURCES[type].kind } as AnyObject;
}

/** formatLabelHeaders: the upper-cased last path segment of each -L key. */
function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1]!.toUpperCase();
}

function printTables(
  results: readonly { type: ResourceType; objs: AnyObject[] }[],
  requests: readonly Request[],
  flags: Flags,
  namespace: string,
  ageOf: (type: ResourceType, obj: AnyObject) => string,
  stderr: string,
  code: number,
  now: number,
): KubectlResult {
  const wide = flags.output === 'wide';
  // multipleGVKsRequested: names carry their kind when more than one type is printed.
  const typesShown = new Set(requests.filter((r) => r.kind === 'list').map((r) => r.type));
  for (const g of results) typesShown.add(g.type);
  const withKind = flags.showKind || typesShown.size > 1;

  // Consecutive results of the same type share one table (a new printer per resource mapping).
  const groups: { type: ResourceType; objs: AnyObject[] }[] = [];
  for (const g of results) {
    const last = groups[groups.length - 1];
    if (last && last.type === g.type) last.objs.push(...g.objs);
    else groups.push({ type: g.type, objs: [...g.objs] });
  }
  const tables: string[] = [];
  for (const g of groups) {
    if (g.objs.length === 0) continue; // printTable prints no header for an empty table
    const info = RESOURCES[g.type];
    const withNamespace = flags.allNamespaces && info.namespaced;
    const columns = PRINTERS[g.type].columns;
    const keep = columns.map((c) => wide || c.priority === 0);
    const header = [
      ...(withNamespace ? ['NAMESPACE'] : []),
      ...columns.filter((_, i) => keep[i]).map((c) => c.name),
      ...flags.labelColumns.map(labelHeader),
      ...(flags.showLabels ? ['LABELS'] : []),
    ];
    const rows = g.objs.map((o) => {
      const cells = tableCells(g.type, o, ageOf(g.type, o), wide, now).filter((_, i) => keep[i]);
      if (withKind) cells[0] = `${kindPrefix(g.type)}/${cells[0]}`;
      const labels = labelsOf(o);
      return [
        ...(withNamespace ? [o.metadata.namespace ?? ''] : []),
        ...cells,
        ...flags.labelColumns.map((k) => labels[k] ?? ''),
        ...(flags.showLabels ? [formatLabels(labels)] : []),
      ];
    });
    tables.push(formatTable(flags.noHeaders ? rows : [header, ...rows]));
  }
  // separatorWriterWrapper: a blank line between resource groups, unless --no-headers.
  const stdout = tables.join(flags.noHeaders ? '' : '\n');
  // get.go: "No resources found" only when nothing was written and nothing went wrong.
  if (stdout === '' && code === 0 && !flags.ignoreNotFound) {
    const allNamespaced = !flags.allNamespaces && requests.every((r) => RESOURCES[r.type].namespaced);
    const msg = allNamespaced ? `No resources found in ${namespace} namespace.` : 'No resources found';
    return { stdout, stderr: `${stderr}${msg}\n`, code };
  }
  return { stdout, stderr, code };
}
