/**
 * <quiz-view>: checks answers in the browser (check.ts) and says so in the question's live feedback line, in
 * the page's language, with the question's explanation when right and its hint when wrong. The answer key is
 * part of the page (data-questions): these quizzes are for practice, not grading.
 *
 * The styles come with Quiz.astro (a stylesheet imported from a script would be linked on every page).
 *
 * Not modelled: remembering answers across visits.
 */
import { localize, viewLang } from '../figures/lang';
import { checkAnswer, type Question } from './check';
import { quizStrings } from './strings';

export class QuizViewElement extends HTMLElement {
  private wired = false;

  connectedCallback(): void {
    if (this.wired) return;
    this.wired = true;
    const lang = viewLang(this.dataset.lang);
    const t = quizStrings(lang);
    const questions = JSON.parse(this.dataset.questions ?? '[]') as Question[];
    for (const form of this.querySelectorAll<HTMLFormElement>('form.qz-q')) {
      const q = questions.find((x) => x.id === form.dataset.qid);
      if (!q) continue;
      const feedback = form.querySelector<HTMLElement>('.qz-feedback')!;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const answer =
          q.kind === 'choice'
            ? [...form.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value)
            : form.querySelector<HTMLInputElement>('input[type="text"]')!.value;
        const r = checkAnswer(q, answer);
        let text: string;
        if (r.correct) text = `${t.correct}${q.explain ? ` ${localize(q.explain, lang)}` : ''}`;
        else if (r.reason === 'empty') text = q.kind === 'choice' ? t.emptyChoice : t.emptyBlank;
        else if (r.reason === 'partial') text = t.partial(r.missing, r.extra);
        else text = `${t.wrong}${q.hint ? ` ${localize(q.hint, lang)}` : ''}`;
        feedback.textContent = text;
        feedback.classList.toggle('qz-ok', r.correct);
        feedback.classList.toggle('qz-bad', !r.correct);
        form.dataset.result = r.correct ? 'correct' : r.reason;
        const input = form.querySelector<HTMLInputElement>('input[type="text"]');
        if (input) input.setAttribute('aria-invalid', String(!r.correct && r.reason !== 'empty'));
      });
      // A changed answer makes the old verdict stale.
      form.addEventListener('input', () => {
        if (!form.dataset.result) return;
        delete form.dataset.result;
        feedback.textContent = '';
        feedback.classList.remove('qz-ok', 'qz-bad');
        form.querySelector('input[type="text"]')?.removeAttribute('aria-invalid');
      });
    }
  }
}

if (!customElements.get('quiz-view')) customElements.define('quiz-view', QuizViewElement);
