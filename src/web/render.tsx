import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { VISITOR, type Viewer, ViewerContext } from './viewer.ts';

/** Renders a page component to a complete HTML document for a viewer; text and attributes are escaped by the renderer. */
export const renderPage = (page: VNode, viewer: Viewer = VISITOR): string =>
  `<!doctype html>${renderToString(<ViewerContext.Provider value={viewer}>{page}</ViewerContext.Provider>)}`;
