import { uiLanguage } from '@/lib/i18n';

/** Screen readers pick their voice from <html lang>: keep it in step with the UI language. */
export function localizeDocument(): void {
  document.documentElement.lang = uiLanguage();
}
