// Monaco for code cells, loaded only when a learner first clicks or focuses a cell (element.ts imports this file
// dynamically). Slim entry points: the core editor, its standard features, and TypeScript only. Monaco's CSS is
// turned into JS that injects a <style> by scripts/vite-monaco-lazy-css.mjs, so no page links it up front.
//
// The TypeScript worker gives diagnostics and autocompletion; it does not run code (src/lab does, with sucrase).
// Declarations for 'k8snet' come from src/lab/learner-dts.ts (generated from src/sim/api at build time), so
// they load with this chunk, never with the page.
//
// Keyboard: Monaco keeps Tab for indentation. Its own escape hatch is Ctrl+M (Ctrl+Shift+M on a Mac), which
// toggles "Tab moves focus". We add a gentler one: Esc, then Tab (or Shift+Tab) leaves the editor. Esc turns
// tab-focus mode on until the next other key or until the editor loses focus.
//
// Not modelled: several languages, per-cell compiler options.

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import {
  typescriptDefaults,
  ScriptTarget,
  ModuleKind,
  ModuleResolutionKind,
} from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { learnerDts } from '../../lab/learner-dts';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

typescriptDefaults.setCompilerOptions({
  target: ScriptTarget.ESNext,
  module: ModuleKind.ESNext,
  moduleResolution: ModuleResolutionKind.NodeJs,
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  // Cells run in a worker: no DOM types, so `document` is flagged while typing, as it fails when run.
  lib: ['esnext', 'webworker'],
});
// The text is ambient `declare module` blocks (a script, not a module): the name it is added under is free.
typescriptDefaults.addExtraLib(learnerDts, 'file:///k8snet.d.ts');

function isDark(): boolean {
  return document.documentElement.dataset.theme !== 'light';
}

// Starlight switches themes by setting data-theme on <html>; Monaco's theme is global.
new MutationObserver(() => monaco.editor.setTheme(isDark() ? 'vs-dark' : 'vs')).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['data-theme'],
});

export interface EditorHandle {
  getValue(): string;
  /** Replaces the whole text as one undoable edit (Ctrl+Z brings the learner's code back). */
  replaceAll(code: string): void;
  focus(): void;
  onChange(listener: (code: string) => void): void;
  dispose(): void;
}

export interface EditorOptions {
  code: string;
  lang: 'ts' | 'js';
  ariaLabel: string;
  /** Ctrl/Cmd+Enter inside the editor. */
  onRun: () => void;
  /** Called when the editor's content height changes, so the host can grow with the code. */
  minLines?: number;
  maxLines?: number;
}

let count = 0;

export function createEditor(host: HTMLElement, opts: EditorOptions): EditorHandle {
  const ext = opts.lang === 'js' ? 'js' : 'ts';
  const uri = monaco.Uri.parse(`file:///cell-${++count}.${ext}`);
  const model = monaco.editor.createModel(opts.code, opts.lang === 'js' ? 'javascript' : 'typescript', uri);
  const fontFamily = getComputedStyle(host).fontFamily || undefined; // Starlight's monospace stack (see CodeCell.astro)
  host.replaceChildren();
  const editor = monaco.editor.create(host, {
    model,
    theme: isDark() ? 'vs-dark' : 'vs',
    ariaLabel: opts.ariaLabel,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    scrollBeyondLastColumn: 0, // no horizontal scrollbar for code that fits
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    fontSize: 14,
    ...(fontFamily ? { fontFamily } : {}),
    lineNumbersMinChars: 3,
    tabSize: 2,
    renderLineHighlight: 'line',
    scrollbar: { alwaysConsumeMouseWheel: false },
    fixedOverflowWidgets: true,
    padding: { top: 8, bottom: 8 },
  });

  const lineHeight = editor.getOption(monaco.editor.EditorOption.lineHeight);
  const minH = (opts.minLines ?? 4) * lineHeight + 16;
  const maxH = (opts.maxLines ?? 30) * lineHeight + 16;
  const fit = () => {
    host.style.height = `${Math.min(maxH, Math.max(minH, editor.getContentHeight()))}px`;
  };
  editor.onDidContentSizeChange(fit);
  fit();

  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => opts.onRun());

  // Esc, then Tab leaves the editor (see the top of the file).
  let leaving = false;
  const setLeaving = (on: boolean) => {
    if (leaving !== on) {
      leaving = on;
      editor.updateOptions({ tabFocusMode: on });
    }
  };
  editor.onKeyDown((e) => {
    if (e.keyCode === monaco.KeyCode.Escape) setLeaving(true);
    else if (e.keyCode !== monaco.KeyCode.Tab && e.keyCode !== monaco.KeyCode.Shift) setLeaving(false);
  });
  editor.onDidBlurEditorText(() => setLeaving(false));

  return {
    getValue: () => model.getValue(),
    replaceAll(code) {
      editor.pushUndoStop();
      editor.executeEdits('reset', [{ range: model.getFullModelRange(), text: code }]);
      editor.pushUndoStop();
      editor.setPosition({ lineNumber: 1, column: 1 });
    },
    focus: () => editor.focus(),
    onChange(listener) {
      model.onDidChangeContent(() => listener(model.getValue()));
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
