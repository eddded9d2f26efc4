/**
 * Quiz questions and how an answer is checked: multiple choice with one or several right options, and
 * fill-in-the-blank with a list of accepted answers (trimmed, inner spaces collapsed, case-insensitive unless
 * asked) and an optional regular expression that must match the whole answer. Pure, so the quiz element, the
 * build-time key check in Quiz.astro and the unit tests use the same rules.
 *
 * Not modelled: partial credit (an answer is right or not), numeric tolerance.
 */
import { localize, type Localized, type ViewLang } from '../figures/lang';

export interface ChoiceOption {
  /** Stable id of the option (the form value). */
  id: string;
  text: Localized;
}

export interface ChoiceQuestion {
  kind: 'choice';
  id: string;
  prompt: Localized;
  options: ChoiceOption[];
  /** Ids of the right options. More than one makes it a "select all that apply" question. */
  answer: string[];
  /** Shown after a right answer (and in "Show the answer"). */
  explain?: Localized;
  /** Shown after a wrong answer. */
  hint?: Localized;
}

export interface BlankQuestion {
  kind: 'blank';
  id: string;
  prompt: Localized;
  /** Accepted answers; the first one is shown as the answer. */
  accept: string[];
  /** A regular expression (source) that must match the whole answer, as an alternative to `accept`. */
  pattern?: string;
  caseSensitive?: boolean;
  explain?: Localized;
  hint?: Localized;
}

export type Question = ChoiceQuestion | BlankQuestion;

export type Answer = string | readonly string[];

export type Result =
  | { correct: true }
  | { correct: false; reason: 'empty' | 'wrong' }
  /** Multiple answers: some right ones picked, but not exactly the right set. */
  | { correct: false; reason: 'partial'; missing: number; extra: number };

/** Trims and collapses inner whitespace; lower-cases unless case matters. */
export function normalize(s: string, caseSensitive = false): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return caseSensitive ? t : t.toLowerCase();
}

export function isMultiple(q: ChoiceQuestion): boolean {
  return q.answer.length > 1;
}

export function checkAnswer(q: Question, answer: Answer): Result {
  switch (q.kind) {
    case 'choice': {
      const picked = new Set(typeof answer === 'string' ? (answer ? [answer] : []) : answer);
      if (picked.size === 0) return { correct: false, reason: 'empty' };
      const right = new Set(q.answer);
      const missing = [...right].filter((a) => !picked.has(a)).length;
      const extra = [...picked].filter((a) => !right.has(a)).length;
      if (missing === 0 && extra === 0) return { correct: true };
      if (isMultiple(q) && missing < right.size) return { correct: false, reason: 'partial', missing, extra };
      return { correct: false, reason: 'wrong' };
    }
    case 'blank': {
      const raw = typeof answer === 'string' ? answer : answer.join(' ');
      const given = normalize(raw, q.caseSensitive);
      if (!given) return { correct: false, reason: 'empty' };
      if (q.accept.some((a) => normalize(a, q.caseSensitive) === given)) return { correct: true };
      if (q.pattern !== undefined && new RegExp(`^(?:${q.pattern})$`, q.caseSensitive ? 'u' : 'iu').test(raw.trim())) return { correct: true };
      return { correct: false, reason: 'wrong' };
    }
  }
}

/** The question's own key, as a learner would enter it. */
export function keyOf(q: Question): Answer {
  return q.kind === 'choice' ? q.answer : q.accept[0] ?? '';
}

/** The key in words, for "Show the answer". */
export function keyText(q: Question, lang: ViewLang): string {
  if (q.kind === 'blank') return q.accept[0] ?? '';
  return q.options
    .filter((o) => q.answer.includes(o.id))
    .map((o) => localize(o.text, lang))
    .join(' · ');
}

/** Problems with a question's definition (empty when it is sound); Quiz.astro fails the build on any. */
export function validateQuestion(q: Question): string[] {
  const errs: string[] = [];
  if (!/^[A-Za-z][\w-]*$/.test(q.id)) errs.push(`question id "${q.id}" must start with a letter and use letters, digits, '_' or '-'`);
  if (q.kind === 'choice') {
    const ids = q.options.map((o) => o.id);
    if (q.options.length < 2) errs.push(`question "${q.id}": give at least two options`);
    if (new Set(ids).size !== ids.length) errs.push(`question "${q.id}": option ids must be unique`);
    if (q.answer.length === 0) errs.push(`question "${q.id}": answer must name at least one option`);
    for (const a of q.answer) if (!ids.includes(a)) errs.push(`question "${q.id}": answer "${a}" is not an option id (${ids.join(', ')})`);
  } else {
    if (q.accept.length === 0) errs.push(`question "${q.id}": accept must list at least one answer`);
    if (q.pattern !== undefined) {
      try {
        new RegExp(q.pattern, 'u');
      } catch (e) {
        errs.push(`question "${q.id}": pattern is not a valid regular expression (${(e as Error).message})`);
      }
    }
  }
  if (errs.length === 0 && !checkAnswer(q, keyOf(q)).correct) errs.push(`question "${q.id}": its own key is not accepted`);
  return errs;
}
