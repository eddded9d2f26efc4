/**
 * The two languages of the views, and how a page's language tag maps onto them. Starlight gives 'en' or
 * 'zh-TW'; the simulator's explain() and the views use 'en' | 'zh-tw'.
 *
 * Not modelled: other languages (everything falls back to English).
 */

export type ViewLang = 'en' | 'zh-tw';

export function viewLang(tag: string | undefined | null): ViewLang {
  return tag && tag.toLowerCase().startsWith('zh') ? 'zh-tw' : 'en';
}

/** Text given either once for both languages or per language. */
export type Localized = string | { readonly en: string; readonly 'zh-tw': string };

export function localize(text: Localized, lang: ViewLang): string {
  return typeof text === 'string' ? text : text[lang];
}

/**
 * The page language inside an Astro component: Starlight's route data when there is one, else English.
 * Takes `Astro.locals` so this module stays free of Astro types.
 */
export function pageLangOf(locals: unknown): ViewLang {
  try {
    const route = (locals as { starlightRoute?: { lang?: string } }).starlightRoute;
    return viewLang(route?.lang);
  } catch {
    return 'en'; // starlightRoute throws when read outside a Starlight page
  }
}
