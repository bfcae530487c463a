import type { TRole } from "@codegenie/shared";
import { errors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../errors";

/** The claims of an access token. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  role: TRole;
  /** Session id: the token stops working as soon as this session is revoked. */
  sid: string;
}

const ISSUER = "codegenie";

/** Signs and checks short-lived HS256 access tokens. */
export class AccessTokens {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(key: Buffer, ttlSeconds: number) {
    this.#key = new Uint8Array(key);
    this.#ttlSeconds = ttlSeconds;
  }

  /** Seconds a new token lives. */
  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  /** A signed token for these claims. */
  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.#ttlSeconds}s`)
      .sign(this.#key);
  }

  /** The claims of a valid token; 401 `auth.token_expired` or `auth.token_invalid` otherwise. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        algorithms: ["HS256"],
      });
      const { sub, role, sid } = payload;
      if (
        typeof sub !== "string" ||
        typeof sid !== "string" ||
        (role !== "user" && role !== "admin")
      ) {
        throw new AppError("auth.token_invalid");
      }
      return { sub, role, sid };
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof errors.JWTExpired) throw new AppError("auth.token_expired");
      throw new AppError("auth.token_invalid");
    }
  }
}
