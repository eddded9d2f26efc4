/**
 * The terminal's own words in English and Traditional Chinese.
 *
 * Not modelled: plural forms.
 */
import type { ViewLang } from '../figures/lang';

export interface TerminalStrings {
  runOn: string;
  clear: string;
  output: string;
  command: (target: string) => string;
  hint: string;
  notConnected: string;
  failed: (msg: string) => string;
  exitCode: (code: number) => string;
}

const en: TerminalStrings = {
  runOn: 'Run on',
  clear: 'Clear',
  output: 'Terminal output',
  command: (target) => `Command on ${target}`,
  hint: '↑/↓ history · Ctrl+L clears · try ip route, iptables-save -t nat, conntrack -L, curl, kubectl get pods -o wide',
  notConnected: 'This terminal is not connected to a cluster yet: run the code first.',
  failed: (msg) => `The terminal could not run the command: ${msg}`,
  exitCode: (code) => `(exit code ${code})`,
};

const zh: TerminalStrings = {
  runOn: '執行於',
  clear: '清除',
  output: '終端機輸出',
  command: (target) => `在 ${target} 執行的指令`,
  hint: '↑/↓ 歷史指令 · Ctrl+L 清除畫面 · 試試 ip route、iptables-save -t nat、conntrack -L、curl、kubectl get pods -o wide',
  notConnected: '這個終端機還沒有連上叢集：請先執行程式碼。',
  failed: (msg) => `終端機無法執行這個指令：${msg}`,
  exitCode: (code) => `（結束代碼 ${code}）`,
};

export function terminalStrings(lang: ViewLang): TerminalStrings {
  return lang === 'zh-tw' ? zh : en;
}
