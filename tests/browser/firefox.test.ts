import { describe } from 'vitest';
import { firefoxDriver } from './driver';
import { cardsSuite } from './cards.suite';
import { extensionSuite } from './extension.suite';

describe('Firefox ESR', () => {
  extensionSuite(() => firefoxDriver());
});

describe('Firefox ESR: marks and cards on web pages', () => {
  cardsSuite(() => firefoxDriver());
});
