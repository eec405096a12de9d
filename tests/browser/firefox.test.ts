import { describe } from 'vitest';
import { firefoxDriver } from './driver';
import { cardsSuite } from './cards.suite';
import { glanceSuite } from './glance.suite';
import { extensionSuite } from './extension.suite';
import { pagesAxeSuite } from './pages-axe.suite';
import { popupSuite } from './popup.suite';
import { realPagesSuite } from './real-pages.suite';

describe('Firefox ESR', () => {
  extensionSuite(() => firefoxDriver());
});

describe('Firefox ESR: marks and cards on web pages', () => {
  cardsSuite(() => firefoxDriver());
});

describe('Firefox ESR: every card of the default pack at a glance', async () => {
  await glanceSuite(() => firefoxDriver());
});

describe('Firefox ESR: the toolbar popup', () => {
  popupSuite(() => firefoxDriver());
});

// Debian's Firefox ESR carries English only; the harness sets no colour scheme for it.
describe('Firefox ESR: the popup and options page under axe', () => {
  pagesAxeSuite(() => firefoxDriver());
});

describe('Firefox: real news pages', () => {
  realPagesSuite(() => firefoxDriver());
});
