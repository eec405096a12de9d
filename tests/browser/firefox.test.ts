import { describe } from 'vitest';
import { firefoxDriver } from './driver';
import { extensionSuite } from './extension.suite';

describe('Firefox ESR', () => {
  extensionSuite(() => firefoxDriver());
});
