import sharp from "sharp";
import { AppError } from "../errors";

/** Largest avatar upload accepted, in bytes: 2 MiB. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

/** Width and height of the stored avatar, in pixels. */
export const AVATAR_SIZE = 256;

/**
 * Largest picture decoded, in pixels (8192 × 8192). A few kilobytes of PNG can claim a huge
 * canvas; this keeps a "decompression bomb" from costing seconds of CPU and much memory.
 */
const MAX_INPUT_PIXELS = 8192 * 8192;

const ACCEPTED_FORMATS = new Set(["png", "jpeg", "webp", "gif"]);

/**
 * The four accepted formats by their first bytes. Checked before sharp sees the upload, so only
 * these four decoders ever parse user bytes — not libvips' SVG, TIFF, HEIF… loaders.
 */
function hasAcceptedSignature(bytes: Buffer): boolean {
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString("latin1");
  return (
    ascii(0, 8) === "\x89PNG\r\n\x1a\n" ||
    (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) ||
    ascii(0, 6) === "GIF87a" ||
    ascii(0, 6) === "GIF89a" ||
    (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP")
  );
}

/**
 * Turns an uploaded picture into the stored avatar: a 256 × 256 WebP, cropped to fill the square,
 * turned upright by its EXIF orientation, and without any metadata (sharp writes none unless
 * asked, so EXIF such as GPS position and camera serial is dropped). The format is judged by the
 * content, never by a file name or content type. Animated pictures keep their first frame.
 * Throws 413 `profile.avatar_too_large` over 2 MiB and 415 `profile.avatar_invalid` for anything
 * that is not a whole PNG, JPEG, WebP or GIF.
 */
export async function toAvatarWebp(upload: Buffer): Promise<Buffer> {
  if (upload.length > AVATAR_MAX_BYTES) throw new AppError("profile.avatar_too_large");
  if (!hasAcceptedSignature(upload)) throw new AppError("profile.avatar_invalid");
  const image = sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS });
  try {
    const { format } = await image.metadata();
    if (!ACCEPTED_FORMATS.has(format)) throw new AppError("profile.avatar_invalid");
    // Decoding fails on a truncated or corrupt file (sharp's default `failOn: "warning"`).
    return await image
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new AppError(
        "profile.avatar_invalid",
        "The picture has too many pixels; use one of at most 8192 × 8192.",
      );
    }
    throw new AppError(
      "profile.avatar_invalid",
      "The picture could not be read: it is damaged or not a PNG, JPEG, WebP or GIF image.",
    );
  }
}
