// The lab's own words (Lab.astro, lab/element.ts) and the progress page's (progress/element.ts), per page language.
// Lab.astro picks a set at build time and hands it to the element as JSON. {name} placeholders are filled by
// `fill` from the code cell's strings.
//
// Not modelled: plural forms beyond the one-or-many split in `checksSummary` (zh-tw has none).

export type PageLang = 'en' | 'zh-tw';

export function pageLang(lang: string | undefined): PageLang {
  return (lang ?? '').toLowerCase().startsWith('zh') ? 'zh-tw' : 'en';
}

export interface LabStrings {
  lab: string;
  kinds: Record<'build' | 'predict' | 'fix' | 'explore', string>;
  completed: string;
  completedOn: string;
  notCompleted: string;
  instructions: string;
  check: string;
  checking: string;
  checkStatus: string;
  copyLink: string;
  linkCopied: string;
  linkCopyFallback: string;
  linkTooLong: string;
  results: string;
  resultsEmpty: string;
  allPass: string;
  somePass: string;
  passLabel: string;
  failLabel: string;
  expected: string;
  found: string;
  notRun: string;
  notRunSyntax: string;
  notRunError: string;
  notRunTimeout: string;
  checksTimeout: string;
  notRunInternal: string;
  lastTrace: string;
  traceFrom: string;
  verdictLine: string;
  sourceSeen: string;
  dnat: string;
  deliveredTo: string;
  path: string;
  explanation: string;
  traceTable: string;
  terminal: string;
  traceCount: string;
  noCluster: string;
  hints: string;
  showHint: string;
  hintLabel: string;
  noMoreHints: string;
  solution: string;
  showSolution: string;
  confirmTitle: string;
  confirmBody: string;
  confirmYes: string;
  confirmNo: string;
  useSolution: string;
  solutionInEditor: string;
  sharedNotice: string;
  sharedBad: string;
  sharedUnsupported: string;
  backToMine: string;
  storeNotice: string;
  storeNoticeLink: string;
  storeUnsaved: string;
  dismiss: string;
  progressLink: string;
}

const en: LabStrings = {
  lab: 'Lab',
  kinds: { build: 'Build', predict: 'Predict', fix: 'Fix', explore: 'Explore' },
  completed: 'Completed',
  completedOn: 'Completed on {date}',
  notCompleted: 'Not completed yet',
  instructions: 'Task',
  check: 'Check',
  checking: 'Checking…',
  checkStatus: 'Checks: {passed} of {total} pass',
  copyLink: 'Copy link',
  linkCopied: 'Link copied: it opens this lab with your code.',
  linkCopyFallback: 'Copy this link:',
  linkTooLong: 'The code is too long to share in a link.',
  results: 'Check results',
  resultsEmpty: 'Press Check to see which checks pass.',
  allPass: 'All {total} checks pass. Lab complete!',
  somePass: '{passed} of {total} checks pass.',
  passLabel: 'Passed',
  failLabel: 'Failed',
  expected: 'Expected',
  found: 'Found',
  notRun: 'The checks did not run: {why}',
  notRunSyntax: 'the code has a syntax error (line {line}). Fix it and press Check again.',
  notRunError: 'the code stopped with an error{at}. Fix it and press Check again.',
  notRunTimeout: 'the code ran longer than {limit} ms and was stopped.',
  checksTimeout: 'the checks ran longer than {limit} ms and were stopped.',
  notRunInternal: 'the sandbox failed ({message}). Reload the page and try again.',
  lastTrace: 'Last trace',
  traceFrom: '{from} → {to} ({protocol})',
  verdictLine: 'Verdict: {verdict}',
  sourceSeen: 'source seen',
  dnat: 'DNAT to',
  deliveredTo: 'delivered to',
  path: 'Path',
  explanation: 'Hop by hop',
  traceTable: 'Trace table: every hop and decision',
  terminal: 'Terminal into this run’s cluster',
  traceCount: 'trace {n} of {total}',
  noCluster: 'The code exports no cluster: end it with `export default c` to see its last trace here.',
  hints: 'Hints',
  showHint: 'Show hint {n} of {total}',
  hintLabel: 'Hint {n}',
  noMoreHints: 'That was the last hint.',
  solution: 'Solution',
  showSolution: 'Show solution',
  confirmTitle: 'Show the solution?',
  confirmBody: 'Trying it yourself first teaches more; the hints get you most of the way. Your own code stays as it is.',
  confirmYes: 'Show the solution',
  confirmNo: 'Keep trying',
  useSolution: 'Put the solution in the editor',
  solutionInEditor: 'The solution is in the editor. Your saved code is kept until you edit or run.',
  sharedNotice: 'Code from a shared link — it runs only when you press Run. Your saved code is kept until you edit or run this code.',
  sharedBad: 'This link’s code could not be read; the lab shows your own code.',
  sharedUnsupported: 'This browser cannot read compressed links; the lab shows your own code.',
  backToMine: 'Back to my code',
  storeNotice: 'Some saved progress could not be read. A copy was kept; nothing else changed.',
  storeNoticeLink: 'Details on the progress page',
  storeUnsaved: 'Progress cannot be saved in this browser (storage is full or turned off).',
  dismiss: 'Dismiss',
  progressLink: 'Your progress',
};

