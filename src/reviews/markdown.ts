import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * The Markdown readers write reviews in: a safe subset. markdown-it with raw HTML off escapes any
 * markup typed in; images are off (a review must not make readers' browsers fetch from other
 * hosts); links must be http(s) or mailto and get rel="nofollow ugc noopener". sanitize-html then
 * passes the result through an allowlist of the tags this subset produces, so a bug in either
 * layer alone cannot put script on a page.
 */
const md = new MarkdownIt('commonmark', { html: false, linkify: true, typographer: false, breaks: false }).disable(['image', 'html_inline', 'html_block']);
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

const ALLOWED = Object.freeze({
  allowedTags: ['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr', 'h3', 'h4', 'h5', 'h6'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Headings of a review sit below the page's own (h1 film, h2 Reviews, h3 the review's title).
  transformTags: {
    h1: 'h4', h2: 'h4', h3: 'h4',
    a: (tagName: string, attribs: Record<string, string>) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
  disallowedTagsMode: 'escape' as const,
});

/** Markdown to HTML that is safe to put in a page as it is. */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(md.render(text), { ...ALLOWED, allowedAttributes: { a: ['href', 'rel'] } });
}
