import { UsageError } from "./cli-io";

/** Where a password comes from; never a plain argument, which `ps` and shell history would show. */
export interface PasswordSource {
  /** Read it from standard input: a pipe to its end, or typed (hidden) at a terminal. */
  passwordStdin?: boolean;
  /** Read it from this environment variable. */
  passwordEnv?: string;
}

/** Whether any password source was given. */
export function hasPasswordSource(source: PasswordSource): boolean {
  return source.passwordStdin === true || source.passwordEnv !== undefined;
}

/** The password from the chosen source; UsageError when it is missing or empty. */
export async function readPassword(source: PasswordSource): Promise<string> {
  let password: string;
  if (source.passwordEnv !== undefined) {
    password = process.env[source.passwordEnv] ?? "";
    if (!password) throw new UsageError(`the environment variable ${source.passwordEnv} is empty`);
  } else if (source.passwordStdin) {
    password = process.stdin.isTTY ? await promptHidden("Password: ") : await readStdin();
  } else {
    throw new UsageError("give the password with --password-stdin or --password-env <variable>");
  }
  if (!password) throw new UsageError("the password is empty");
  return password;
}

/** All of standard input, less one trailing line break (`echo` and here-strings add one). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** One line typed at the terminal without echoing it; Ctrl-C cancels. */
function promptHidden(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n" || character === "\u0004") {
          finish();
          resolve(typed.join(""));
          return;
        }
        if (character === "\u0003") {
          finish();
          reject(new UsageError("cancelled"));
          return;
        }
        if (character === "\u007f" || character === "\b") typed = typed.slice(0, -1);
        else typed.push(character);
      }
    };
    stdin.on("data", onData);
  });
}