const zhTW: LabStrings = {
  lab: '實驗',
  kinds: { build: '動手做', predict: '預測', fix: '修復', explore: '探索' },
  completed: '已完成',
  completedOn: '完成於 {date}',
  notCompleted: '尚未完成',
  instructions: '任務',
  check: '檢查',
  checking: '檢查中…',
  checkStatus: '檢查：{total} 項中通過 {passed} 項',
  copyLink: '複製連結',
  linkCopied: '已複製連結：打開它會看到這個實驗和你的程式碼。',
  linkCopyFallback: '請複製這個連結：',
  linkTooLong: '程式碼太長，無法放進連結分享。',
  results: '檢查結果',
  resultsEmpty: '按下「檢查」看看哪些檢查通過。',
  allPass: '{total} 項檢查全部通過。實驗完成！',
  somePass: '{total} 項檢查中通過 {passed} 項。',
  passLabel: '通過',
  failLabel: '未通過',
  expected: '預期',
  found: '實際',
  notRun: '檢查沒有執行：{why}',
  notRunSyntax: '程式碼有語法錯誤（第 {line} 行）。修正後再按一次「檢查」。',
  notRunError: '程式碼因錯誤而停止{at}。修正後再按一次「檢查」。',
  notRunTimeout: '程式碼執行超過 {limit} 毫秒，已被停止。',
  checksTimeout: '檢查執行超過 {limit} 毫秒，已被停止。',
  notRunInternal: '沙箱出錯（{message}）。請重新載入頁面再試一次。',
  lastTrace: '最後一次 trace',
  traceFrom: '{from} → {to}（{protocol}）',
  verdictLine: '結果：{verdict}',
  sourceSeen: '看到的來源',
  dnat: 'DNAT 到',
  deliveredTo: '送達',
  path: '路徑',
  explanation: '逐跳說明',
  traceTable: 'Trace 表：每一跳與每個決定',
  terminal: '連到這次執行的叢集的終端機',
  traceCount: '第 {n} 個 trace，共 {total} 個',
  noCluster: '程式碼沒有匯出叢集：在最後寫上 `export default c`，這裡就會顯示最後一次 trace。',
  hints: '提示',
  showHint: '顯示提示 {n}／{total}',
  hintLabel: '提示 {n}',
  noMoreHints: '這是最後一個提示。',
  solution: '解答',
  showSolution: '顯示解答',
  confirmTitle: '要顯示解答嗎？',
  confirmBody: '先自己試試看學得更多；提示能帶你走完大部分的路。你自己的程式碼不會被更動。',
  confirmYes: '顯示解答',
  confirmNo: '繼續嘗試',
  useSolution: '把解答放進編輯器',
  solutionInEditor: '解答已放進編輯器。在你修改或執行之前，你保存的程式碼都不會被覆蓋。',
  sharedNotice: '這是分享連結裡的程式碼——只有在你按下「執行」時才會執行。在你修改或執行這段程式碼之前，你保存的程式碼都不會被覆蓋。',
  sharedBad: '無法讀取這個連結裡的程式碼；實驗顯示的是你自己的程式碼。',
  sharedUnsupported: '這個瀏覽器無法讀取壓縮過的連結；實驗顯示的是你自己的程式碼。',
  backToMine: '回到我的程式碼',
  storeNotice: '有些保存的進度無法讀取。已經保留一份副本，其他資料都沒有變動。',
  storeNoticeLink: '詳情請看進度頁',
  storeUnsaved: '這個瀏覽器無法保存進度（儲存空間已滿或被關閉）。',
  dismiss: '關閉',
  progressLink: '你的進度',
};

export function labStrings(lang: PageLang): LabStrings {
  return lang === 'zh-tw' ? zhTW : en;
}

export interface ProgressStrings {
  loading: string;
  noLabs: string;
  chapter: string;
  labsDone: string;
  done: string;
  notDone: string;
  inProgress: string;
  summary: string;
  exportButton: string;
  importButton: string;
  resetButton: string;
  importTitle: string;
  importBody: string;
  importMerge: string;
  importReplace: string;
  cancel: string;
  imported: string;
  importNotJson: string;
  importNotProgress: string;
  importNewer: string;
  importInvalid: string;
  importFailed: string;
  resetTitle: string;
  resetBody: string;
  resetYes: string;
  resetDone: string;
  exported: string;
  backups: string;
  backupsIntro: string;
  download: string;
  delete: string;
  notices: Record<'corrupted' | 'newer-version' | 'bad-entries' | 'legacy-unreadable', string>;
  noBackupNotice: string;
  storeUnsaved: string;
  dismiss: string;
  hintsUsed: string;
  solutionSeen: string;
}

