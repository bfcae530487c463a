import { crc32 } from "node:zlib";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../db/schema";
import { buildTestApp, signUpUser, type TestApp, type TestUser } from "../testing/test-app";
import { AVATAR_MAX_BYTES, toAvatarWebp } from "./avatar";

// Avatars go through the real sharp: the test pictures are made by sharp itself.
let testApp: TestApp;
let user: TestUser;
beforeAll(async () => {
  testApp = await buildTestApp();
  user = await signUpUser(testApp.app);
});
afterAll(() => testApp.close());

const picture = (width = 320, height = 200) =>
  sharp({ create: { width, height, channels: 3, background: "#3366cc" } });
const png = () => picture().png().toBuffer();
const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64"/></svg>',
);

/** A multipart/form-data body with one file, serialised by the platform's own Request. */
async function multipart(bytes: Buffer, filename: string, type: string, field = "avatar") {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  const request = new Request("http://localhost/", { method: "PUT", body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

const upload = (body: { payload: Buffer | string; headers: Record<string, string> }, who = user) =>
  testApp.app.inject({
    method: "PUT",
    url: "/api/me/avatar",
    payload: body.payload,
    headers: { ...body.headers, ...who.headers },
  });
const uploadFile = async (bytes: Buffer, filename: string, type: string) =>
  upload(await multipart(bytes, filename, type));
const fetchAvatar = (id = user.id) =>
  testApp.app.inject({ method: "GET", url: `/api/users/${id}/avatar?v=1` });

describe("toAvatarWebp", () => {
  it("turns PNG, JPEG, WebP and GIF into a 256 × 256 WebP, cropping to fill the square", async () => {
    const inputs = await Promise.all([
      picture(600, 200).png().toBuffer(),
      picture(200, 600).jpeg().toBuffer(),
      picture().webp().toBuffer(),
      picture(40, 40).gif().toBuffer(),
    ]);
    for (const input of inputs) {
      const metadata = await sharp(await toAvatarWebp(input)).metadata();
      expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });
    }
  });

  it("drops EXIF and every other metadata of the upload", async () => {
    const jpeg = await picture()
      .jpeg()
      .withExif({ IFD0: { Copyright: "SECRET-OWNER", Make: "SpyCam" } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();

    const avatar = await toAvatarWebp(jpeg);
    const metadata = await sharp(avatar).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(avatar.includes("SECRET-OWNER")).toBe(false);
    expect(avatar.includes("SpyCam")).toBe(false);
  });

  it("judges by content: text, SVG, TIFF and a truncated PNG are refused with 415", async () => {
    const whole = await png();
    const refused = [
      Buffer.from("just some text, saved as avatar.png"),
      svg,
      await picture().tiff().toBuffer(),
      whole.subarray(0, Math.floor(whole.length / 2)),
      Buffer.alloc(0),
    ];
    for (const input of refused) {
      await expect(toAvatarWebp(input)).rejects.toMatchObject({
        code: "profile.avatar_invalid",
        status: 415,
      });
    }
  });

  it("refuses a small file claiming a huge canvas (decompression bomb)", async () => {
    const bomb = await png();
    // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4) … then its CRC.
    bomb.writeUInt32BE(60_000, 16);
    bomb.writeUInt32BE(60_000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    await expect(toAvatarWebp(bomb)).rejects.toMatchObject({
      code: "profile.avatar_invalid",
      message: expect.stringMatching(/pixels/),
    });
  });
});

describe("PUT /api/me/avatar", () => {
  it("stores an uploaded picture and serves it publicly as WebP, cached for good", async () => {
    const response = await uploadFile(await png(), "me.png", "image/png");
    expect(response.statusCode).toBe(200);
    const me = response.json();
    expect(me).toMatchObject({ avatarSource: "upload", hasUploadedAvatar: true });
    expect(me.avatarUrl).toMatch(new RegExp(`^/api/users/${user.id}/avatar\\?v=\\d+$`));

    // No Authorization header: <img> tags cannot send one.
    const served = await testApp.app.inject({ method: "GET", url: me.avatarUrl });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/webp");
    expect(served.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(served.headers["x-content-type-options"]).toBe("nosniff");
    expect(served.headers["content-security-policy"]).toContain("default-src 'self'");
    const metadata = await sharp(served.rawPayload).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 256, height: 256 });

    const audit = await testApp.app.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "profile.updated"), eq(auditLog.targetId, user.id)));
    expect(audit.at(-1)?.details).toMatchObject({ fields: ["avatar"] });
  });

  it("takes an image body too, and a new upload gets a new URL", async () => {
    const before = (
      await testApp.app.inject({ method: "GET", url: "/api/me", headers: user.headers })
    ).json();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const jpeg = await picture().jpeg().toBuffer();
    const response = await upload({ payload: jpeg, headers: { "content-type": "image/jpeg" } });
    expect(response.statusCode).toBe(200);
    expect(response.json().avatarUrl).not.toBe(before.avatarUrl);
  });

  it("refuses what is not a picture, whatever its name says, and keeps the stored one", async () => {
    const stored = (await fetchAvatar()).rawPayload;
    const attempts = [
      await uploadFile(Buffer.from("hello, I am text"), "photo.png", "image/png"),
      await uploadFile(svg, "logo.svg", "image/svg+xml"),
      await uploadFile((await png()).subarray(0, 60), "cut.png", "image/png"),
      await upload({ payload: svg, headers: { "content-type": "image/svg+xml" } }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe("profile.avatar_invalid");
    }
    expect((await fetchAvatar()).rawPayload.equals(stored)).toBe(true);
  });

  it("refuses more than 2 MiB with 413, by form and by body, and keeps the stored one", async () => {
    const stored = (await fetchAvatar()).rawPayload;
    const tooLarge = Buffer.alloc(AVATAR_MAX_BYTES + 1, 1);
    const byForm = await uploadFile(tooLarge, "big.png", "image/png");
    const byBody = await upload({ payload: tooLarge, headers: { "content-type": "image/png" } });
    for (const response of [byForm, byBody]) {
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe("profile.avatar_too_large");
    }
    // Exactly 2 MiB is within the limit: it gets as far as the content check.
    const atLimit = await uploadFile(Buffer.alloc(AVATAR_MAX_BYTES, 1), "big.png", "image/png");
    expect(atLimit.json().error.code).toBe("profile.avatar_invalid");
    expect((await fetchAvatar()).rawPayload.equals(stored)).toBe(true);
  });

  it("asks for the `avatar` field, a picture body, and a signed-in user", async () => {
    const wrongField = await upload(await multipart(await png(), "me.png", "image/png", "file"));
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().error.message).toContain("avatar");

    const broken = await upload({
      payload: '--xyz\r\nContent-Disposition: form-data; name="avatar"; filename="a.png"\r\n',
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe("request.invalid");

    const json = await testApp.app.inject({
      method: "PUT",
      url: "/api/me/avatar",
      payload: { avatar: "data:image/png;base64,AAAA" },
      headers: user.headers,
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe("request.unsupported_media_type");

    const anonymous = await testApp.app.inject({
      method: "PUT",
      url: "/api/me/avatar",
      payload: await png(),
      headers: { "content-type": "image/png" },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe("DELETE /api/me/avatar and GET /api/users/:id/avatar", () => {
  it("goes back to initials and forgets the picture", async () => {
    const response = await testApp.app.inject({
      method: "DELETE",
      url: "/api/me/avatar",
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      avatarSource: "initials",
      avatarUrl: null,
      hasUploadedAvatar: false,
    });
    const served = await fetchAvatar();
    expect(served.statusCode).toBe(404);
    expect(served.json().error.code).toBe("profile.no_avatar");

    const choose = await testApp.app.inject({
      method: "PATCH",
      url: "/api/me",
      payload: { avatarSource: "upload" },
      headers: user.headers,
    });
    expect(choose.statusCode).toBe(409);
    expect(choose.json().error.code).toBe("profile.avatar_not_uploaded");
  });

  it("answers 404 for unknown users and 400 for ids that are not UUIDs", async () => {
    const unknown = await fetchAvatar(crypto.randomUUID());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("profile.no_avatar");
    const malformed = await fetchAvatar("1%20or%201=1");
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("request.invalid");
  });
});
