import type { TestAccount } from "./accounts";
import type { TestServer } from "./start-server";

/** The real API as one signed-in user, through `app.inject` (no browser, no cookies shared). */
export interface ApiClient {
  /** Sends a JSON request with the user's Bearer token; resolves to status and parsed body. */
  request(
    method: "GET" | "POST" | "DELETE",
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
}

/** Signs `account` in through `POST /api/auth/login` and returns a client with its token. */
export async function signInThroughApi(
  server: TestServer,
  account: TestAccount,
): Promise<ApiClient> {
  const login = await server.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username: account.username, password: account.password },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const { accessToken } = login.json<{ accessToken: string }>();
  return {
    async request(method, url, body) {
      const response = await server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${accessToken}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, body: response.body ? response.json() : undefined };
    },
  };
}
