/**
 * The quiz's markup: one <form> per question with a fieldset and legend, radio buttons (one right answer),
 * checkboxes (several) or a text field (fill in the blank), a Check button, a live feedback line and a
 * "Show the answer" disclosure that works without JavaScript. `code` in backticks inside prompts and options
 * becomes <code>. The element (element.ts) checks answers with check.ts.
 *
 * Not modelled: scoring across questions, saving answers.
 */
import { h, type ChildInput, type VNode } from '../figures/vnode';
import { localize, type ViewLang } from '../figures/lang';
import { isMultiple, keyText, type Question } from './check';
import { quizStrings } from './strings';

/** Splits `a \`b\` c` into text and <code> parts. */
export function inlineCode(text: string): ChildInput[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part)).filter((p) => p !== '');
}

export interface QuizViewOptions {
  lang?: ViewLang;
  title?: string;
  idPrefix?: string;
}

function questionNode(q: Question, n: number, total: number, lang: ViewLang, prefix: string): VNode {
  const t = quizStrings(lang);
  const qid = `${prefix}-${q.id}`;
  const legend = h('legend', {}, total > 1 ? h('span', { class: 'qz-num' }, `${n}. `) : null, inlineCode(localize(q.prompt, lang)));
  const body: ChildInput[] = [];
  if (q.kind === 'choice') {
    const multi = isMultiple(q);
    if (multi) body.push(h('p', { class: 'qz-note', id: `${qid}-note` }, t.selectAll));
    body.push(
      h(
        'div',
        { class: 'qz-options' },
        q.options.map((o) =>
          h(
            'label',
            { class: 'qz-opt' },
            h('input', { type: multi ? 'checkbox' : 'radio', name: qid, value: o.id }),
            ' ',
            h('span', {}, inlineCode(localize(o.text, lang))),
          ),
        ),
      ),
    );
  } else {
    body.push(
      h(
        'div',
        { class: 'qz-blank' },
        h('label', { for: `${qid}-input` }, t.yourAnswer),
        h('input', { type: 'text', id: `${qid}-input`, name: qid, autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', class: 'qz-input' }),
      ),
    );
  }
  const explain = q.explain ? localize(q.explain, lang) : '';
  return h(
    'form',
    { class: 'qz-q', 'data-qid': q.id, novalidate: true },
    h(
      'fieldset',
      {},
      legend,
      body,
      h('div', { class: 'qz-actions' }, h('button', { type: 'submit', class: 'qz-check' }, t.check), h('p', { class: 'qz-feedback', role: 'status' })),
      h(
        'details',
        { class: 'qz-answer' },
        h('summary', {}, t.showAnswer),
        h('p', {}, h('strong', {}, t.answerIs), ' ', inlineCode(keyText(q, lang)), explain ? [' — ', inlineCode(explain)] : null),
      ),
    ),
  );
}

export function quizTree(questions: readonly Question[], opts: QuizViewOptions = {}): VNode {
  const lang = opts.lang ?? 'en';
  const prefix = opts.idPrefix ?? 'qz';
  return h(
    'quiz-view',
    {
      class: 'qz not-content',
      'data-lang': lang,
      'data-questions': JSON.stringify(questions),
    },
    opts.title ? h('p', { class: 'qz-title' }, opts.title) : null,
    questions.map((q, i) => questionNode(q, i + 1, questions.length, lang, prefix)),
  );
}
