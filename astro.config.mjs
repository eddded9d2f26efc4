// @ts-check
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import monacoLazyCss from './scripts/vite-monaco-lazy-css.mjs';
import { learnerDtsPlugin } from './scripts/gen-learner-dts.mjs';

// SITE_URL: canonical site URL (sitemap, canonical links). BASE_PATH: sub-path to serve from, e.g. /k8s-labs/.
const site = process.env.SITE_URL ?? 'https://example.invalid';
const base = process.env.BASE_PATH ?? '/';

// The 'Chapters' group appears once src/content/docs/chapters/ has pages (an empty group renders as a bare heading).
const chaptersDir = new URL('./src/content/docs/chapters/', import.meta.url);
const hasChapters = existsSync(chaptersDir) && readdirSync(chaptersDir, { recursive: true }).some((f) => /\.mdx?$/.test(String(f)));

export default defineConfig({
  site,
  base,
  // Every page is a directory index; links always end in '/', so relative links in content resolve the same
  // under any BASE_PATH.
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: { en: 'K8s Networking Labs', 'zh-TW': '實作 Kubernetes 網路' },
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-tw': { label: '繁體中文', lang: 'zh-TW' },
      },
      // Starlight >= 0.39: autogenerate must sit inside a group's items.
      sidebar: [
        {
          label: 'Start here',
          translations: { 'zh-TW': '從這裡開始' },
          items: [{ autogenerate: { directory: 'guides' } }],
        },
        ...(hasChapters
          ? [{ label: 'Chapters', translations: { 'zh-TW': '章節' }, items: [{ autogenerate: { directory: 'chapters' } }] }]
          : []),
        { label: 'Reference', translations: { 'zh-TW': '參考資料' }, items: [{ autogenerate: { directory: 'reference' } }] },
      ],
    }),
  ],
  vite: {
    plugins: [monacoLazyCss(), learnerDtsPlugin()], // learnerDtsPlugin: 'k8snet' types for the editor, built from src/sim/api
    build: { chunkSizeWarningLimit: 8000 }, // monaco chunks + TS worker are multi-MB by nature (all lazy)
    worker: { format: 'es' }, // monaco's ts.worker and the code runner are ES module workers
    // dev only: pre-bundle CJS deps used by lazily loaded code and workers, so the first Run in `astro dev`
    // doesn't trigger a dependency re-optimization.
    optimizeDeps: { include: ['ip-num', 'sucrase', 'yaml'] },
  },
});
