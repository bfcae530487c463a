import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/config";
import { buildTestApp, createTestDatabase, signUpUser } from "../testing/test-app";
import { PasswordHasher } from "./password-hasher";

describe("PasswordHasher", () => {
  it("writes self-describing PBKDF2-SHA256 hashes with a 16-byte salt at the configured cost (600 000 by default)", async () => {
    expect(loadConfig({}).auth.passwordIterations).toBe(600_000);
    const hasher = new PasswordHasher(600_000);
    const hash = await hasher.hash("correct horse battery staple");
    const [algorithm, iterations, salt, digest] = hash.split("$");
    expect(algorithm).toBe("pbkdf2_sha256");
    expect(iterations).toBe("600000");
    expect(Buffer.from(salt ?? "", "base64")).toHaveLength(16);
    expect(Buffer.from(digest ?? "", "base64")).toHaveLength(32);
    expect(await hasher.verify("correct horse battery staple", hash)).toEqual({
      isValid: true,
      needsRehash: false,
    });
    expect((await hasher.verify("Correct horse battery staple", hash)).isValid).toBe(false);
  });

  it("salts every hash, and never matches a malformed stored hash", async () => {
    const hasher = new PasswordHasher(1000);
    expect(await hasher.hash("same")).not.toBe(await hasher.hash("same"));
    for (const stored of [
      "",
      "plain",
      "md5$1000$abc$def",
      "pbkdf2_sha256$-5$abc$def",
      "pbkdf2_sha256$1000$$",
    ]) {
      expect((await hasher.verify("same", stored)).isValid, stored).toBe(false);
    }
  });

  it("keeps the event loop free while hashing", async () => {
    const hasher = new PasswordHasher(600_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await hasher.hash("a long computation");
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(2);
  });

  it("asks for a rehash when the stored cost is lower, and sign-in upgrades the stored hash", async () => {
    const low = await new PasswordHasher(1000).hash("secret words here");
    expect(await new PasswordHasher(2000).verify("secret words here", low)).toEqual({
      isValid: true,
      needsRehash: true,
    });

    const database = await createTestDatabase();
    const before = await buildTestApp({ PASSWORD_HASH_ITERATIONS: "1000" }, { database });
    const user = await signUpUser(before.app);
    await before.close();
    const after = await buildTestApp({ PASSWORD_HASH_ITERATIONS: "2000" }, { database });
    const login = await after.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: user.username, password: user.password },
    });
    expect(login.statusCode).toBe(200);
    const stored = await after.app.accounts.users.findById(user.id);
    expect(stored?.passwordHash.split("$")[1]).toBe("2000");
    await after.close();
    await database.close();
  });
});
