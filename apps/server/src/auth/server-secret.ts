import { hkdfSync, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";

const SECRET_FILE = "jwt-secret";

/**
 * The server secret that signs tokens: JWT_SECRET_KEY when set; otherwise a random 256-bit secret
 * generated once and kept in DATA_DIR (readable by the owner only), so restarts keep everyone
 * signed in. Several replicas must share JWT_SECRET_KEY instead.
 */
export async function resolveServerSecret(
  configured: string | undefined,
  dataDir: string,
  logger: FastifyBaseLogger,
): Promise<Buffer> {
  if (configured) return Buffer.from(configured, "utf8");
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 64) return Buffer.from(stored, "hex");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${secret.toString("hex")}\n`, { mode: 0o600 });
  logger.warn(
    { file },
    "JWT_SECRET_KEY is not set: generated a random secret and stored it in DATA_DIR. Set JWT_SECRET_KEY when running several replicas.",
  );
  return secret;
}

/** A 32-byte key for one purpose, derived from the server secret with HKDF-SHA256. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "codegenie", purpose, 32));
}
