// Vite plugin: turn monaco-editor's internal CSS imports into JS modules that inject a <style> element
// when the (lazily loaded) editor chunk runs. Without it Astro links monaco's CSS as a render-blocking
// stylesheet on every docs page, because CSS reachable from a page script (even via dynamic import) is
// attached to the page. Dev mode is unaffected.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const PREFIX = '\0monaco-lazy-css:';

export default function monacoLazyCss() {
  return {
    name: 'monaco-lazy-css',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.endsWith('.css') || !importer.includes('/node_modules/monaco-editor/')) return null;
      const r = await this.resolve(source, importer, { skipSelf: true });
      return r ? PREFIX + r.id + '.js' : null; // '.js' suffix so Vite's CSS pipeline leaves it alone
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      let css = readFileSync(file, 'utf8');
      const imports = [];
      // relative url(...) references (codicon.ttf) become asset imports
      css = css.replace(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g, (_m, _q, rel) => {
        const name = `__asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(resolve(dirname(file), rel) + '?url')};`);
        return `url("\${${name}}")`;
      });
      const body = css.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{(?!__asset)/g, '\\${');
      return `${imports.join('\n')}
const css = \`${body}\`;
if (typeof document !== 'undefined') { const s = document.createElement('style'); s.dataset.monacoCss = ''; s.textContent = css; document.head.appendChild(s); }
export default css;`;
    },
  };
}
