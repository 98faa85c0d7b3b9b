import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../accounts/index.ts';
import { STYLE_URL } from './assets.ts';
import { ViewerContext } from './viewer.ts';

export type Section = 'home' | 'films' | 'people' | 'collections' | 'wiki' | 'search' | 'account' | 'admin';

interface LayoutProps {
  readonly title: string;
  readonly section?: Section;
  readonly description?: string;
  readonly query?: string;
  /** Structured data (schema.org) for the page head, as JSON-LD. */
  readonly jsonLd?: Readonly<Record<string, unknown>>;
  readonly children: ComponentChildren;
}

const NAV: readonly { section: Section; href: string; label: string }[] = [
  { section: 'films', href: '/films', label: 'Films' },
  { section: 'people', href: '/people', label: 'People' },
  { section: 'collections', href: '/collections', label: 'Collections' },
  { section: 'wiki', href: '/wiki', label: 'Wiki' },
];

/** The frame of every page: skip link, site header with navigation and search, main, footer. */
/** JSON inside a script element: `<` escaped, so no text in it can close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function Layout({ title, section, description, query, jsonLd, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === 'Kinora' ? title : `${title} – Kinora`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={STYLE_URL} />
        {/* A data block, never run: the Content-Security-Policy forbids inline script anyway. */}
        {jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(jsonLd) }} /> : null}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="/" aria-current={section === 'home' ? 'page' : undefined}>Kinora</a>
          <nav aria-label="Main">
            <ul>
              {NAV.map((n) => (
                <li key={n.section}>
                  <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>{n.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <AccountNav section={section} />
          <form class="search" role="search" action="/search" method="get">
            <label for="site-search" class="visually-hidden">Search the archive</label>
            <input id="site-search" type="search" name="q" value={query ?? ''} placeholder="Search the archive" maxLength={256} />
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>Kinora — an archive of documentary films. <a href="/api/v1/openapi.json">JSON API</a></p>
        </footer>
      </body>
    </html>
  );
}

/** Log in and Register for visitors; the account, its tools and Log out for the signed-in. */
function AccountNav({ section }: { section: Section | undefined }) {
  const { account, csrf } = useContext(ViewerContext);
  if (!account) {
    return (
      <nav class="account" aria-label="Account">
        <ul>
          <li><a href="/login">Log in</a></li>
          <li><a href="/register">Register</a></li>
        </ul>
      </nav>
    );
  }
  const actor = userActor(account);
  return (
    <nav class="account" aria-label="Account">
      <ul>
        <li><a href="/account" aria-current={section === 'account' ? 'page' : undefined}>{account.username}</a></li>
        {hasRole(actor, 'moderator') ? <li><a href="/moderation/flags">Flags</a></li> : null}
        {hasRole(actor, 'moderator') ? <li><a href="/moderation/audit">Audit log</a></li> : null}
        {hasRole(actor, 'admin') ? <li><a href="/admin/users" aria-current={section === 'admin' ? 'page' : undefined}>Users</a></li> : null}
        <li>
          <form method="post" action="/logout" class="inline">
            <input type="hidden" name="_csrf" value={csrf ?? ''} />
            <button type="submit" class="link">Log out</button>
          </form>
        </li>
      </ul>
    </nav>
  );
}
