/**
 * Reads a password for the CLI: at a terminal, typed without echo (twice, to catch typos); from
 * a pipe, the first line of standard input, so scripts can create accounts
 * (`printf '%s\n' "$PW" | kinora user add ada --role admin`).
 */
export async function readSecret(prompt: string, stdin: NodeJS.ReadStream = process.stdin, out: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.includes('\n') || text.length > 4096) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const once = (label: string) =>
    new Promise<string>((resolve, reject) => {
      out.write(label);
      let typed = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const onData = (s: string) => {
        for (const c of s) {
          if (c === '\r' || c === '\n') return finish(() => resolve(typed));
          if (c === '\u0003') return finish(() => reject(new Error('interrupted')));
          if (c === '\u007f' || c === '\b') typed = [...typed].slice(0, -1).join('');
          else typed += c;
        }
      };
      const finish = (then: () => void) => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        out.write('\n');
        then();
      };
      stdin.on('data', onData);
    });
  const first = await once(prompt);
  const again = await once('Again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}
