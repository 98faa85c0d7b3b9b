import { type RecentChange, escapeHtml as xml, titlePath } from '../wiki/index.ts';

/** The wiki's recent changes as an Atom feed (RFC 4287): one entry per revision, linking to its diff. */
export function atomFeed(changes: readonly RecentChange[], publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  const self = `${base}/wiki/Special:RecentChanges?feed=atom`;
  const updated = changes[0]?.createdAt ?? new Date(0).toISOString();
  const entries = changes.map((c) => {
    const page = `${base}${titlePath(c.pageTitle)}`;
    const link = c.parentId === null ? page : `${page}?action=diff&from=${c.parentId}&to=${c.id}`;
    const summary = `${c.summary || (c.parentId === null ? 'New page' : 'No summary')} (${c.sizeDelta >= 0 ? '+' : ''}${c.sizeDelta} bytes)`;
    return `  <entry>
    <id>${xml(`${base}/wiki/revisions/${c.id}`)}</id>
    <title>${xml(c.pageTitle)}</title>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <updated>${xml(c.createdAt)}</updated>
    <author><name>${xml(c.authorName)}</name></author>
    <summary>${xml(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(self)}</id>
  <title>Kinora wiki: recent changes</title>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/wiki/Special:RecentChanges`)}"/>
  <updated>${xml(updated)}</updated>
${entries.join('\n')}
</feed>
`;
}
