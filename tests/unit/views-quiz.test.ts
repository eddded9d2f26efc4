// Quiz answer checking (choice with one or several answers, fill in the blank with accepted answers and an
// optional whole-answer pattern), question validation, and the demo page's quizzes: every question's own key
// must be accepted by the same logic the page uses.
import { describe, expect, it } from 'vitest';
import { checkAnswer, keyOf, keyText, normalize, validateQuestion, type BlankQuestion, type ChoiceQuestion, type Question } from '../../src/components/quiz/check';
import { quizTree } from '../../src/components/quiz/view';
import { DEMO_QUESTIONS } from '../../src/components/quiz/demo-questions';
import { findAll, textOf, toHtml } from '../../src/components/figures/vnode';

const single: ChoiceQuestion = {
  kind: 'choice',
  id: 'hook',
  prompt: 'Where is a ClusterIP DNATed?',
  options: [
    { id: 'pre', text: '`PREROUTING`' },
    { id: 'post', text: '`POSTROUTING`' },
    { id: 'in', text: '`INPUT`' },
  ],
  answer: ['pre'],
};
const multi: ChoiceQuestion = { ...single, id: 'devs', answer: ['pre', 'post'] };
const blank: BlankQuestion = { kind: 'blank', id: 'port', prompt: 'VXLAN port?', accept: ['8472', 'udp 8472'], pattern: 'udp\\s*/\\s*8472' };

describe('checkAnswer', () => {
  it('single choice: right, wrong, nothing chosen', () => {
    expect(checkAnswer(single, 'pre')).toEqual({ correct: true });
    expect(checkAnswer(single, ['pre'])).toEqual({ correct: true });
    expect(checkAnswer(single, 'post')).toEqual({ correct: false, reason: 'wrong' });
    expect(checkAnswer(single, [])).toEqual({ correct: false, reason: 'empty' });
    expect(checkAnswer(single, '')).toEqual({ correct: false, reason: 'empty' });
  });

  it('multiple answers: only the exact set is right; partly right says what is missing or extra', () => {
    expect(checkAnswer(multi, ['post', 'pre'])).toEqual({ correct: true });
    expect(checkAnswer(multi, ['pre'])).toEqual({ correct: false, reason: 'partial', missing: 1, extra: 0 });
    expect(checkAnswer(multi, ['pre', 'post', 'in'])).toEqual({ correct: false, reason: 'partial', missing: 0, extra: 1 });
    expect(checkAnswer(multi, ['in'])).toEqual({ correct: false, reason: 'wrong' });
  });

  it('fill in the blank: trimmed, inner spaces collapsed, case-insensitive by default', () => {
    expect(checkAnswer(blank, '  8472 ')).toEqual({ correct: true });
    expect(checkAnswer(blank, 'UDP   8472')).toEqual({ correct: true });
    expect(checkAnswer(blank, '4789')).toEqual({ correct: false, reason: 'wrong' });
    expect(checkAnswer(blank, '   ')).toEqual({ correct: false, reason: 'empty' });
    const cs: BlankQuestion = { ...blank, accept: ['KUBE-SERVICES'], pattern: undefined, caseSensitive: true };
    expect(checkAnswer(cs, 'KUBE-SERVICES')).toEqual({ correct: true });
    expect(checkAnswer(cs, 'kube-services')).toEqual({ correct: false, reason: 'wrong' });
  });

  it('a pattern must match the whole answer', () => {
    expect(checkAnswer(blank, 'udp/8472')).toEqual({ correct: true });
    expect(checkAnswer(blank, 'UDP / 8472')).toEqual({ correct: true });
    expect(checkAnswer(blank, 'it is udp/8472')).toEqual({ correct: false, reason: 'wrong' });
    expect(checkAnswer(blank, 'udp/84720')).toEqual({ correct: false, reason: 'wrong' });
  });

  it('normalize', () => {
    expect(normalize('  A  b\tC ')).toBe('a b c');
    expect(normalize(' A  B ', true)).toBe('A B');
  });
});

