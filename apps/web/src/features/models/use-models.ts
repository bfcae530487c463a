import { ZModelsResponse } from "@codegenie/shared";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "../../lib/api/fetch-json";

/** How often the list is fetched again while a model downloads, in milliseconds. */
const DOWNLOAD_REFRESH_MS = 2000;

/**
 * The models the server offers (`GET /api/models`), available or not. While any model
 * downloads, the list refreshes every 2 s so its progress (and then its readiness) shows.
 */
export function useModels() {
  return useQuery({
    queryKey: ["models"],
    queryFn: ({ signal }) => fetchJson("/api/models", ZModelsResponse, { signal }),
    select: (response) => response.models,
    refetchInterval: (query) =>
      query.state.data?.models.some((model) => model.status === "downloading")
        ? DOWNLOAD_REFRESH_MS
        : false,
  });
}
