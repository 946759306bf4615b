// Every test process loads better-sqlite3's addon through perk's loader first, so the databases tests
// open themselves are covered by its Node 24 workaround too (src/db/open.ts, keepNativeObjects).
import { nativeBinding } from '../src/db/open.js';

nativeBinding();
