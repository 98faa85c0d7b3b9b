/**
 * The few cookies Kinora sets, read and written by hand: RFC 6265 §4.2 makes the `Cookie` header
 * a `; `-separated list of name=value pairs, and only our own names are looked at.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    // RFC 6265: a value may be wrapped in double quotes.
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    // Our values are base64url; anything else was not set by us.
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Absent: a session cookie, gone when the browser closes. */
  readonly maxAge?: number;
  /** Only over HTTPS (set when the archive's public URL is https). */
  readonly secure: boolean;
  /** Not readable by scripts on the page (the session cookie); the CSRF cookie needs no script either. */
  readonly httpOnly: boolean;
}

/** A `Set-Cookie` value: path `/`, `SameSite=Lax` (sent on top-level navigation, never with a cross-site POST). */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax'];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${o.maxAge}`);
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}
