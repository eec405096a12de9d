import { messagesLanguage } from '@/lib/i18n';

/** Screen readers pick their voice from <html lang>: keep it in step with the messages shown. */
export function localizeDocument(): void {
  document.documentElement.lang = messagesLanguage();
}
