import { describe } from 'vitest';
import { firefoxDriver } from './driver';
import { cardsSuite } from './cards.suite';
import { glanceSuite } from './glance.suite';
import { extensionSuite } from './extension.suite';
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

describe('Firefox: real news pages', () => {
  realPagesSuite(() => firefoxDriver());
});
