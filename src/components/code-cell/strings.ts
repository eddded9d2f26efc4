// The code cell's own words, per page language. CodeCell.astro picks a set at build time and hands it to the
// custom element as JSON, so the element ships no dictionary. {name} placeholders are filled in by `fill`.
//
// Not modelled: plural forms (no message here needs them).

export interface CellStrings {
  run: string;
  reset: string;
  editLabel: string;
  editorLabel: string;
  hint: string;
  loadingEditor: string;
  editorFailed: string;
  running: string;
  done: string;
  failed: string;
  notRun: string;
  timedOut: string;
  restored: string;
  restoredReset: string;
  resetDone: string;
  output: string;
  noOutput: string;
  errorAt: string;
  error: string;
  syntaxErrorAt: string;
  syntaxError: string;
  truncated: string;
}

const en: CellStrings = {
  run: 'Run',
  reset: 'Reset',
  editLabel: 'Code cell: click or focus to edit',
  editorLabel: 'Code editor',
  hint: 'Ctrl+Enter runs (⌘+Enter on a Mac) · in the editor, Esc then Tab moves on',
  loadingEditor: 'Loading the editor…',
  editorFailed: 'The editor could not load; Run still runs the code shown.',
  running: 'Running…',
  done: 'Done in {ms} ms',
  failed: 'Stopped with an error after {ms} ms',
  notRun: 'Not run: the code has a syntax error',
  timedOut: 'Stopped: exceeded {limit} ms',
  restored: 'Restored your edits',
  restoredReset: 'reset',
  resetDone: 'Back to the starting code',
  output: 'Output',
  noOutput: '(no output)',
  errorAt: 'line {line}: {message}',
  error: 'Error: {message}',
  syntaxErrorAt: 'line {line}: syntax error: {message}',
  syntaxError: 'Syntax error: {message}',
  truncated: 'Output truncated at {lines} lines / {kb} KB ({dropped} more lines not shown).',
};

const zhTW: CellStrings = {
  run: '執行',
  reset: '重設',
  editLabel: '程式碼格：點一下或移到這裡即可編輯',
  editorLabel: '程式碼編輯器',
  hint: 'Ctrl+Enter 執行（Mac 上為 ⌘+Enter）· 在編輯器裡先按 Esc 再按 Tab 即可離開',
  loadingEditor: '正在載入編輯器…',
  editorFailed: '編輯器無法載入；按「執行」仍會執行目前顯示的程式碼。',
  running: '執行中…',
  done: '完成，耗時 {ms} 毫秒',
  failed: '發生錯誤而停止，耗時 {ms} 毫秒',
  notRun: '沒有執行：程式碼有語法錯誤',
  timedOut: '已停止：超過 {limit} 毫秒',
  restored: '已還原你的修改',
  restoredReset: '重設',
  resetDone: '已回到初始程式碼',
  output: '輸出',
  noOutput: '（沒有輸出）',
  errorAt: '第 {line} 行：{message}',
  error: '錯誤：{message}',
  syntaxErrorAt: '第 {line} 行：語法錯誤：{message}',
  syntaxError: '語法錯誤：{message}',
  truncated: '輸出已截斷於 {lines} 行／{kb} KB（另有 {dropped} 行未顯示）。',
};

export function cellStrings(lang: string): CellStrings {
  return lang.toLowerCase().startsWith('zh') ? zhTW : en;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
