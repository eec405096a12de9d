import { beginNamesRead } from '@/lib/store/early-names';

/**
 * Loaded by the popup's page before its own script (entrypoints/popup/index.html):
 * begins the read of what the first query needs (lib/store/early-names.ts).
 */
export default defineUnlistedScript(() => beginNamesRead());
