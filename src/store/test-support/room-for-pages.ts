/**
 * Preloaded into a CLI under test (`node --import` this file, ROOM_FOR_PAGES=n in its
 * environment): every library it opens has room for only n more pages, as on a disk that is
 * nearly full (see SqliteOpenOptions.roomForPages).
 */
import { SqliteStore } from '../sqlite/sqlite-store.js';

const room = Number(process.env.ROOM_FOR_PAGES);
if (!Number.isInteger(room) || room < 0) throw new Error('room-for-pages: set ROOM_FOR_PAGES to a whole number of pages');
const open = SqliteStore.open.bind(SqliteStore);
SqliteStore.open = (dir, options = {}) => open(dir, { roomForPages: room, ...options });
