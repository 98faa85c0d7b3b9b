import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The stylesheet, read once; its URL carries a content hash so browsers may cache it forever. */
export const STYLE_CSS = readFileSync(new URL('./assets/style.css', import.meta.url));
export const STYLE_HASH = createHash('sha256').update(STYLE_CSS).digest('hex').slice(0, 12);
export const STYLE_URL = `/assets/style.${STYLE_HASH}.css`;
