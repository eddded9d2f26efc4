/**
 * The quiz's own words in English and Traditional Chinese: buttons, instructions and feedback.
 *
 * Not modelled: plural forms.
 */
import type { ViewLang } from '../figures/lang';

export interface QuizStrings {
  check: string;
  yourAnswer: string;
  selectAll: string;
  showAnswer: string;
  answerIs: string;
  correct: string;
  wrong: string;
  partial: (missing: number, extra: number) => string;
  emptyChoice: string;
  emptyBlank: string;
}

const en: QuizStrings = {
  check: 'Check',
  yourAnswer: 'Your answer',
  selectAll: 'Select every answer that applies.',
  showAnswer: 'Show the answer',
  answerIs: 'Answer:',
  correct: 'Correct.',
  wrong: 'Not quite. Try again.',
  partial: (missing, extra) =>
    `Partly right: ${[missing ? `${missing} right ${missing === 1 ? 'answer is' : 'answers are'} missing` : '', extra ? `${extra} ${extra === 1 ? 'choice is' : 'choices are'} wrong` : ''].filter(Boolean).join(', ')}.`,
  emptyChoice: 'Choose an answer first.',
  emptyBlank: 'Type an answer first.',
};

const zh: QuizStrings = {
  check: '檢查',
  yourAnswer: '你的答案',
  selectAll: '請選出所有正確的答案。',
  showAnswer: '顯示答案',
  answerIs: '答案：',
  correct: '答對了。',
  wrong: '還不對，再試一次。',
  partial: (missing, extra) => `部分正確：${[missing ? `少選了 ${missing} 個正確答案` : '', extra ? `有 ${extra} 個選項不對` : ''].filter(Boolean).join('，')}。`,
  emptyChoice: '請先選擇答案。',
  emptyBlank: '請先輸入答案。',
};

export function quizStrings(lang: ViewLang): QuizStrings {
  return lang === 'zh-tw' ? zh : en;
}
