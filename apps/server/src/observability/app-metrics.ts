import type { GenerationResult, ModelDefinition } from "@codegenie/llm";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Where the gauges read their current values when Prometheus scrapes. */
export interface MetricSources {
  /** Generations accepted and not finished yet (waiting for the model or writing). */
  generationsInFlight(): number;
  /** Requests waiting for a free sequence, per loaded model. */
  queueLengths(): { modelId: string; waiting: number }[];
}

/** One finished HTTP request, labelled by its route pattern (never the raw URL). */
export interface HttpObservation {
  method: string;
  /** The route as registered (`/api/history/:id`), or `unmatched` when no route matched. */
  route: string;
  status: number;
  seconds: number;
}

/** Seconds; SSE streams last as long as the answer, so the buckets reach a minute. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const FIRST_TOKEN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
const MODEL_LOAD_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/**
 * The Prometheus metrics of one app instance, in a registry of its own (tests build many apps in
 * one process, and the global registry refuses a metric name twice): Node's default metrics
 * (event-loop lag, memory, CPU, GC), HTTP requests by route, and the generation figures.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly #httpRequests: Counter<"method" | "route" | "status">;
  readonly #httpDuration: Histogram<"method" | "route" | "status">;
  readonly #generatedTokens: Counter<"model">;
  readonly #timeToFirstToken: Histogram<"model">;
  readonly #modelLoad: Histogram<"model">;
  #sources: MetricSources | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#httpRequests = new Counter({
      name: "codegenie_http_requests_total",
      help: "HTTP requests answered, by method, route pattern and status.",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.#httpDuration = new Histogram({
      name: "codegenie_http_request_duration_seconds",
      help: "Time from receiving an HTTP request to the end of its response (a whole stream for SSE).",
      labelNames: ["method", "route", "status"],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.#generatedTokens = new Counter({
      name: "codegenie_generated_tokens_total",
      help: "Tokens the models generated (answers, including cancelled ones), by model.",
      labelNames: ["model"],
      registers,
    });
    this.#timeToFirstToken = new Histogram({
      name: "codegenie_time_to_first_token_seconds",
      help: "From a generation reaching the engine (queue wait and model load included) to its first text, by model.",
      labelNames: ["model"],
      buckets: FIRST_TOKEN_BUCKETS,
      registers,
    });
    this.#modelLoad = new Histogram({
      name: "codegenie_model_load_seconds",
      help: "Time llama.cpp took to load a local model and create its context, by model.",
      labelNames: ["model"],
      buckets: MODEL_LOAD_BUCKETS,
      registers,
    });
    const metrics = this;
    new Gauge({
      name: "codegenie_generations_in_flight",
      help: "Generations accepted and not finished yet (waiting for the model or writing).",
      registers,
      collect() {
        this.set(metrics.#sources?.generationsInFlight() ?? 0);
      },
    });
    new Gauge({
      name: "codegenie_model_queue_depth",
      help: "Requests waiting for a free sequence of a loaded model, by model.",
      labelNames: ["model"],
      registers,
      collect() {
        // Reset first: a model that was unloaded disappears instead of keeping its last value.
        this.reset();
        const totals = new Map<string, number>();
        for (const { modelId, waiting } of metrics.#sources?.queueLengths() ?? []) {
          totals.set(modelId, (totals.get(modelId) ?? 0) + waiting);
        }
        for (const [model, waiting] of totals) this.set({ model }, waiting);
      },
    });
  }

  /** Tells the gauges where to read their values (the app's engine and generation service). */
  watch(sources: MetricSources): void {
    this.#sources = sources;
  }

  /** Counts one answered HTTP request and its duration. */
  observeHttpRequest({ method, route, status, seconds }: HttpObservation): void {
    const labels = { method, route, status: String(status) };
    this.#httpRequests.inc(labels);
    this.#httpDuration.observe(labels, seconds);
  }

  /** Counts a finished generation's tokens and its time to first token. */
  readonly observeGeneration = (model: ModelDefinition, result: GenerationResult): void => {
    this.#generatedTokens.inc({ model: model.id }, result.completionTokens);
    if (result.timeToFirstTokenMs !== null) {
      this.#timeToFirstToken.observe({ model: model.id }, result.timeToFirstTokenMs / 1000);
    }
  };

  /** Records how long a local model took to load, in ms. */
  readonly observeModelLoad = (modelId: string, loadMs: number): void => {
    this.#modelLoad.observe({ model: modelId }, loadMs / 1000);
  };

  /** Every metric in Prometheus' text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
