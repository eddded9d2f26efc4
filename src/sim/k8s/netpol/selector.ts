/**
 * Label selector matching with the semantics of metav1.LabelSelectorAsSelector + labels.Selector.Matches
 * (k8s.io/apimachinery pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go): every matchLabels pair and
 * every matchExpressions requirement must hold (AND); a selector with neither selects everything.
 * The selector is assumed valid (validate.ts rejects bad operators and missing values first).
 *
 * Not modelled: set-based selector strings (`kubectl -l 'env in (a,b)'`); the nil selector, which matches
 * nothing in Go, never reaches here because an absent selector is handled by the caller.
 */
import { assertNever } from '../../core/errors';
import type { LabelSelector, LabelSelectorRequirement } from './types';

function hasLabel(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.hasOwn(labels, key);
}

function requirementMatches(r: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    // labels/selector.go Requirement.Matches: In needs the key present with a listed value ...
    case 'In':
      return hasLabel(labels, r.key) && values.includes(labels[r.key]!);
    // ... NotIn also matches when the key is absent (a common surprise: `env NotIn [prod]` selects unlabelled pods).
    case 'NotIn':
      return !hasLabel(labels, r.key) || !values.includes(labels[r.key]!);
    case 'Exists':
      return hasLabel(labels, r.key);
    case 'DoesNotExist':
      return !hasLabel(labels, r.key);
    default:
      return assertNever(r.operator, 'label selector operator');
  }
}

/** Whether `selector` selects an object carrying `labels`. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const ml = selector.matchLabels ?? {};
  for (const key of Object.keys(ml)) {
    // matchLabels {k: v} is the requirement `k In (v)` (LabelSelectorAsSelector).
    if (!hasLabel(labels, key) || labels[key] !== ml[key]) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    if (!requirementMatches(r, labels)) return false;
  }
  return true;
}

/** True for `{}` (and for selectors whose lists are empty): selects everything. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * The text form of labels.Selector.String(): requirements sorted by key (selector.go sorts them with
 * ByKey), e.g. "env notin (prod),pod=a"; "<none>" for `{}`, as `kubectl describe` prints it.
 */
export function formatSelector(selector: LabelSelector): string {
  const parts: { key: string; text: string }[] = [];
  const ml = selector.matchLabels ?? {};
  for (const key of Object.keys(ml)) parts.push({ key, text: `${key}=${ml[key]}` });
  for (const r of selector.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    switch (r.operator) {
      case 'In': parts.push({ key: r.key, text: `${r.key} in (${vals})` }); break;
      case 'NotIn': parts.push({ key: r.key, text: `${r.key} notin (${vals})` }); break;
      case 'Exists': parts.push({ key: r.key, text: r.key }); break;
      case 'DoesNotExist': parts.push({ key: r.key, text: `!${r.key}` }); break;
      default: assertNever(r.operator, 'label selector operator');
    }
  }
  if (parts.length === 0) return '<none>';
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}