const progressEn: ProgressStrings = {
  loading: 'Reading your progress…',
  noLabs: 'No labs yet.',
  chapter: 'Chapter: {chapter}',
  labsDone: '{done} of {total} labs complete',
  done: 'Complete',
  notDone: 'Not started',
  inProgress: 'Started',
  summary: '{done} of {total} labs complete.',
  exportButton: 'Export progress',
  importButton: 'Import progress…',
  resetButton: 'Reset progress…',
  importTitle: 'Import progress',
  importBody: 'The file has {count} saved labs and cells ({completed} complete). Merge keeps your progress here and adds the file’s; Replace keeps only the file’s.',
  importMerge: 'Merge',
  importReplace: 'Replace',
  cancel: 'Cancel',
  imported: 'Progress imported.',
  importNotJson: 'That file is not JSON: nothing was imported.',
  importNotProgress: 'That file is not a progress export from this site: nothing was imported.',
  importNewer: 'That file comes from a newer version of this site (format {detail}): nothing was imported.',
  importInvalid: 'That file has a damaged entry ({detail}): nothing was imported.',
  importFailed: 'The progress could not be saved (storage is full or turned off).',
  resetTitle: 'Reset all progress?',
  resetBody: 'This forgets your code, hints and completed labs in this browser. Export first if you may want them back.',
  resetYes: 'Reset everything',
  resetDone: 'All progress was reset.',
  exported: 'Progress exported as {file}.',
  backups: 'Copies of unreadable data',
  backupsIntro: 'Data the site could not read was kept here instead of being thrown away.',
  download: 'Download',
  delete: 'Delete',
  notices: {
    corrupted: 'Your saved progress could not be read, so the site started afresh. The unreadable data was kept as a copy.',
    'newer-version': 'Your saved progress was written by a newer version of this site. It was kept as a copy; this page started afresh.',
    'bad-entries': 'Some saved entries could not be read ({detail}). They were kept as a copy; everything else is as it was.',
    'legacy-unreadable': 'An older saved edit could not be read ({detail}). It was kept as a copy.',
  },
  noBackupNotice: 'The copy could not be stored (storage is full), so the unreadable data was left untouched and nothing is saved until there is room.',
  storeUnsaved: 'Progress cannot be saved in this browser (storage is full or turned off).',
  dismiss: 'Dismiss',
  hintsUsed: 'hints shown: {n}',
  solutionSeen: 'solution shown',
};

const progressZh: ProgressStrings = {
  loading: '正在讀取你的進度…',
  noLabs: '還沒有實驗。',
  chapter: '章節：{chapter}',
  labsDone: '{total} 個實驗中完成 {done} 個',
  done: '已完成',
  notDone: '尚未開始',
  inProgress: '進行中',
  summary: '{total} 個實驗中完成 {done} 個。',
  exportButton: '匯出進度',
  importButton: '匯入進度…',
  resetButton: '重設進度…',
  importTitle: '匯入進度',
  importBody: '這個檔案有 {count} 筆保存的實驗與程式碼格（{completed} 個已完成）。「合併」會保留這裡的進度再加上檔案的；「取代」只保留檔案的。',
  importMerge: '合併',
  importReplace: '取代',
  cancel: '取消',
  imported: '已匯入進度。',
  importNotJson: '這個檔案不是 JSON：沒有匯入任何東西。',
  importNotProgress: '這個檔案不是本站匯出的進度：沒有匯入任何東西。',
  importNewer: '這個檔案來自本站較新的版本（格式 {detail}）：沒有匯入任何東西。',
  importInvalid: '這個檔案有一筆損壞的資料（{detail}）：沒有匯入任何東西。',
  importFailed: '無法保存進度（儲存空間已滿或被關閉）。',
  resetTitle: '要重設所有進度嗎？',
  resetBody: '這會清除這個瀏覽器裡你的程式碼、提示和已完成的實驗。如果之後可能還想要，請先匯出。',
  resetYes: '全部重設',
  resetDone: '已重設所有進度。',
  exported: '已匯出進度：{file}。',
  backups: '無法讀取的資料副本',
  backupsIntro: '網站讀不懂的資料保留在這裡，沒有被丟掉。',
  download: '下載',
  delete: '刪除',
  notices: {
    corrupted: '無法讀取你保存的進度，所以網站重新開始。讀不懂的資料已保留一份副本。',
    'newer-version': '你保存的進度是由本站較新的版本寫入的。已保留一份副本；這個頁面重新開始。',
    'bad-entries': '有些保存的資料無法讀取（{detail}）。已保留一份副本；其他資料都維持原樣。',
    'legacy-unreadable': '有一筆較舊的程式碼修改無法讀取（{detail}）。已保留一份副本。',
  },
  noBackupNotice: '無法保存副本（儲存空間已滿），所以讀不懂的資料原封不動，在有空間之前不會保存任何東西。',
  storeUnsaved: '這個瀏覽器無法保存進度（儲存空間已滿或被關閉）。',
  dismiss: '關閉',
  hintsUsed: '看過 {n} 個提示',
  solutionSeen: '看過解答',
};

export function progressStrings(lang: PageLang): ProgressStrings {
  return lang === 'zh-tw' ? progressZh : progressEn;
}
