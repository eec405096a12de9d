/**
 * The project's WXT config, building into .output/bench/ instead of .output/:
 * the bench measures its own build without racing other builds or tests that
 * use .output/chrome-mv3.
 */
import config from '../../wxt.config';

export default { ...config, outDir: '.output/bench' };
