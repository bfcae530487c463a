/** How long an endpoint that failed is left out before it is tried again, in ms. */
export const DEFAULT_ENDPOINT_COOLDOWN_MS = 30_000;

interface EndpointState {
  inFlight: number;
  /** `performance.now()` until which the endpoint is left out; 0 when it is in. */
  outUntil: number;
}

/**
 * Chooses which base URL of a remote model serves the next request: the one with the fewest
 * requests in flight, ties broken round-robin; endpoints that failed recently are left out.
 * State is kept per base URL, so models that share a server share its counts.
 */
export class EndpointBalancer {
  readonly #cooldownMs: number;
  readonly #endpoints = new Map<string, EndpointState>();
  /** Next round-robin start, per list of base URLs. */
  readonly #turns = new Map<string, number>();

  /** `cooldownMs`: how long a failed endpoint is left out, default 30 000. */
  constructor(cooldownMs = DEFAULT_ENDPOINT_COOLDOWN_MS) {
    this.#cooldownMs = cooldownMs;
  }

  /**
   * The endpoint for the next attempt among `baseUrls` not in `tried`, or undefined when every
   * one was tried. Endpoints that are left out are chosen only when no other remains: a request
   * is never refused without trying, and a server that came back is used at once.
   */
  choose(baseUrls: readonly string[], tried: ReadonlySet<string>): string | undefined {
    const now = performance.now();
    const untried = baseUrls.filter((baseUrl) => !tried.has(baseUrl));
    const healthy = untried.filter((baseUrl) => this.#state(baseUrl).outUntil <= now);
    const candidates = healthy.length > 0 ? healthy : untried;
    if (candidates.length === 0) return undefined;

    const key = baseUrls.join("\n");
    const turn = this.#turns.get(key) ?? 0;
    let chosen: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    // Walk the list from this turn's start so equal counts take turns.
    for (let offset = 0; offset < baseUrls.length; offset++) {
      const baseUrl = baseUrls[(turn + offset) % baseUrls.length] as string;
      if (!candidates.includes(baseUrl)) continue;
      const { inFlight } = this.#state(baseUrl);
      if (inFlight < fewest) {
        chosen = baseUrl;
        fewest = inFlight;
      }
    }
    if (chosen !== undefined)
      this.#turns.set(key, (baseUrls.indexOf(chosen) + 1) % baseUrls.length);
    return chosen;
  }

  /** Counts a request in flight on `baseUrl`; call the returned function once it ends. */
  begin(baseUrl: string): () => void {
    const state = this.#state(baseUrl);
    state.inFlight += 1;
    let isEnded = false;
    return () => {
      if (isEnded) return;
      isEnded = true;
      state.inFlight -= 1;
    };
  }

  /** Leaves `baseUrl` out for the cool-down time. */
  markFailed(baseUrl: string): void {
    this.#state(baseUrl).outUntil = performance.now() + this.#cooldownMs;
  }

  /** Puts `baseUrl` back in: it answered. */
  markHealthy(baseUrl: string): void {
    this.#state(baseUrl).outUntil = 0;
  }

  /** Requests in flight on `baseUrl` now. */
  inFlight(baseUrl: string): number {
    return this.#endpoints.get(baseUrl)?.inFlight ?? 0;
  }

  /** Whether `baseUrl` is left out now. */
  isLeftOut(baseUrl: string): boolean {
    return (this.#endpoints.get(baseUrl)?.outUntil ?? 0) > performance.now();
  }

  #state(baseUrl: string): EndpointState {
    let state = this.#endpoints.get(baseUrl);
    if (!state) {
      state = { inFlight: 0, outUntil: 0 };
      this.#endpoints.set(baseUrl, state);
    }
    return state;
  }
}
