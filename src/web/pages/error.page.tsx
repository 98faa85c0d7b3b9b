import type { ErrorDetail } from '../../errors.ts';
import { Layout } from '../layout.tsx';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Log in first', 403: 'Not allowed', 404: 'Page not found', 410: 'Taken down', 429: 'Too many attempts', 500: 'Something went wrong', 503: 'Unavailable' };

/** The HTML answer for any error: what happened, the details of bad input, and a way on. */
export function ErrorPage({ status, message, details }: { status: number; message: string; details: readonly ErrorDetail[] }) {
  const title = TITLES[status] ?? 'Error';
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {details.length ? (
        <ul class="errors">
          {details.map((d, i) => (
            <li key={i}><code>{d.path}</code>: {d.message}</li>
          ))}
        </ul>
      ) : null}
      <p><a href="/">Go to the home page</a> or <a href="/films">browse the films</a>.</p>
    </Layout>
  );
}
