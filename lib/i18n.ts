import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

/** Every key of the English catalogue, which is the reference for all locales. */
export type MessageKey = keyof typeof messages;

/**
 * The browser's own i18n: it follows the browser's UI language and falls back
 * to the manifest's default_locale, so pages, popup and content script agree.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions);
}

/** The UI language the browser picked, as a BCP 47 primary tag ("fr", "en"). */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage().split('-')[0]?.toLowerCase() ?? 'en';
}

/**
 * The language of the messages shown: the catalogue the browser matched, not
 * its UI language (a German browser gets the English catalogue). What `lang`
 * attributes say, so that a screen reader speaks our text with the right voice.
 */
export function messagesLanguage(): string {
  return t('messagesLanguage') || 'en';
}