describe('validateQuestion', () => {
  it('accepts sound questions and names the problem in broken ones', () => {
    expect(validateQuestion(single)).toEqual([]);
    expect(validateQuestion(blank)).toEqual([]);
    expect(validateQuestion({ ...single, answer: ['nope'] })).toEqual(['question "hook": answer "nope" is not an option id (pre, post, in)']);
    expect(validateQuestion({ ...single, options: [single.options[0]!, { id: 'pre', text: 'x' }] })).toContain('question "hook": option ids must be unique');
    expect(validateQuestion({ ...blank, accept: [] })).toContain('question "port": accept must list at least one answer');
    expect(validateQuestion({ ...blank, pattern: '(' })[0]).toMatch(/^question "port": pattern is not a valid regular expression/);
    expect(validateQuestion({ ...blank, id: '1x' })[0]).toMatch(/^question id "1x" must start with a letter/);
  });

  it('rejects a question whose own key its rules would not accept', () => {
    // An accepted answer that normalises to nothing can never be entered.
    expect(validateQuestion({ ...blank, accept: ['   '], pattern: undefined })).toEqual(['question "port": its own key is not accepted']);
  });
});

describe('the demo quizzes', () => {
  for (const lang of ['en', 'zh-tw'] as const) {
    it(`every question's own key is accepted (${lang})`, () => {
      for (const q of DEMO_QUESTIONS[lang]) {
        expect(validateQuestion(q)).toEqual([]);
        expect(checkAnswer(q, keyOf(q))).toEqual({ correct: true });
        if (q.kind === 'blank') for (const a of q.accept) expect(checkAnswer(q, a)).toEqual({ correct: true });
      }
    });
  }

  it('asks the same questions with the same keys in both languages', () => {
    const strip = (qs: Question[]) => qs.map((q) => (q.kind === 'choice' ? { id: q.id, options: q.options.map((o) => o.id), answer: q.answer } : { id: q.id, accept: q.accept, pattern: q.pattern }));
    expect(strip(DEMO_QUESTIONS['zh-tw'])).toEqual(strip(DEMO_QUESTIONS.en));
  });
});

describe('quizTree', () => {
  it('one form per question, a fieldset with a legend, radios for one answer and checkboxes for several', () => {
    const tree = quizTree([single, multi, blank], { lang: 'en', idPrefix: 'q' });
    const forms = findAll(tree, (n) => n.tag === 'form');
    expect(forms).toHaveLength(3);
    for (const f of forms) {
      expect(findAll(f, (n) => n.tag === 'fieldset')).toHaveLength(1);
      expect(findAll(f, (n) => n.tag === 'legend')).toHaveLength(1);
      expect(findAll(f, (n) => n.attrs.role === 'status')).toHaveLength(1);
    }
    expect(findAll(forms[0]!, (n) => n.tag === 'input').map((n) => n.attrs.type)).toEqual(['radio', 'radio', 'radio']);
    expect(findAll(forms[1]!, (n) => n.tag === 'input').map((n) => n.attrs.type)).toEqual(['checkbox', 'checkbox', 'checkbox']);
    const text = findAll(forms[2]!, (n) => n.tag === 'input')[0]!;
    expect(text.attrs.id).toBe('q-port-input');
    expect(findAll(forms[2]!, (n) => n.tag === 'label')[0]!.attrs.for).toBe('q-port-input');
    expect(toHtml(forms[0]!)).toContain('<code>PREROUTING</code>');
    expect(textOf(findAll(forms[1]!, (n) => n.attrs.class === 'qz-answer')[0]!)).toContain(keyText(multi, 'en').replaceAll('`', ''));
  });

  it('speaks the page language', () => {
    const tree = quizTree([single], { lang: 'zh-tw' });
    expect(findAll(tree, (n) => n.tag === 'button').map(textOf)).toEqual(['檢查']);
    expect(textOf(findAll(tree, (n) => n.tag === 'summary')[0]!)).toBe('顯示答案');
  });
});
