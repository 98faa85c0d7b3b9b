import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('review Markdown', () => {
  it('renders the everyday subset', () => {
    expect(renderMarkdown('A *fine* film, **truly**.\n\n- one\n- two')).toBe('<p>A <em>fine</em> film, <strong>truly</strong>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
    expect(renderMarkdown('See [the notes](https://example.org/n).')).toBe('<p>See <a href="https://example.org/n" rel="nofollow ugc noopener">the notes</a>.</p>\n');
    expect(renderMarkdown('# Big\n\ntext')).toContain('<h4>Big</h4>');
  });

  it('never lets markup, scripts, images or dangerous links through', () => {
    const out = [
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,<script>alert(1)</script>)',
      '![i](https://example.org/i.png)', '<a href="javascript:alert(1)">a</a>', '<svg onload=alert(1)>', '[x](vbscript:msgbox(1))', '<iframe src="https://example.org">',
      '<<script>script>alert(1)<</script>/script>', '[x]( javascript:alert(1))', '<div style="background:url(javascript:alert(1))">',
    ].map(renderMarkdown).join('\n');
    expect(out).not.toMatch(/<(script|img|svg|iframe|div)\b/i);
    // Typed markup stays, escaped, as text; no tag carries a bad link or a handler.
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toMatch(/<a [^>]*href="(?!https?:)/i);
    expect(out).not.toMatch(/<[a-z][^>]*\son\w+=/i);
  });
});
