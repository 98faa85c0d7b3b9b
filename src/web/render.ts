import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document; text and attributes are escaped by the renderer. */
export const renderPage = (page: VNode): string => `<!doctype html>${renderToString(page)}`;
